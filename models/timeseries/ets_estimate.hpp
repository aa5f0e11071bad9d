#pragma once
// Maximum-likelihood estimation of one ETS model, as R's forecast 8.20 etsmodel(): Nelder-Mead
// (ets_nelder_mead.hpp) on R's "lik" over the smoothing parameters and the initial states from
// R's starting values (ets_init.hpp), infeasible points (outside EtsBounds, negative
// multiplicative seasonal states) valued +inf. Criteria as R computes them, with
// k = #smoothing parameters + #free initial states + 1 (the variance):
//   logLik = -lik / 2,  AIC = lik + 2k,  AICc = AIC + 2k(k+1)/(n-k-1),  BIC = lik + k log n,
//   sigma^2 = sum e_t^2 / (n - k + 1).
// Note R's logLik omits the Gaussian constant n (log(2 pi / n) + 1) / 2; we report it as R does so
// that the criteria compare with R's.
#include <optional>
#include <string>
#include <vector>

#include "models/timeseries/ets_admissible.hpp"
#include "models/timeseries/ets_core.hpp"
#include "models/timeseries/ets_nelder_mead.hpp"

namespace harmcast::timeseries {

struct EtsEstimationOptions {
  EtsBounds bounds = EtsBounds::kBoth;
  EtsLimits limits;
  int max_evaluations = 2000;  // R's maxit
};

struct EtsEstimate {
  EtsStructure structure;
  EtsSmoothing smoothing;
  std::vector<double> initial_state;  // all n_states() values, s_{m-1} included
  EtsFilterResult filter;             // errors, fitted values and states at the estimate
  double log_likelihood = 0.0, aic = 0.0, aicc = 0.0, bic = 0.0;
  int n_parameters = 0;  // k above
  double sigma2 = 0.0;
  double objective_initial = 0.0;
  int evaluations = 0;
  bool converged = false;  // Nelder-Mead met its tolerance before the evaluation limit
};

// Why a model could not be estimated (R gives such models an infinite criterion).
struct EtsEstimationFailure {
  std::string reason;
};

// Estimates `structure` on y (no missing values). Returns the failure reason instead when R
// would not fit the model: too many parameters for the data (k - 1 >= n - 1), starting values
// outside the space, or an objective that is not finite at the start.
std::optional<EtsEstimate> estimate_ets(const std::vector<double>& y, const EtsStructure& structure,
                                        const EtsEstimationOptions& options,
                                        EtsEstimationFailure* failure = nullptr);

// Criteria and residual variance of a recursion result with k - 1 estimated values.
void ets_set_criteria(EtsEstimate& estimate, int n_estimated);

}  // namespace harmcast::timeseries
