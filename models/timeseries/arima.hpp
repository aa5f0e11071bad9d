#pragma once
// ARIMA / SARIMAX by exact Gaussian likelihood, as R's stats::arima and forecast::Arima.
//
// Model (Box, Jenkins & Reinsel 2008; R's ?arima): with B the backshift operator and s the
// seasonal period,
//   phi(B) Phi(B^s) (1-B)^d (1-B^s)^D (y_t - x_t' beta) = theta(B) Theta(B^s) e_t,
//   e_t ~ N(0, sigma^2),
// where x_t holds the regressors (an intercept when d + D = 0 and include_mean, a drift t when
// d + D = 1 and include_drift, and user regressors such as intervention steps and ramps).
// Differencing the regression (R's approach) makes beta the effect on the level of y.
//
// Estimation (method "css-ml", R's default): minimise the conditional sum of squares for
// starting values, then maximise the exact likelihood computed by the Kalman filter (see
// kalman_arima.hpp), with the AR parts reparametrised to stay stationary (transform_pars) and
// the MA parts inverted to be invertible. Optimisation goes through harmcast::minimize (Ceres).
// Standard errors from the numeric Hessian of the log-likelihood. sigma^2, AICc and BIC as
// forecast::Arima reports them:
//   npar = #estimated coefficients + 1,  n* = n - d - sD,
//   AIC = -2 logL + 2 npar,  AICc = AIC + 2 npar (npar + 1) / (n* - npar - 1),
//   BIC = AIC + npar (log n* - 2),  sigma^2 = sum(residuals^2) / (n* - npar + 1).
// Forecasts and intervals come from the filtered state at the end of the series
// (R's KalmanForecast): mean_h = Z a_{n+h}, se_h = sigma sqrt(Z P_{n+h} Z').
#include <Eigen/Dense>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "models/optim/minimize.hpp"
#include "models/timeseries/forecast_model.hpp"

namespace harmcast::timeseries {

struct ArimaOrder {
  int p = 0, d = 0, q = 0;  // non-seasonal AR order, differences, MA order
  int P = 0, D = 0, Q = 0;  // seasonal AR order, seasonal differences, seasonal MA order
};

enum class ArimaMethod { kCssMl, kMl, kCss };
// "css-ml", "ml", "css" and back.
std::string to_string(ArimaMethod method);
ArimaMethod arima_method_from_string(std::string_view text);

struct ArimaOptions {
  ArimaOrder order;            // (p,d,q)(P,D,Q); the seasonal period comes from the series
  bool include_mean = true;    // estimate a mean when d + D == 0 (ignored otherwise)
  bool include_drift = false;  // estimate a linear drift when d + D == 1 (ignored otherwise)
  ArimaMethod method = ArimaMethod::kCssMl;  // css-ml switches to ml when values are missing
  bool transform_pars = true;                // keep AR parts stationary during ML via the Jones map
  // Fixed coefficient values, empty or one per coefficient in the order
  // ar1..p, ma1..q, sar1..P, sma1..Q, intercept|drift, regressors; NaN means "estimate".
  std::vector<double> fixed;
  double kappa = 1e6;           // prior variance of the diffuse (differenced) states
  bool standard_errors = true;  // compute the Hessian; off saves time in searches
  MinimizeOptions optimizer;    // passed to harmcast::minimize

  void validate() const;
};

struct ArimaCoefficient {
  std::string name;  // "ar1", "ma1", "sar1", "sma1", "intercept", "drift" or regressor name
  double estimate = 0.0;
  double std_error = 0.0;  // 0 for fixed coefficients
  bool fixed = false;
};

class ArimaModel final : public ForecastModel {
 public:
  struct Fit;  // estimation results (arima.cpp)
  explicit ArimaModel(std::shared_ptr<const Fit> fit);

  std::string description() const override;
  const FitSummary& summary() const override;
  Forecast forecast(const ForecastRequest& request) const override;
  const std::vector<double>& fitted() const override;
  const std::vector<double>& residuals() const override;
  // Paths start from the filtered state at the end of the series, drawn from N(a_n, sigma^2 P_n),
  // and add Gaussian innovations (noise and state uncertainty; coefficients held fixed).
  std::vector<std::vector<double>> simulate(int horizon, int n_paths, RandomStream& stream,
                                            const Regressors& future_xreg = {}) const override;
  // As simulate(), plus parameter uncertainty (arima_simulate.cpp): each path first draws the
  // estimated coefficients from their asymptotic normal N(estimates, covariance()) and reruns
  // the filter with them. Needs standard_errors = true at the fit.
  std::vector<std::vector<double>> simulate_with_parameter_uncertainty(
      int horizon, int n_paths, RandomStream& stream, const Regressors& future_xreg = {},
      int paths_per_draw = 1) const override;
  bool has_parameter_uncertainty() const override;
  std::optional<double> log_likelihood() const override;
  std::optional<double> aic() const override;
  std::optional<double> aicc() const override;
  std::optional<double> bic() const override;
  int n_parameters() const override;

  const ArimaOrder& order() const;
  int period() const;
  const std::vector<ArimaCoefficient>& coefficients() const;
  double coefficient(const std::string& name) const;  // throws if no such coefficient
  double sigma2() const;  // forecast::Arima's residual variance (used for intervals)
  int n_used() const;     // observations in the likelihood: non-missing - d - sD
  // Covariance of the estimated coefficients (rows/cols in coefficients() order, estimated only).
  const Eigen::MatrixXd& covariance() const;

 private:
  std::shared_ptr<const Fit> fit_;
};

// Fits an ARIMA model. Throws harmcast::Error for unusable input (too few observations for the
// differencing, collinear regressors, all missing, a non-stationary CSS start) with a hint.
std::unique_ptr<ArimaModel> fit_arima(const Series& series, const ArimaOptions& options);

// R-style one-line name: "ARIMA(0,1,1)(0,1,1)[12]", "... with drift", "Regression with ... errors".
std::string arima_description(const ArimaOrder& order, int period, bool has_intercept,
                              bool has_drift, bool has_xreg);

}  // namespace harmcast::timeseries
