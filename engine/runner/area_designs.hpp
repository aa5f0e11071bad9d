#pragma once
// The area-level designs of models/causal run on one outcome panel for one set of treated
// areas, as the `area_evaluations:` stage and `harmcast area` use them:
//   its    interrupted time series on the treated areas' total (quasi-Poisson, month-of-year
//          terms, a step; with slope_change also a change of trend, then the average post-period
//          ratio is reported);
//   did    Poisson two-way fixed effects, treated vs every other area, cluster-robust by area
//          (with `permutations` > 0 also a randomization p-value);
//   synth  outcome-only synthetic control of the treated total from the other areas, each series
//          scaled by its pre-period mean, placebo-in-space interval.
// Each gives a rate ratio (with / without the intervention) with its interval, a sentence, and
// the treated total beside its counterfactual per period for a chart: the ITS fit without the
// step (and slope change); for DiD the comparison areas' total scaled to the treated areas'
// pre-period level (the parallel-trends-on-the-log-scale counterfactual, before the model's fixed
// effects); the synthetic control.
#include <string>
#include <vector>

#include "engine/time/period.hpp"
#include "models/causal/causal_common.hpp"

namespace harmcast {

enum class AreaDesign { Its, Did, Synth };
std::string to_string(AreaDesign design);               // "its", "did", "synth"
const std::vector<std::string>& area_design_words();    // in enum order
AreaDesign parse_area_design(const std::string& text);  // throws Error listing the words

struct AreaDesignOptions {
  std::vector<std::string> treated;  // area ids
  Period start;                      // first period under the intervention
  std::vector<AreaDesign> designs = {AreaDesign::Its, AreaDesign::Did, AreaDesign::Synth};
  bool slope_change = false;  // ITS: also a change of trend
  double confidence_level = 0.95;
  int permutations = 0;    // DiD randomization inference (0 = off)
  std::uint64_t seed = 1;  // for sampled permutations
  void validate() const;   // throws harmcast::Error naming the field
};

struct AreaDesignResult {
  AreaDesign design = AreaDesign::Its;
  causal::EffectEstimate effect;  // rate ratio
  std::string method;             // one line: model and interval
  std::string sentence;           // describe_rate_ratio
  int pre_periods = 0, post_periods = 0;
  double permutation_p_value = causal::kNaN;  // DiD with permutations
  std::vector<std::string> periods;           // labels, all periods
  std::vector<double> observed, counterfactual;
  FitStatus status = FitStatus::kConverged;  // kUsable: with warnings; kFailed: see message
  std::string message;
  std::vector<std::string> warnings;
};

// Runs each design. `outcome` names the outcome in sentences ("violence with injury"). Throws
// harmcast::Error for unknown treated ids, a start outside the panel, or no comparison areas;
// a design that fails to fit comes back with status FitStatus::kFailed and its message.
std::vector<AreaDesignResult> run_area_designs(const causal::UnitPanel& panel,
                                               const AreaDesignOptions& options,
                                               const std::string& outcome);

}  // namespace harmcast
