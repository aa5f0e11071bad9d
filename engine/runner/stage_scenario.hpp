#pragma once
// Stage "scenarios": what-if futures under interventions (models/scenario), compared with the
// baseline on common random numbers.
//
// Config (the `scenarios` mapping, validated here before anything runs; data-dependent checks
// after the data are loaded, both with key paths and lines):
//   scenarios:
//     horizon: 36            # months simulated after the last recorded month
//     paths: 2000            # sample paths
//     noise: poisson         # counts given the rate: poisson | none
//     baseline:
//       model: auto          # forecast model of each modelled total
//       group_by: [crime_type]  # totals modelled and shared out to their wards by recent
//                            # shares; [ward, crime_type] = one model per series
//       share_months: 36     # months of recorded counts behind the ward shares
//     cohorts:               # segments of the offender cohort, for reoffending scenarios
//       - {name: gang, column: service, values: [gang_exit], people_per_year: 60}
//     targets:
//       - name: Violence with injury below its 2019/20 level in 2023/24
//         crime_types: [violence_with_injury]   # wards: [...]; cohort: NAME
//         from: 2023-04
//         to: 2024-03
//         below: 2500                           # a number, or a recorded window:
//         below_recorded: {from: 2019-04, to: 2020-03, factor: 1.0}
//     plans:                 # each plan is one scenario: a set of interventions
//       - name: Gang-exit work in two more wards
//         interventions:
//           - target: {crime_types: [violence_with_injury], wards: [W02, W04]}  # or {cohort: gang}
//             start: 2021-04
//             ramp_months: 6
//             effect: {distribution: rate_ratio, rate_ratio: 0.85, se_log: 0.06}
//             coverage: 0.6
//             half_life_months: 24
//             costs: {price_year: 2024, one_off: 20000, annual: 90000}
//
// Tables (the value-for-money stage reads the first two; keep their names and columns):
//   /scenarios/averted  scenario, crime_type, year, mean, sd, lo_95, hi_95, lo_80, hi_80,
//                       median, months, baseline_mean   (events averted over the targeted series)
//   /scenarios/costs    scenario, year, cost, price_year (undiscounted, in price_year prices)
//   /scenarios/paths    scenario, crime_type, period, baseline_* and scenario_* (mean, lo_95,
//                       lo_80, median, hi_80, hi_95) per month over the targeted series
//   /scenarios/history  scenario, crime_type, period, value: recorded months before the horizon
//   /scenarios/targets  target, variant, probability, mean, lo_95, hi_95, threshold, note
//   /scenarios/interventions  one row per intervention, described in words
//   /scenarios/baselines      the model behind each modelled total (group, model, status)
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "engine/config/experiment_config.hpp"
#include "engine/results/run_results.hpp"
#include "engine/table/table.hpp"
#include "engine/time/panel.hpp"
#include "models/scenario/cohort_baseline.hpp"
#include "models/scenario/simulation.hpp"

namespace harmcast {

struct ScenarioBaselineConfig {
  ForecastModel model = ForecastModel::Auto;
  std::vector<std::string> group_by{"crime_type"};
  int share_months = 36;
};

struct RecordedWindowConfig {
  std::optional<Period> from, to;
  double factor = 1.0;  // threshold = factor x recorded total of the window
};

struct ScenarioTargetConfig {
  std::string name;
  scenario::InterventionTarget series;
  std::optional<Period> from, to;
  double below = std::numeric_limits<double>::quiet_NaN();
  RecordedWindowConfig below_recorded;
};

struct InterventionConfig {
  std::string name;
  scenario::InterventionTarget target;
  std::optional<Period> start;
  int ramp_months = 0;
  scenario::EffectDistribution effect;
  double coverage = 1.0;
  double half_life_months = 0;
  scenario::CostSchedule costs;
};

struct ScenarioPlanConfig {
  std::string name;
  std::vector<InterventionConfig> interventions;
};

struct ScenarioStageConfig {
  int horizon = 36;
  int paths = 2000;
  scenario::CountNoise noise = scenario::CountNoise::Poisson;
  ScenarioBaselineConfig baseline;
  std::vector<scenario::CohortSegment> cohorts;
  std::vector<ScenarioTargetConfig> targets;
  std::vector<ScenarioPlanConfig> plans;

  bool empty() const { return plans.empty(); }
};

// Parses and validates `config.scenarios`; throws one harmcast::Error listing every problem with
// its key path and line. An absent section gives an empty config (the stage does not run).
ScenarioStageConfig parse_scenarios(const ExperimentConfig& config);

// Checks the scenarios against the data: every target and intervention selects series that exist,
// starts fall after the last recorded month and inside the horizon, target windows inside it,
// recorded windows inside the data, cohorts present with their columns. Throws one Error listing
// every problem with key path and line.
void check_scenarios_against_data(const ExperimentConfig& config, const ScenarioStageConfig& s,
                                  const Panel& crime, const Table* cohort);

// Fits the baselines, simulates and adds the /scenarios/* tables. Stops with harmcast::Error for
// a baseline that cannot be fitted (a scenario without its baseline has no meaning).
void run_scenario_stage(const Panel& crime, const Table* cohort, const ScenarioStageConfig& s,
                        std::uint64_t seed, int threads, RunResults& results);

// Internal to the stage's files.
scenario::SeriesLabels scenario_area_labels(const Panel& crime, const PanelSeries& series);
std::vector<scenario::SeriesLabels> scenario_series_labels(const Panel& crime,
                                                           const ScenarioStageConfig& s,
                                                           const Table* cohort);
void add_scenario_tables(const scenario::ScenarioResult& result,
                         const std::vector<scenario::Scenario>& scenarios,
                         const std::vector<scenario::Target>& targets, const Panel& crime,
                         Period first, RunResults& results);

}  // namespace harmcast
