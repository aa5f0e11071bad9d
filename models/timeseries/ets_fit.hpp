#pragma once
// Internal to the ETS implementation: the fitted-model record behind EtsModel, and the fits for
// constant and very short series (R's ses(initial = "simple") and HoltWintersZZ).
#include <optional>
#include <string>
#include <vector>

#include "models/timeseries/ets.hpp"
#include "models/timeseries/ets_estimate.hpp"

namespace harmcast::timeseries {

struct EtsModel::Fit {
  EtsStructure structure;
  EtsSmoothing smoothing;
  std::vector<double> initial_state, last_state;
  double sigma2 = 0.0;
  std::optional<double> log_likelihood, aic, aicc, bic;
  int n_parameters = 0;
  // Aligned with the full input series; NaN outside the part that was fitted.
  std::vector<double> fitted, residuals, innovations;
  FitSummary summary;
  std::vector<EtsCandidate> candidates;
  int simulation_paths = 5000;
  std::uint64_t simulation_seed = 0;
};

// The least-squares exponential smoothing of R's HoltWintersZZ for series too short for
// likelihood estimation: simple exponential smoothing (trend = false) or Holt's linear method,
// l_0 = y_1, b_0 = y_2 - y_1, parameters in [0, 1] minimising the sum of squared one-step
// errors; sigma^2 = mean squared error. `alpha` fixes alpha when given (R's ses for constant
// series uses 0.99999).
struct EtsLeastSquaresFit {
  EtsStructure structure;
  EtsSmoothing smoothing;
  std::vector<double> initial_state;
  EtsFilterResult filter;
  double sigma2 = 0.0;
};
EtsLeastSquaresFit ets_least_squares(const std::vector<double>& y, bool trend,
                                     std::optional<double> alpha = std::nullopt);

}  // namespace harmcast::timeseries
