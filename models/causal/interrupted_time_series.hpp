#pragma once
// Interrupted time series: segmented log-linear regression on a count series (Bernal, Cummins &
// Gasparrini 2017, "Interrupted time series regression for the evaluation of public health
// interventions: a tutorial", Int J Epidemiol 46:348-355).
//
// With t = 1..n the period number, T0 the first intervention period and s(t) the seasonal terms,
//   log E[y_t] = b0 + b1 t + s(t) + b2 step_t + b3 t_after_t (+ log offset_t)
//   step_t = 1[t >= T0],  t_after_t = (t - T0) step_t  (0 in the first intervention period)
// Seasonality: calendar month-of-year dummies (the lowest month present is the reference, as R's
// factor(month)) or K Fourier pairs sin/cos(2 pi k m / 12), m = calendar month.
// Models: Poisson; quasi-Poisson (Poisson estimates, covariance times the Pearson dispersion
// phi = sum (y - mu)^2 / mu / (n - p), t tests with n - p df as R's summary.glm); negative
// binomial (MASS::glm.nb, theta by ML, z tests).
// Effect: the step rate ratio exp(b2) with a Wald interval. Counterfactual over the post periods:
//   without = sum_t exp(x0_t' b) (step and t_after set to 0), with = sum_t exp(x_t' b),
//   averted = without - with, average post-period ratio = with / without;
// intervals by the delta method (gradient sum mu0 x0 - sum mu x) or, with `simulation_draws` > 0,
// by parametric simulation b* ~ N(b, V) (percentile interval; Gasparrini's approach).
// Reference values: tests/data/causal/make_its_reference.R (R 4.2.2, MASS 7.3-58.2).
#include <cstdint>
#include <string>
#include <vector>

#include "engine/time/period.hpp"
#include "models/causal/causal_common.hpp"

namespace harmcast::causal {

enum class CountModel { Poisson, QuasiPoisson, NegativeBinomial };
std::string to_string(CountModel model);  // "poisson", "quasipoisson", "negbin"
CountModel parse_count_model(const std::string& text);

enum class Seasonality { None, MonthOfYear, Fourier };
std::string to_string(Seasonality seasonality);  // "none", "month", "fourier"
Seasonality parse_seasonality(const std::string& text);

enum class ItsStandardErrors { Model, NeweyWest };
std::string to_string(ItsStandardErrors type);  // "model", "newey_west"

struct ItsOptions {
  CountModel model = CountModel::QuasiPoisson;         // error model for the counts
  Seasonality seasonality = Seasonality::MonthOfYear;  // seasonal terms (monthly data only)
  int fourier_harmonics = 2;                           // K for Fourier seasonality (1..6)
  bool slope_change = true;
  // Model: the model's covariance (quasi-Poisson phi, NB). NeweyWest: HAC covariance for
  // autocorrelated errors, as sandwich::NeweyWest(fit, lag = newey_west_lag, prewhite = FALSE,
  // adjust = FALSE): B (sum_{|l|<=L} (1 - |l|/(L+1)) sum_t psi_t psi_{t-l}') B, B = (X'WX)^-1,
  // psi_t = W_t r_t x_t (working weight and residual); normal intervals.
  ItsStandardErrors standard_errors = ItsStandardErrors::Model;
  int newey_west_lag =
      3;  // L, periods (0..n/2)        // include t_after (a change of trend at the start)
  double confidence_level = 0.95;  // for every interval
  int simulation_draws = 0;        // 0: delta-method intervals; > 0: parametric simulation draws
  std::uint64_t seed = 1;          // RandomStream seed for the simulation
  int min_pre_periods = 8;         // refuse shorter pre-intervention segments
  int min_post_periods = 1;        // refuse shorter post-intervention segments

  void validate() const;  // throws harmcast::Error naming the field and the rule broken
};

// A count series on a regular period index.
struct ItsInput {
  Period start;                // period of counts[0]
  std::vector<double> counts;  // non-negative counts, no missing values
  Period intervention_start;   // first period under the intervention
  std::vector<double> offset;  // optional log offset (e.g. log population), empty = none
};

struct ItsResult {
  CountModel model = CountModel::QuasiPoisson;
  std::vector<std::string> names;           // coefficient names
  Eigen::VectorXd coefficients, std_error;  // on the log scale
  Eigen::MatrixXd covariance;               // as used for the intervals (dispersion included)
  double dispersion = 1.0;                  // quasi-Poisson phi (1 otherwise)
  double theta = kNaN;                      // negative binomial size
  double df_residual = 0.0;
  int pre_periods = 0, post_periods = 0;

  EffectEstimate step;             // rate ratio exp(b2) at the start
  EffectEstimate slope;            // rate ratio per period of the slope change exp(b3) (NaN if off)
  EffectEstimate post_ratio;       // with / without over the post periods
  EffectEstimate averted;          // events averted over the post periods (without - with)
  double expected_without = kNaN;  // counterfactual expected count over the post periods
  double expected_with = kNaN;     // fitted expected count over the post periods
  double observed_post = kNaN;     // observed count over the post periods
  Eigen::VectorXd fitted, counterfactual;  // per period (counterfactual = fitted before T0)
  std::string interval_method;             // "delta method" or "parametric simulation (N draws)"
  // Lag-1 autocorrelation of the Pearson residuals (y - mu) / sqrt(mu). The intervals assume
  // independent errors; beyond +-2/sqrt(n) a warning says so (Bernal et al. 2017 suggest
  // Newey-West SEs or an ARMA error model then, not implemented here).
  double residual_autocorrelation = kNaN;

  FitStatus status = FitStatus::kConverged;  // kUsable: with warnings; kFailed: see message
  std::string message;
  std::vector<std::string> warnings;
};

ItsResult fit_interrupted_time_series(const ItsInput& input, const ItsOptions& options);

// The ITS input for the total of some units of a unit panel (e.g. the pilot wards).
ItsInput its_input_from(const UnitPanel& panel, const std::vector<std::string>& unit_ids,
                        const Period& intervention_start);

// The design matrix used by the fit (exposed for tests and reports): columns as `names`.
Eigen::MatrixXd its_design(const ItsInput& input, const ItsOptions& options,
                           std::vector<std::string>* names, bool counterfactual = false);

}  // namespace harmcast::causal
