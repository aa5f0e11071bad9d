// An evaluation-fed scenario recovers the synthetic city's violence-reduction pilot
// (datasets/synthetic/area_pilot.hpp: W01, W03, W05 from 2019-04, true rate multiplier 0.85 on
// violence with injury, a step).
//  1. The evaluation: difference-in-differences (models/causal) on the recorded data gives the
//     rate ratio and the SE of its log.
//  2. The scenario: the city's violence-with-injury total up to 2019-03 (before the pilot) is
//     forecast by auto ARIMA, shared out to the 20 wards, and the pilot is applied to the three
//     wards from 2019-04 with the evaluated effect, for 24 months.
//  3. The truth: the generator's expected counterfactual counts of the pilot wards (ward level,
//     trends of the public and domestic components, seasonality and the city-wide latent noise,
//     all from the truth table) times 1 - 0.85.
// The scenario's 95% interval of offences averted must contain the truth, in each year.
// The second test does the same through `harmcast run`: the area stage's DiD feeds the scenario
// by name (effect: {from_evaluation: ...}), the scenario runs from the origin 2019-03, and the
// value stage values it.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "datasets/synthetic/synthetic_city.hpp"
#include "datasets/synthetic/truth.hpp"
#include "engine/io/csv_reader.hpp"
#include "engine/time/panel.hpp"
#include "models/causal/difference_in_differences.hpp"
#include "models/scenario/simulation.hpp"
#include "models/timeseries/auto_arima.hpp"
#include "tests/support/command.hpp"
#include "tests/support/paths.hpp"

namespace harmcast::scenario {
namespace {

const std::vector<std::string> kPilot = {"W01", "W03", "W05"};
const std::string kType = "violence_with_injury";

// E[count] of the generator for a ward and month without the pilot (crime_panel.hpp).
double counterfactual_mean(const Table& truth, const std::string& ward, Period month,
                           Period first) {
  using synthetic::truth_value;
  const std::string c = "crime." + kType;
  static const char* kMonths[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                  "jul", "aug", "sep", "oct", "nov", "dec"};
  const double level = truth_value(truth, c + ".ward_level", ward);
  const double d = truth_value(truth, c, "domestic_share_first_month");
  const double years = static_cast<double>(month - first) / 12.0;
  const double common =
      truth_value(truth, c, std::string("season_") + kMonths[month.position_in_year() - 1]) +
      truth_value(truth, c + ".latent", month.to_string());
  return level *
         ((1 - d) * std::exp(truth_value(truth, c, "trend_public_per_year") * years + common) +
          d * std::exp(truth_value(truth, c, "trend_domestic_per_year") * years + common));
}

TEST(ScenarioPilot, EvaluationFedScenarioRecoversTheTrueOffencesAverted) {
  SyntheticCityOptions city_options;
  city_options.cohort_size = 2000;
  const SyntheticCity city = generate_synthetic_city(city_options);
  PanelOptions panel_options;
  panel_options.common_span = true;
  const Panel crime =
      Panel::from_table(city.crime, {"ward", "crime_type"}, "month", "count", panel_options);
  const Panel violence = crime.select([](const PanelSeries& s) { return s.key[1] == kType; });
  const Period start = Period::month(2019, 4);

  // 1. The evaluation.
  const causal::DidResult did = causal::fit_difference_in_differences(
      {causal::unit_panel_from(violence, "ward"), kPilot, start}, causal::DidOptions{});
  ASSERT_NE(did.status, FitStatus::kFailed) << did.message;
  std::printf("DiD rate ratio %.4f (SE of log %.4f)\n", did.effect.estimate, did.effect.std_error);

  // 2. The baseline up to 2019-03 and the scenario.
  const std::size_t pre = static_cast<std::size_t>(start - violence.first_period());
  timeseries::Series total;
  total.period = 12;
  total.values.assign(pre, 0.0);
  BaselineGroup group;
  group.name = kType;
  for (const auto& s : violence.all_series()) {
    double recent = 0;
    for (std::size_t t = 0; t < pre; ++t) total.values[t] += s.values[t];
    for (std::size_t t = pre - 36; t < pre; ++t) recent += s.values[t];
    group.members.push_back({s.id, kType, s.key[0], ""});
    group.share_weights.push_back(recent);
  }
  group.uncertain_shares = true;
  std::shared_ptr<const timeseries::ForecastModel> model = timeseries::auto_arima(total);
  group.rates = std::make_shared<ForecastRatePaths>(model, true);

  Intervention pilot;
  pilot.target.wards = kPilot;
  pilot.start = start;
  pilot.effect.kind = EffectKind::RateRatio;
  pilot.effect.rate_ratio = did.effect.estimate;
  pilot.effect.se_log = did.effect.std_error;
  SimulationOptions options;
  options.paths = 4000;
  options.first = start;
  options.horizon = 24;
  options.seed = 11;
  const ScenarioResult r = simulate_scenarios({group}, {{"pilot", {pilot}}}, {}, options);
  ASSERT_EQ(r.averted.size(), 2u);

  // 3. The truth, per year.
  for (int year = 0; year < 2; ++year) {
    double truth = 0;
    for (const auto& ward : kPilot)
      for (int m = 0; m < 12; ++m)
        truth += (1 - 0.85) * counterfactual_mean(city.truth, ward, start + (12 * year + m),
                                                  Period::month(2013, 4));
    const Summary& a = r.averted[year].averted;
    std::printf("year %d (%s): true averted %.1f; scenario %.1f [%.1f, %.1f]\n", year + 1,
                model->description().c_str(), truth, a.mean, a.q025, a.q975);
    EXPECT_LE(a.q025, truth);
    EXPECT_GE(a.q975, truth);
    // The interval is informative: narrower than the estimate itself.
    EXPECT_LT(a.q975 - a.q025, a.mean);
  }
}

// The pilot wards' true offences averted in scenario year 1 and 2 (months from 2019-04).
double true_averted(const Table& truth, int year) {
  double total = 0;
  for (const auto& ward : kPilot)
    for (int m = 0; m < 12; ++m)
      total +=
          (1 - 0.85) * counterfactual_mean(truth, ward, Period::month(2019, 4) + (12 * year + m),
                                           Period::month(2013, 4));
  return total;
}

TEST(ScenarioPilot, ScenarioFedFromTheDidEvaluationByNameRecoversTheTruthAndIsValued) {
  const std::filesystem::path dir = harmcast::testing::fresh_temp_dir("scenario_pilot_did");
  std::ofstream(dir / "pilot.yaml") << R"(name: pilot_from_did
seed: 11
data:
  source: synthetic
  synthetic: {seed: 20240601}
forecast: {enabled: false}
report: {enabled: false}
area_evaluations:
  - name: Violence-reduction pilot
    treated: [W01, W03, W05]
    start: 2019-04
    crime_types: [violence_with_injury]
    designs: [did]
scenarios:
  origin: 2019-03          # simulated as if the data ended before the pilot
  horizon: 24
  paths: 4000
  baseline: {model: arima, group_by: [crime_type], share_months: 36}
  plans:
    - name: The pilot
      interventions:
        - target: {crime_types: [violence_with_injury], wards: [W01, W03, W05]}
          start: 2019-04
          effect: {from_evaluation: Violence-reduction pilot}
          costs: {price_year: 2019, annual: 150000}
value:
  price_year: 2019/20
  monte_carlo: {draws: 2000}
)";
  const auto run = harmcast::testing::run_harmcast("run --quiet " + (dir / "pilot.yaml").string() +
                                                   " --out " + (dir / "out").string());
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto tables = dir / "out" / "tables";

  // Provenance: the DiD estimate fed the scenario, as the area stage reported it.
  const Table area = read_csv(tables / "area_effects.csv");
  const Table sources = read_csv(tables / "scenarios_effect_sources.csv");
  ASSERT_EQ(area.rows(), 1u);
  ASSERT_EQ(sources.rows(), 1u);
  EXPECT_EQ(sources.column("evaluation").text(0), "Violence-reduction pilot");
  EXPECT_EQ(sources.column("result").text(0), "did");
  EXPECT_EQ(sources.column("estimate").numeric(0), area.column("rate_ratio").numeric(0));
  EXPECT_EQ(sources.column("std_error").numeric(0), area.column("std_error_log").numeric(0));
  EXPECT_GT(sources.column("std_error").numeric(0), 0.0);

  // The truth inside each year's 95% interval, which is informative.
  SyntheticCityOptions city_options;
  city_options.cohort_size = 2000;  // the cohort does not touch the crime panel or its truth
  const SyntheticCity city = generate_synthetic_city(city_options);
  const Table averted = read_csv(tables / "scenarios_averted.csv");
  ASSERT_EQ(averted.rows(), 2u);
  for (std::size_t year = 0; year < 2; ++year) {
    const double truth = true_averted(city.truth, static_cast<int>(year));
    const double lo = averted.column("lo_95").numeric(year);
    const double hi = averted.column("hi_95").numeric(year);
    const double mean = averted.column("mean").numeric(year);
    std::printf("config run, year %zu: true averted %.1f; scenario %.1f [%.1f, %.1f]\n", year + 1,
                truth, mean, lo, hi);
    EXPECT_LE(lo, truth);
    EXPECT_GE(hi, truth);
    EXPECT_LT(hi - lo, mean);
  }

  // The value stage values the evaluation-fed scenario.
  const Table appraisal = read_csv(tables / "value_appraisal.csv");
  bool valued = false;
  for (std::size_t r = 0; r < appraisal.rows(); ++r)
    if (appraisal.column("option").text(r) == "The pilot") {
      valued = true;
      EXPECT_GT(appraisal.column("pv_benefits").numeric(r), 0.0);
    }
  EXPECT_TRUE(valued) << "the scenario is not in value_appraisal.csv";

  // `harmcast scenario` runs the area design the scenario reads before it, and gets the same.
  const auto only =
      harmcast::testing::run_harmcast("scenario --quiet --config " + (dir / "pilot.yaml").string() +
                                      " --out " + (dir / "only").string());
  ASSERT_EQ(only.exit_code, 0) << only.err;
  const Table same = read_csv(dir / "only" / "tables" / "scenarios_averted.csv");
  ASSERT_EQ(same.rows(), 2u);
  EXPECT_EQ(same.column("mean").numeric(0), averted.column("mean").numeric(0));
  EXPECT_FALSE(std::filesystem::exists(dir / "only" / "tables" / "value_appraisal.csv"));
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace harmcast::scenario
