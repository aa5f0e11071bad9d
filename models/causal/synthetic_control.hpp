#pragma once
// Synthetic control (Abadie, Diamond & Hainmueller 2010, "Synthetic control methods for
// comparative case studies", JASA 105:493-505). With predictors (input.predictors, k x units)
// the weights minimise (X1 - X0 w)' V (X1 - X0 w) with a *given* diagonal V (predictor_weights;
// rows first divided by their SD over all units, as Synth does); V is not optimised (ADH's
// nested search for V is not implemented). Without predictors (default), the outcome-only version:
// the donor weights minimise
// the pre-period mean squared error of the outcome itself,
//   w = argmin sum_{t < T0} (y1_t - sum_j w_j y_jt)^2,  w_j >= 0, sum_j w_j = 1,
// (no covariate predictors and no V matrix; equivalent to ADH with the pre-period outcomes as
// the only predictors and V = identity), solved exactly by simplex_least_squares.
// Several treated units are summed into one treated series; every other unit is a donor.
// Scaling PrePeriodMean divides every series by its own pre-period mean first, so a treated
// total far above any donor's level (outside the convex hull) can still be matched in shape; the
// effect is then read as a ratio.
// Effects over the post periods: gap_t = y1_t - synth_t; the mean gap (on the analysed scale) and
// the ratio sum y1 / sum synth (scale-free).
// Placebo-in-space inference (ADH 2010 sec. 3.2; Abadie 2021 JEL 59:391-425): each donor in turn
// is the fake treated unit with the other donors as its pool; the statistic is the ratio of
// post- to pre-period RMSPE and p = (1 + #{placebos with ratio >= the treated one}) / (J + 1).
// Intervals (approximate, placebo distribution): the placebo log ratios (gaps) estimate the
// distribution of the estimation error under no effect, so the interval is
//   [r1 - q(1 - a/2), r1 - q(a/2)]  (q = type-7 quantiles of the placebo values),
// exponentiated for the ratio. With J donors the tails rest on very few placebos: with J < 19 a
// 95% interval uses the extreme placebos and is coarse.
#include <string>
#include <vector>

#include "engine/time/period.hpp"
#include "models/causal/causal_common.hpp"
#include "models/causal/simplex_least_squares.hpp"

namespace harmcast::causal {

enum class SyntheticScaling { None, PrePeriodMean };
std::string to_string(SyntheticScaling scaling);  // "none", "pre_period_mean"

struct SyntheticControlOptions {
  SyntheticScaling scaling = SyntheticScaling::None;  // see the file comment
  bool placebo_inference = true;  // refit with each donor as the fake treated unit
  // Placebos whose pre-period RMSPE exceeds this multiple of the treated one are left out of the
  // p-value and the intervals (ADH 2010 use 5, 20); 0 keeps every placebo.
  double placebo_pre_rmspe_cutoff = 0.0;
  double confidence_level = 0.95;  // for the placebo intervals
  SimplexLsOptions solver;         // weight solver tolerance and limits
  // Diagonal of V for the predictors (one per predictor row, >= 0); empty = all 1.
  std::vector<double> predictor_weights;

  void validate() const;  // throws harmcast::Error naming the field and the rule broken
};

struct SyntheticControlInput {
  UnitPanel panel;                   // outcome, units x periods
  std::vector<std::string> treated;  // treated unit ids (summed into one series)
  Period intervention_start;         // first treated period
  // Optional predictors (k x units, columns in panel unit order); empty = outcome-only weights.
  Eigen::MatrixXd predictors;
  // With several treated units: the predictor values of their total (k); else unused.
  Eigen::VectorXd treated_predictors;
};

struct PlaceboFit {
  std::string unit_id;
  double pre_rmspe = kNaN, post_rmspe = kNaN, rmspe_ratio = kNaN;
  double mean_gap = kNaN, log_ratio = kNaN;  // the placebo "effects"
  bool used = true;                          // false when excluded by the cutoff
};

struct SyntheticControlResult {
  std::vector<std::string> donor_ids;
  Eigen::VectorXd weights;           // one per donor, >= 0, sum 1
  Eigen::VectorXd treated_series;    // on the analysed scale, all periods
  Eigen::VectorXd synthetic_series;  // sum_j w_j y_j on the analysed scale
  Eigen::VectorXd gap;               // treated - synthetic
  double pre_rmspe = kNaN, post_rmspe = kNaN, rmspe_ratio = kNaN;
  EffectEstimate mean_gap;  // mean post-period gap; interval from placebos; p from RMSPE ranks
  EffectEstimate ratio;     // sum treated / sum synthetic over the post periods
  std::vector<PlaceboFit> placebos;
  double placebo_p_value = kNaN;  // rank / (J + 1) of the RMSPE ratio
  int placebos_used = 0;
  SimplexLsResult solver;                    // of the treated fit
  FitStatus status = FitStatus::kConverged;  // kUsable: with warnings; kFailed: see message
  std::string message;
  std::vector<std::string> warnings;
};

SyntheticControlResult fit_synthetic_control(const SyntheticControlInput& input,
                                             const SyntheticControlOptions& options);

}  // namespace harmcast::causal
