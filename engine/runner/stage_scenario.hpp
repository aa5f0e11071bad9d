#pragma once
// Stage "scenarios": what-if futures under interventions (models/scenario), compared with the
// baseline on common random numbers.
//
// Config (the `scenarios` mapping, validated here before anything runs; data-dependent checks
// after the data are loaded, both with key paths and lines):
//   scenarios:
//     horizon: 36            # months simulated after the last recorded month
//     origin: 2019-03        # optional: simulate as if the data ended here (a scenario in the
//                            # past, to set beside what was recorded); default the data's end
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
//             # or the estimate and SE of an evaluation of this run, by name:
//             #   effect: {from_evaluation: Violence-reduction pilot, design: did}
//             # an area design of area_evaluations: (its or did: log rate ratio and its SE), or
//             #   effect: {from_evaluation: Gang exit, outcome: reoffended_1y}
//             # a service of evaluations: (cohort targets; a 0/1 outcome gives the difference
//             # in the proportion reoffending, a count outcome a relative change)
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
//   (averted, paths and targets end with `cohort`: 1 for rows over cohort-segment series)
//   /scenarios/averted_published, /scenarios/targets_published  the copies the report shows:
//                             counts of cohort rows below data.disclosure_threshold blanked,
//                             listed in `suppressed`
//   /scenarios/baselines      the model behind each modelled total (group, model, status)
//   /scenarios/effect_sources which evaluation fed which intervention's effect (scenario,
//                             intervention, evaluation, result, estimate, std_error, scale,
//                             effect)
#include <limits>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "engine/config/experiment_config.hpp"
#include "engine/results/run_results.hpp"
#include "engine/runner/stage_area.hpp"
#include "engine/runner/stage_evaluation.hpp"
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

// An effect read from an evaluation of the same run instead of typed-in numbers.
struct EvaluationEffectSource {
  std::string evaluation;  // a name under evaluations: (a service) or area_evaluations:
  std::string design;      // area evaluations: its or did (may be left out when it has one)
  std::string outcome;     // services: the outcome (default: the evaluation's first)
  bool empty() const { return evaluation.empty(); }
};

struct InterventionConfig {
  std::string name;
  scenario::InterventionTarget target;
  std::optional<Period> start;
  int ramp_months = 0;
  scenario::EffectDistribution effect;  // filled from `from` when that names an evaluation
  EvaluationEffectSource from;
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
  std::optional<Period> origin;  // last month the baselines see; default the data's last
  int paths = 2000;
  scenario::CountNoise noise = scenario::CountNoise::Poisson;
  ScenarioBaselineConfig baseline;
  std::vector<scenario::CohortSegment> cohorts;
  std::vector<ScenarioTargetConfig> targets;
  std::vector<ScenarioPlanConfig> plans;

  bool empty() const { return plans.empty(); }
  // True when an intervention's effect comes from an evaluation of the run (those stages must
  // run first, also under `harmcast scenario`).
  bool fed_by_evaluations() const;
  // The month the simulation starts from: origin + 1, or the month after the data end.
  Period first_simulated(const Panel& crime) const;
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

// Checks every `effect: {from_evaluation: ...}` against the evaluations and area designs the
// config declares (a name that exists, with a design / outcome it measures, that has a standard
// error) and fills in the default design (an area evaluation's only one) or outcome (a
// service's first); throws one Error listing every problem with key path, line and did-you-mean.
void check_scenario_effect_sources(const ExperimentConfig& config, ScenarioStageConfig& s,
                                   const std::vector<EvaluationConfig>& evaluations,
                                   const std::vector<AreaEvaluationConfig>& areas);

// Checks the value section against the scenarios it values (value_scenario_checks.cpp): a unit
// cost for every crime type a valued intervention targets, a deflator value for every price year
// of its costs; throws one Error listing every problem with key path and line.
struct ValueConfig;
void check_value_against_scenarios(const ExperimentConfig& config, const ValueConfig& value,
                                   const ScenarioStageConfig& s, const Panel& crime);

// The config with every evaluation-fed effect filled in from the run's /evaluation/effects and
// /area/effects tables; adds /scenarios/effect_sources. Throws harmcast::Error when an
// evaluation gave no usable estimate (it failed: its run note says why).
ScenarioStageConfig with_evaluated_effects(const ScenarioStageConfig& s, RunResults& results);

// Fills in the effects read from evaluations, fits the baselines (on the data up to the origin
// when one is set), simulates and adds the /scenarios/* tables. Stops with harmcast::Error for
// a baseline that cannot be fitted (a scenario without its baseline has no meaning).
// `disclosure_threshold`: counts of cohort rows below it are blanked in the published copies
// /scenarios/averted_published and /scenarios/targets_published, which the report shows.
void run_scenario_stage(const Panel& crime, const Table* cohort, const ScenarioStageConfig& s,
                        std::uint64_t seed, int threads, int disclosure_threshold,
                        RunResults& results);

// Internal to the stage's files.
using ScenarioKeyPart = std::variant<std::string, std::size_t>;  // a key or a list index
YAML::Node scenario_section_with_marks(const ExperimentConfig& config);
// The 1-based line of the node at `path` under scenarios:, or of the deepest part that exists.
int scenario_line(const YAML::Node& section, const std::vector<ScenarioKeyPart>& path);
std::string scenario_key_path(const std::vector<ScenarioKeyPart>& path);  // "scenarios.plans[0]"
std::string describe_effect(const scenario::EffectDistribution& e);       // "rate ratio 0.85 (...)"
scenario::SeriesLabels scenario_area_labels(const Panel& crime, const PanelSeries& series);
std::vector<scenario::SeriesLabels> scenario_series_labels(const Panel& crime,
                                                           const ScenarioStageConfig& s,
                                                           const Table* cohort);
void add_published_scenario_tables(RunResults& results, int disclosure_threshold);
void add_scenario_tables(const scenario::ScenarioResult& result,
                         const std::vector<scenario::Scenario>& scenarios,
                         const std::vector<scenario::Target>& targets, const Panel& crime,
                         Period first, RunResults& results);

}  // namespace harmcast
