#pragma once
// Exponential smoothing state-space models (ETS) with automatic model selection, as R's
// forecast::ets (forecast 8.20, defaults; Hyndman, Koehler, Snyder & Grose 2002, "A state
// space framework for automatic forecasting using exponential smoothing methods", IJF 18(3);
// Hyndman, Koehler, Ord & Snyder 2008, "Forecasting with exponential smoothing", Springer).
//
// ETS(error, trend, season): error A|M, trend N|A|Ad|M|Md, season N|A|M (see ets_core.hpp for
// the recursions, ets_estimate.hpp for the estimation, ets_forecast.hpp for the intervals).
// The model "ZZZ" (default) fits every allowed combination and keeps the smallest AICc:
//  - error A and M; trend N, A (M only with allow_multiplicative_trend), each damped and not
//    (unless `damped` is set); season N, A, M when period > 1, period <= 24 and n > period;
//  - restricted (infinite-variance) combinations skipped: additive error with a multiplicative
//    trend or season, and M,M,A;
//  - multiplicative error (and season) only for strictly positive data;
//  - models with at least n - 1 parameters, or whose start is infeasible, are skipped.
// Special series, as R:
//  - a constant series gives ETS(A,N,N) with alpha = 0.99999 and zero variance;
//  - when n <= (number of parameters of the requested model) + 4 (n <= 6 for "ZZZ"), Holt's
//    linear method or simple exponential smoothing, fitted by least squares from simple
//    initial values (R's HoltWintersZZ), whichever has the smaller residual variance; these
//    have no likelihood.
// Missing values: R keeps the longest run without missing values (na.contiguous). We do the
// same when that run ends at the last observation (leading missing values are dropped); when it
// does not, forecasting from it would start in the past, so fit_ets throws harmcast::Error.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "models/timeseries/auto_arima.hpp"
#include "models/timeseries/ets_admissible.hpp"
#include "models/timeseries/ets_core.hpp"
#include "models/timeseries/forecast_model.hpp"

namespace harmcast::timeseries {

struct EtsOptions {
  // Three letters error/trend/season, each A, M, N (trend, season) or Z (choose): "ZZZ",
  // "AAN", "MNM", ...
  std::string model = "ZZZ";
  std::optional<bool> damped;               // unset: try damped and undamped trends
  bool allow_multiplicative_trend = false;  // include M trends when choosing (R's default off)
  bool additive_only = false;               // only additive components
  bool restrict = true;                     // skip the infinite-variance combinations
  InformationCriterion ic = InformationCriterion::kAicc;  // criterion that picks the model
  EtsBounds bounds = EtsBounds::kBoth;
  EtsLimits limits;            // parameter limits (alpha, beta, gamma, phi)
  int max_evaluations = 2000;  // Nelder-Mead budget per model (R's maxit)
  // Intervals of models without closed-form variances (multiplicative trends): quantiles of
  // this many simulated paths drawn from RandomStream(simulation_seed, 0).
  int simulation_paths = 5000;
  std::uint64_t simulation_seed = 20240601;

  void validate() const;
};

// One candidate of the automatic search, in the order fitted.
struct EtsCandidate {
  std::string description;  // "ETS(M,Ad,N)"
  double ic = 0.0;          // +inf when not fitted
  double log_likelihood = 0.0;
  int evaluations = 0;
  bool converged = false;
  std::string note;  // why it was not fitted
};

class EtsModel final : public ForecastModel {
 public:
  struct Fit;  // (ets.cpp)
  explicit EtsModel(std::shared_ptr<const Fit> fit);

  std::string description() const override;  // "ETS(A,Ad,N)" as R prints it
  const FitSummary& summary() const override;
  // Gaussian intervals from the closed-form variances (classes 1-3, ets_forecast.hpp); quantiles
  // of simulated paths for multiplicative-trend models.
  Forecast forecast(const ForecastRequest& request) const override;
  const std::vector<double>& fitted() const override;
  // y - fitted (response residuals); innovations() gives R's residuals (relative for M error).
  const std::vector<double>& residuals() const override;
  // Paths from the last state with N(0, sigma^2) innovations (floored at -1 for multiplicative
  // errors, as R's simulate.ets); parameters held fixed.
  std::vector<std::vector<double>> simulate(int horizon, int n_paths, RandomStream& stream,
                                            const Regressors& future_xreg = {}) const override;
  std::optional<double> log_likelihood() const override;  // R's: -lik / 2 (see ets_estimate.hpp)
  std::optional<double> aic() const override;
  std::optional<double> aicc() const override;
  std::optional<double> bic() const override;
  int n_parameters() const override;

  const EtsStructure& structure() const;
  const EtsSmoothing& smoothing() const;
  const std::vector<double>& initial_state() const;  // (l, b, s_1..s_m) as R's initstate
  const std::vector<double>& last_state() const;     // state after the last observation
  double sigma2() const;
  const std::vector<double>& innovations() const;       // e_t aligned with the series (NaN if none)
  const std::vector<EtsCandidate>& candidates() const;  // the automatic search (empty if none)

 private:
  std::shared_ptr<const Fit> fit_;
};

// "ETS(M,Ad,N)".
std::string ets_description(const EtsStructure& structure);

// Fits the model of `options` (chosen automatically for Z letters). Throws harmcast::Error for
// an empty or all-missing series, a series whose longest run without missing values ends before
// its last value, a requested model the data do not allow (multiplicative with values <= 0,
// seasonal without a period) or when no candidate can be fitted.
std::unique_ptr<EtsModel> fit_ets(const Series& series, const EtsOptions& options = {});

}  // namespace harmcast::timeseries
