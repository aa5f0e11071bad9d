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
#include <gtest/gtest.h>

#include <cmath>

#include "datasets/synthetic/synthetic_city.hpp"
#include "datasets/synthetic/truth.hpp"
#include "engine/time/panel.hpp"
#include "models/causal/difference_in_differences.hpp"
#include "models/scenario/simulation.hpp"
#include "models/timeseries/auto_arima.hpp"

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

}  // namespace
}  // namespace harmcast::scenario
