#pragma once
// Stage "area_evaluations": area-level designs on the crime panel (engine/runner/area_designs.hpp
// and models/causal) for a place-based intervention in some areas from a start month.
//
// Config (a list under `area_evaluations`, validated before anything runs; problems carry the
// key path and line):
//   - name: Violence-reduction pilot         # shown in the report (required)
//     treated: [W01, W03, W05]               # area ids (required)
//     start: 2019-04                         # first month under the intervention (required)
//     crime_types: [violence_with_injury]    # summed; empty = all crime
//     designs: [its, did, synth]             # any of its, did, synth
//     unit: ward                             # the panel key that identifies areas
//     crime_type_key: crime_type             # the panel key holding the crime type
//     slope_change: false                    # ITS: also a change of trend
//     permutations: 0                        # DiD randomization inference (0 = off)
//
// Tables: /area/effects (evaluation, design, outcome, treated, start, rate_ratio, conf_low,
// conf_high, p_value, std_error_log (NaN for synth), permutation_p_value, pre_periods, post_periods, method, sentence) and
// /area/series (evaluation, design, period, observed, counterfactual). A design that cannot be
// fitted becomes a run note.
#include <optional>
#include <string>
#include <vector>

#include "engine/config/experiment_config.hpp"
#include "engine/results/run_results.hpp"
#include "engine/time/panel.hpp"
#include "engine/time/period.hpp"

namespace harmcast {

struct AreaEvaluationConfig {
  std::string name;
  std::vector<std::string> treated;
  std::optional<Period> start;
  std::vector<std::string> crime_types;
  std::vector<std::string> designs{"its", "did", "synth"};
  std::string unit = "ward";
  std::string crime_type_key = "crime_type";
  bool slope_change = false;
  int permutations = 0;
};

void declare_options(ConfigReader& r, AreaEvaluationConfig& c);

// Parses and validates `config.area_evaluations`; throws one harmcast::Error listing every
// problem with its key path and line.
std::vector<AreaEvaluationConfig> parse_area_evaluations(const ExperimentConfig& config);

void run_area_stage(const Panel& crime, const std::vector<AreaEvaluationConfig>& evaluations,
                    std::uint64_t seed, RunResults& results);

}  // namespace harmcast
