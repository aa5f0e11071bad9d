#pragma once
// Scenario simulation: baseline futures and the same futures under each scenario's
// interventions, compared on common random numbers.
//
// For each baseline group (baseline.hpp) and path, the group's rate path is drawn and shared out
// to its series. For series i, path p, month t with rate L and one uniform U_ipt:
//   baseline count  B = F^{-1}(U; L)                    (Poisson quantile, or B = L for `none`)
//   scenario count  S = F^{-1}(U; L * M_s(p, t))        (the same U: common random numbers)
// where M_s is the product of the multipliers of the scenario's interventions that target the
// series (intervention.hpp), each with one effect draw per path shared by all series. Events
// averted are B - S (positive = fewer crimes). Because B and S move together, their difference
// carries the uncertainty of the rate and of the effect but almost none of the count noise.
//
// Summaries are streamed: a series' paths live only while its group is simulated; what is kept
// per path are the sums the outputs need (per scenario and crime type: averted per year and
// baseline/scenario per month over the targeted series; per target: the window total).
// Quantiles are type 7 (R's default) over the paths.
//
// Reproducible: group g draws its rates from RandomStream(seed, kGroupStream + g), series i its
// uniforms (and Dirichlet shares go with the group) from RandomStream(seed, kSeriesStream + i),
// intervention j of scenario s its effects from RandomStream(seed, kEffectStream + 1000 s + j).
// Groups run in parallel (parallel_for), and the per-path sums are added in group order, so the
// results do not depend on the number of threads.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "models/scenario/baseline.hpp"
#include "models/scenario/intervention.hpp"

namespace harmcast::scenario {

enum class CountNoise { Poisson, None };
const std::vector<std::string>& count_noise_words();  // poisson, none
std::string to_string(CountNoise noise);

// "Probability of meeting a target": the total of the selected series over a window of the
// horizon is below a threshold (a number, or a recorded total the caller computed).
struct Target {
  std::string name;
  InterventionTarget series;   // crime types x wards (empty = all), or a cohort
  Period from, to;             // inclusive months inside the horizon
  double threshold = 0;        // met when the window total < threshold
  std::string threshold_note;  // how the threshold was set, for the report
};

struct SimulationOptions {
  int paths = 2000;  // sample paths (>= 2)
  std::uint64_t seed = 20240601;
  int threads = 0;  // 0 = all cores; results do not depend on it
  CountNoise noise = CountNoise::Poisson;
  Period first;      // first simulated month (the month after the data end)
  int horizon = 36;  // months simulated (>= 1)
  // false: each scenario draws its own uniforms (independent of the baseline's), only to show
  // what common random numbers buy; the averted intervals are then swamped by count noise.
  bool common_random_numbers = true;

  void validate() const;
};

inline constexpr std::uint64_t kGroupStream = 1ULL << 40;
inline constexpr std::uint64_t kSeriesStream = 2ULL << 40;
inline constexpr std::uint64_t kEffectStream = 3ULL << 40;
inline constexpr std::uint64_t kIndependentStream = 4ULL << 40;  // common_random_numbers off

// Mean, sd and type-7 quantiles of a quantity over the paths.
struct Summary {
  double mean = 0, sd = 0;
  double q025 = 0, q10 = 0, q50 = 0, q90 = 0, q975 = 0;
};
Summary summarise(std::vector<double> values);

struct AvertedSummary {
  std::string scenario, crime_type;
  int year = 1;    // 1 = the first 12 months from the scenario's start
  int months = 0;  // months of that year inside the horizon (12 but for a last partial year)
  Summary averted;
  double baseline_mean = 0;  // expected baseline count of the targeted series in that year
  bool cohort = false;       // over cohort-segment series: people's reoffending (disclosure)
};

struct PathSummary {
  std::string scenario, crime_type;  // sums over the scenario's targeted series of the type
  Period period;
  Summary baseline, with_scenario;
  bool cohort = false;  // over cohort-segment series
};

struct TargetSummary {
  std::string target;
  std::string variant;     // "baseline" or a scenario name
  double probability = 0;  // share of paths meeting the target
  Summary total;
  double threshold = 0;
  bool cohort = false;  // a cohort segment's offences
};

struct CostRow {
  std::string scenario;
  int year = 1;
  double cost = 0;
  int price_year = 0;
};

struct ScenarioResult {
  std::vector<AvertedSummary> averted;
  std::vector<PathSummary> paths;
  std::vector<TargetSummary> targets;
  std::vector<CostRow> costs;
  int n_paths = 0;
};

// Problems with what a selection picks against the series that exist: (field, message) with
// field "crime_types", "wards" or "cohort", e.g. a ward no series has (with "did you mean"), or a
// combination matching no series (field "").
std::vector<std::pair<std::string, std::string>> selection_problems(
    const InterventionTarget& selection, const std::vector<SeriesLabels>& series);

// Throws harmcast::Error for invalid options, scenarios or targets (a selection matching no
// series, a start before `options.first`, a window outside the horizon).
ScenarioResult simulate_scenarios(const std::vector<BaselineGroup>& groups,
                                  const std::vector<Scenario>& scenarios,
                                  const std::vector<Target>& targets,
                                  const SimulationOptions& options);

}  // namespace harmcast::scenario
