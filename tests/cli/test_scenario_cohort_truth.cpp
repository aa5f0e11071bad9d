// An evaluation-fed reoffending scenario recovers the synthetic city's true offences averted: the
// cohort analogue of test_scenario_pilot.cpp.
//  1. The evaluation: `harmcast run` matches the substance-misuse treatment's participants to
//     people in no service (evaluations:) and measures its effect on n_reoffences: the
//     difference in means d with its SE, relative to the matched comparison mean c.
//  2. The scenario: the treatment offered to 2,000 more people a year drawn from the untreated
//     (cohort segment service == none), effect {from_evaluation: ..., outcome: n_reoffences},
//     i.e. reoffences x (1 + N(d/c, (SE/c)^2)), for 24 months from 2021-04.
//  3. The truth (offender_cohort.hpp, services.hpp): n_reoffences ~ NegBin with mean
//     exp(eta_i + m_s), eta_i = -0.6 + x_i'b, and the service shifts the log mean by m_s =
//     log(0.75) for everyone alike (no interaction with x), so the effect on the treated that the
//     matching measures is also the effect on anyone the service is extended to: each person's
//     expected reoffences fall by 1 - exp(m_s). The segment's expected reoffences per person of
//     offence type k (the cohort baseline attributes a person's reoffences to their index
//     offence type) is mu_k = (1/n) sum over the n segment people of type k of exp(eta_i), with
//     b read from the truth table (cohort.negbin, R term names). A flow of N people a year like
//     them commits N * mu_k reoffences of type k a year, so the true offences averted in each
//     year are
//         A_k = (1 - exp(m_s)) * N * mu_k.
//     (mu_k is the mean given who the segment's people are; its sampling error as a mean of the
//     whole population is a small fraction of the intervals.)
// Each type's and year's 95% interval must contain A_k and be informative; the same scenario
// with a wrong effect (none, or three times the evaluated one) must miss it.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>

#include "datasets/synthetic/synthetic_city.hpp"
#include "datasets/synthetic/truth.hpp"
#include "engine/io/csv_reader.hpp"
#include "models/scenario/cohort_baseline.hpp"
#include "models/scenario/simulation.hpp"
#include "tests/support/command.hpp"
#include "tests/support/paths.hpp"

namespace harmcast::scenario {
namespace {

constexpr double kPeoplePerYear = 2000;
constexpr double kScale = 3;  // 60,000 people: about 2,500 treated, an informative evaluation
const std::string kService = "substance_misuse_treatment";

const char* kConfig = R"(name: cohort_truth
seed: 11
data:
  source: synthetic
  synthetic: {seed: 20240601, scale: 3}
forecast: {enabled: false}
report: {enabled: false}
evaluations:
  - name: Substance-misuse treatment
    service: substance_misuse_treatment
    covariates: [age, sex, prior_offences, prior_custody, ogrs, offence_type, sentence_type,
                 employed, accommodation, substance_misuse, mental_health, dv_flag,
                 deprivation_decile]
    outcomes: [n_reoffences]
scenarios:
  horizon: 24
  paths: 4000
  cohorts:
    - {name: untreated, column: service, values: [none], people_per_year: 2000}
  plans:
    - name: Treatment for 2000 more a year
      interventions:
        - target: {cohort: untreated}
          start: 2021-04
          effect: {from_evaluation: Substance-misuse treatment, outcome: n_reoffences}
)";

// x_i'b + intercept of the true negative binomial model, from the truth table's R term names:
// a numeric column by its name ("age"), a factor level as column name + level ("sexM").
std::vector<double> true_linear_predictor(const Table& cohort, const Table& truth) {
  std::vector<double> eta(cohort.rows(), 0.0);
  for (std::size_t t = 0; t < truth.rows(); ++t) {
    if (truth.column("component").text(t) != "cohort.negbin") continue;
    const std::string term = truth.column("parameter").text(t);
    const double b = truth.column("value").numeric(t);
    if (term.rfind("service", 0) == 0) continue;  // the segment is untreated
    if (term == "(Intercept)") {
      for (double& e : eta) e += b;
      continue;
    }
    bool found = false;
    for (std::size_t c = 0; c < cohort.cols() && !found; ++c) {
      const Column& column = cohort.column(c);
      if (column.name() == term) {
        for (std::size_t i = 0; i < eta.size(); ++i) eta[i] += b * column.numeric(i);
        found = true;
      } else if (column.type() == ColumnType::Categorical && term.rfind(column.name(), 0) == 0) {
        const std::string level = term.substr(column.name().size());
        for (std::size_t i = 0; i < eta.size(); ++i) eta[i] += column.text(i) == level ? b : 0.0;
        found = true;
      }
    }
    if (!found) ADD_FAILURE() << "no cohort column for truth term " << term;
  }
  return eta;
}

// A_k per offence type: the true offences averted in one year.
std::map<std::string, double> true_averted_per_year(const SyntheticCity& city) {
  const std::vector<double> eta = true_linear_predictor(city.cohort, city.truth);
  const double m = synthetic::truth_value(city.truth, "service." + kService, "effect_log_mean");
  std::map<std::string, double> mu;
  double n = 0;
  for (std::size_t i = 0; i < city.cohort.rows(); ++i) {
    if (city.cohort.column("service").text(i) != "none") continue;
    n += 1;
    mu[city.cohort.column("offence_type").text(i)] += std::exp(eta[i]);
  }
  for (auto& [type, total] : mu) total = (1 - std::exp(m)) * kPeoplePerYear * total / n;
  return mu;
}

// The run's scenario again through the library with another effect on the same segment.
ScenarioResult simulate_with_effect(const SyntheticCity& city, const EffectDistribution& effect) {
  CohortSegment segment;
  segment.name = "untreated";
  segment.column = "service";
  segment.values = {"none"};
  segment.people_per_year = kPeoplePerYear;
  Intervention iv;
  iv.target.cohort = "untreated";
  iv.start = Period::month(2021, 4);
  iv.effect = effect;
  SimulationOptions options;
  options.paths = 4000;
  options.seed = 11;
  options.first = iv.start;
  options.horizon = 24;
  return simulate_scenarios({cohort_baseline(city.cohort, segment)}, {{"wrong", {iv}}}, {},
                            options);
}

TEST(ScenarioCohortTruth, EvaluationFedCohortScenarioCoversTheTrueOffencesAverted) {
  const std::filesystem::path dir = harmcast::testing::fresh_temp_dir("scenario_cohort_truth");
  std::ofstream(dir / "cohort.yaml") << kConfig;
  const auto run = harmcast::testing::run_harmcast("run --quiet " + (dir / "cohort.yaml").string() +
                                                   " --out " + (dir / "out").string());
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto tables = dir / "out" / "tables";

  // The evaluation fed the scenario: relative change d / c with SE / c.
  const Table effects = read_csv(tables / "evaluation_effects.csv");
  const Table sources = read_csv(tables / "scenarios_effect_sources.csv");
  ASSERT_EQ(effects.rows(), 1u);
  ASSERT_EQ(sources.rows(), 1u);
  EXPECT_EQ(sources.column("result").text(0), "n_reoffences");
  const double c = effects.column("mean_comparison").numeric(0);
  const double change = effects.column("estimate").numeric(0) / c;
  const double sd = effects.column("std_error").numeric(0) / c;
  std::printf("evaluated relative change %.4f (SE %.4f); truth %.4f\n", change, sd, 0.75 - 1);

  SyntheticCityOptions city_options;
  city_options.scale = kScale;
  const SyntheticCity city = generate_synthetic_city(city_options);
  const std::map<std::string, double> truth = true_averted_per_year(city);

  const Table averted = read_csv(tables / "scenarios_averted.csv");
  ASSERT_EQ(averted.rows(), 2 * truth.size());  // 6 offence types x 2 years
  std::map<std::pair<std::string, int>, std::size_t> row_of;
  for (std::size_t r = 0; r < averted.rows(); ++r) {
    const std::string type = averted.column("crime_type").text(r);
    const int year = static_cast<int>(averted.column("year").numeric(r));
    row_of[{type, year}] = r;
    ASSERT_TRUE(truth.count(type)) << type;
    const double lo = averted.column("lo_95").numeric(r);
    const double hi = averted.column("hi_95").numeric(r);
    const double mean = averted.column("mean").numeric(r);
    std::printf("%-16s year %d: true averted %6.1f; scenario %6.1f [%5.1f, %5.1f]\n", type.c_str(),
                year, truth.at(type), mean, lo, hi);
    EXPECT_LE(lo, truth.at(type)) << type << " year " << year;
    EXPECT_GE(hi, truth.at(type)) << type << " year " << year;
    EXPECT_LT(hi - lo, mean) << "uninformative interval: " << type << " year " << year;
  }

  // The check has power: the library reproduces the run's scenario with the evaluated effect,
  // and with no effect or three times the evaluated one its intervals miss the truth.
  EffectDistribution evaluated{EffectKind::Normal, change, sd};
  const ScenarioResult same = simulate_with_effect(city, evaluated);
  ASSERT_EQ(same.averted.size(), averted.rows());
  for (const auto& a : same.averted)
    EXPECT_DOUBLE_EQ(a.averted.mean,
                     averted.column("mean").numeric(row_of.at({a.crime_type, a.year})));
  for (const double factor : {0.0, 3.0}) {
    const ScenarioResult wrong =
        simulate_with_effect(city, {EffectKind::Normal, factor * change, sd});
    for (const auto& a : wrong.averted) {
      const double t = truth.at(a.crime_type);
      EXPECT_TRUE(a.averted.q975 < t || a.averted.q025 > t)
          << "effect x" << factor << " still covers the truth for " << a.crime_type << " year "
          << a.year << ": [" << a.averted.q025 << ", " << a.averted.q975 << "] vs " << t;
    }
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace harmcast::scenario
