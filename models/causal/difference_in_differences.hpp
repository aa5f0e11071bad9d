#pragma once
// Difference-in-differences on area counts with a log-linear Poisson model and two-way fixed
// effects (Wooldridge 2023, "Simple approaches to nonlinear difference-in-differences with panel
// data", Econometrics Journal 26:C31-C66; Poisson QMLE needs only the conditional mean right):
//   log E[y_it] = a_i + g_t + delta D_it,  D_it = 1[unit i treated and t >= T0]
// Effect: the rate ratio exp(delta). Standard errors: cluster-robust by unit exactly as
// sandwich::vcovCL(fit, cluster = ~unit) (its glm defaults: HC0 with G/(G-1)) with normal intervals
// as lmtest::coeftest, or quasi-Poisson model-based (Pearson dispersion, t with n - p df). With few
// treated clusters cluster-robust SEs are known to be too small (MacKinnon & Webb 2017): read
// intervals from 3-5 treated areas with caution.
// Event study: D_it replaced by one dummy per period relative to the start, e = t - T0, for the
// treated units, e = -1 the reference; e < -max_lead and e > max_lag are binned into the end
// points when those limits are set. The path exp(delta_e) with intervals is returned.
// All treated units share one start (no staggered adoption).
// Reference values: tests/data/causal/make_did_reference.R (R 4.2.2, sandwich 3.0-2).
#include <string>
#include <vector>

#include "engine/time/period.hpp"
#include "models/causal/causal_common.hpp"

namespace harmcast::causal {

enum class DidStandardErrors { ClusterByUnit, QuasiPoisson };
std::string to_string(DidStandardErrors type);  // "cluster", "quasipoisson"

struct DidOptions {
  DidStandardErrors standard_errors = DidStandardErrors::ClusterByUnit;  // see the file comment
  double confidence_level = 0.95;                                        // for every interval
  // Cluster SEs: intervals and p-values from Student t with G - 1 df (G = units) instead of the
  // normal (Cameron & Miller 2015, J Human Resources 50:317-372); R's coeftest(fit, vcovCL,
  // df = G - 1). Partly offsets the small-cluster bias; the normal is lmtest's default.
  bool cluster_t_df = false;
  // Randomization (permutation) inference for the two-by-two effect, which does not rely on many
  // treated clusters (Fisher; Conley & Taber 2011 motivate it for few treated groups): the
  // treated label is reassigned to every set of as many units (all C(N, k) sets when there are
  // at most `permutations`, else `permutations` random sets), the model refitted, and
  // p = share of assignments with |log RR| >= the observed one. 0 = off.
  int permutations = 0;
  std::uint64_t seed = 1;  // RandomStream seed for sampled assignments
  int max_lead = 0;  // event study: bin relative periods before -max_lead into it (0 = no bin)
  int max_lag = 0;   // event study: bin relative periods after max_lag into it (0 = no bin)

  void validate() const;  // throws harmcast::Error naming the field and the rule broken
};

struct DidInput {
  UnitPanel panel;                   // outcome counts, units x periods
  std::vector<std::string> treated;  // ids of the treated units (the rest are controls)
  Period intervention_start;         // first treated period
};

struct DidResult {
  EffectEstimate effect;      // rate ratio exp(delta)
  double crude_ratio = kNaN;  // (T_post/T_pre) / (C_post/C_pre) from the totals, descriptive
  int units = 0, treated_units = 0, pre_periods = 0, post_periods = 0;
  std::string se_description;
  double permutation_p_value = kNaN;         // randomization inference (options.permutations > 0)
  int permutations_done = 0;                 // assignments evaluated (including the observed one)
  bool permutations_exhaustive = false;      // every assignment enumerated
  FitStatus status = FitStatus::kConverged;  // kUsable: with warnings; kFailed: see message
  std::string message;
  std::vector<std::string> warnings;
};

struct EventStudyResult {
  std::vector<int> relative_period;  // e, ascending, without the reference -1
  std::vector<EffectEstimate> path;  // rate ratio exp(delta_e) per e
  std::string se_description;
  FitStatus status = FitStatus::kConverged;  // kUsable: with warnings; kFailed: see message
  std::string message;
  std::vector<std::string> warnings;
};

DidResult fit_difference_in_differences(const DidInput& input, const DidOptions& options);
EventStudyResult fit_event_study(const DidInput& input, const DidOptions& options);

}  // namespace harmcast::causal
