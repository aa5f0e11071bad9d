#pragma once
// Estimation internals of ARIMA (shared by arima.cpp and auto_arima.cpp; not a public API).
#include <Eigen/Dense>
#include <memory>
#include <vector>

#include "models/timeseries/arima.hpp"
#include "models/timeseries/arima_params.hpp"
#include "models/timeseries/kalman_arima.hpp"

namespace harmcast::timeseries {

struct ArimaModel::Fit {
  ArimaOrder order;
  detail::ArmaOrder arma;  // order with the period used
  int period = 1;
  bool has_intercept = false, has_drift = false;
  int n_user_xreg = 0;
  std::vector<double> y;
  std::vector<std::vector<double>> X;  // regression columns: intercept|drift, then user xreg
  std::vector<ArimaCoefficient> coefficients;
  std::vector<double> coef;   // all coefficients, natural scale
  std::vector<bool> mask;     // estimated (true) or fixed
  std::vector<double> scale;  // optimisation scale of each coefficient (R's parscale)
  Eigen::MatrixXd covariance;
  bool covariance_computed = false;
  bool covariance_ok = true;  // false if the Hessian gave a negative variance (R: NaN s.e.)
  ArimaMethod method = ArimaMethod::kCssMl;
  int n_cond = 0;
  int n_used = 0;
  double objective = 0.0;   // minimised concentrated objective
  double sigma2_fit = 0.0;  // stats::arima's sigma^2 (ML: ssq/n_used; CSS: mean square)
  double loglik = 0.0;
  double aic = 0.0;  // NaN for method css
  double aicc = 0.0, bic = 0.0;
  int nstar = 0, npar = 0;
  detail::ArmaPolynomials poly;
  std::vector<double> delta;
  double kappa = 1e6;
  // Set by finalize_arima:
  bool finalized = false;
  std::shared_ptr<detail::ArimaStateSpace> state;
  double sigma2 = 0.0;  // forecast::Arima's
  std::vector<double> residuals, fitted;
  FitSummary summary;
};

// Estimates coefficients, likelihood and information criteria (no residuals or final state).
std::shared_ptr<ArimaModel::Fit> estimate_arima(const Series& series, const ArimaOptions& options);
// Numeric-Hessian covariance and standard errors (once; sets covariance_ok).
void compute_arima_covariance(ArimaModel::Fit& fit);
// Runs the full state-space filter: residuals, fitted values, sigma^2, end state for forecasts.
void finalize_arima(ArimaModel::Fit& fit);

}  // namespace harmcast::timeseries
