#pragma once
// Structural time-series (unobserved components) models, as R's StructTS and statsmodels'
// UnobservedComponents (Harvey 1989, Forecasting, Structural Time Series Models and the Kalman
// Filter; Durbin & Koopman 2012, chapter 3):
//   y_t      = mu_t + gamma_t + x_t' beta + eps_t,          eps_t   ~ N(0, s2_irregular)
//   mu_{t+1} = mu_t + nu_t + xi_t,                          xi_t    ~ N(0, s2_level)
//   nu_{t+1} = nu_t + zeta_t,                               zeta_t  ~ N(0, s2_slope)
// local level: no nu; local linear trend: with nu. Seasonal gamma_t (period s > 1):
//   dummy (StructTS "BSM"):  gamma_{t+1} = -sum_{j=0}^{s-2} gamma_{t-j} + omega_t
//   trigonometric:           gamma_t = sum_{j=1}^{floor(s/2)} gamma_{j,t}, each harmonic a
//                            rotation by 2 pi j / s plus noise (one variance for all),
//   omega_t ~ N(0, s2_seasonal). Regression coefficients beta are constant states.
// All initial states are diffuse; the variances maximise the exact diffuse likelihood
// (structural_kalman.hpp) through harmcast::minimize, parametrised as s2 = x^2 * var(y) / 100
// so that a variance can reach zero (StructTS's scaling, statsmodels' squaring) and starting
// from x = 1 as StructTS does. Forecast intervals are Gaussian, from the state at the end.
// n_parameters() = variances + diffuse initial states (statsmodels' count for the AIC).
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "models/optim/minimize.hpp"
#include "models/timeseries/forecast_model.hpp"

namespace harmcast::timeseries {

enum class StructuralTrend { kLocalLevel, kLocalLinearTrend };
enum class StructuralSeasonal { kNone, kDummy, kTrigonometric };

// "level", "trend" / "none", "dummy", "trigonometric" and back (harmcast::Error if unknown).
std::string to_string(StructuralTrend trend);
std::string to_string(StructuralSeasonal seasonal);
StructuralTrend structural_trend_from_string(std::string_view text);
StructuralSeasonal structural_seasonal_from_string(std::string_view text);

// Estimated variances (0 for components the model does not have).
struct StructuralVariances {
  double level = 0, slope = 0, seasonal = 0, irregular = 0;
};

struct StructuralOptions {
  StructuralTrend trend = StructuralTrend::kLocalLinearTrend;
  // Seasonal component when the series' period is > 1 (ignored for period 1).
  StructuralSeasonal seasonal = StructuralSeasonal::kDummy;
  // Prior scale of the smoother's approximate diffuse states: kappa = this * var(y).
  double smoother_kappa = 1e7;
  // Variances held at these values instead of estimated (StructTS's `fixed`, all of them): the
  // fit is then one filter pass, e.g. to re-filter a chosen model at cross-validation origins.
  std::optional<StructuralVariances> fixed_variances;
  MinimizeOptions optimizer = default_optimizer();

  static MinimizeOptions default_optimizer() {
    MinimizeOptions o;
    o.max_iterations = 500;
    return o;
  }
  void validate() const;
};

// Smoothed components E[. | y_1..n], one value per observation, and their standard errors.
struct StructuralComponents {
  std::vector<double> level, slope, seasonal, regression;  // slope/seasonal/regression: 0 if none
  std::vector<double> level_se, slope_se, seasonal_se;
};

class StructuralModel final : public ForecastModel {
 public:
  struct Fit;  // estimation results (structural.cpp)
  explicit StructuralModel(std::shared_ptr<const Fit> fit);

  std::string description() const override;  // "Structural(trend, dummy seasonal[12])"
  const FitSummary& summary() const override;
  Forecast forecast(const ForecastRequest& request) const override;
  const std::vector<double>& fitted() const override;  // one-step predictions; NaN while diffuse
  const std::vector<double>& residuals() const override;
  // Paths start from N(a_{n+1}, P_{n+1}) and add state and observation noise; the variances
  // are held at their estimates (no parameter uncertainty).
  std::vector<std::vector<double>> simulate(int horizon, int n_paths, RandomStream& stream,
                                            const Regressors& future_xreg = {}) const override;
  // As simulate(), plus parameter uncertainty (structural_simulate.cpp): each path first draws
  // the variances from the asymptotic normal of their estimates (inverse numeric Hessian) and
  // reruns the filter with them. Throws harmcast::Error for fixed (not estimated) variances.
  std::vector<std::vector<double>> simulate_with_parameter_uncertainty(
      int horizon, int n_paths, RandomStream& stream, const Regressors& future_xreg = {},
      int paths_per_draw = 1) const override;
  bool has_parameter_uncertainty() const override;
  std::optional<double> log_likelihood() const override;
  std::optional<double> aic() const override;
  std::optional<double> aicc() const override;
  std::optional<double> bic() const override;
  int n_parameters() const override;

  const StructuralVariances& variances() const;
  // Regression coefficients (the constant states at the end of the filter) and standard errors.
  const std::vector<double>& coefficients() const;
  const std::vector<double>& coefficient_std_errors() const;
  // Runs the state smoother (not cached: one pass over the series).
  StructuralComponents smoothed_components() const;

 private:
  std::shared_ptr<const Fit> fit_;
};

// Fits the model. Throws harmcast::Error for a series that cannot carry it: all missing,
// constant, or with too few observations for the diffuse states (e.g. less than two seasons).
std::unique_ptr<StructuralModel> fit_structural(const Series& series,
                                                const StructuralOptions& options = {});

}  // namespace harmcast::timeseries
