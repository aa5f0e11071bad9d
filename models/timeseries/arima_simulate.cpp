// ARIMA sample paths with parameter uncertainty.
//
// The MLE is asymptotically normal, beta_hat ~ N(beta, I(beta)^-1) (e.g. Brockwell & Davis 1991,
// section 8.8), with I^-1 estimated by the inverse numeric Hessian (ArimaModel::covariance()).
// Each path draws beta* ~ N(beta_hat, V) for the estimated coefficients (fixed ones stay), reruns
// the Kalman filter over the series with beta* to get that model's end state, then simulates
// as ArimaModel::simulate does: the start state from N(a_n, sigma^2 P_n) and Gaussian
// innovations, the regression part with the drawn coefficients. A draw whose AR part is not
// stationary is redrawn (up to kMaxRedraws times; then the estimates are used for that path).
// sigma^2 is held at its estimate. This is the "parametric bootstrap of the predictive
// distribution" of Pascual, Romo & Ruiz (2004) in its asymptotic-normal form.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "engine/core/error.hpp"
#include "models/timeseries/arima.hpp"
#include "models/timeseries/arima_estimate.hpp"

namespace harmcast::timeseries {
namespace {

constexpr int kMaxRedraws = 100;

}  // namespace

bool ArimaModel::has_parameter_uncertainty() const {
  return fit_->covariance_computed && fit_->covariance_ok;
}

std::vector<std::vector<double>> ArimaModel::simulate_with_parameter_uncertainty(
    int horizon, int n_paths, RandomStream& stream, const Regressors& future_xreg,
    int paths_per_draw) const {
  const Fit& fit = *fit_;
  check_simulation_size(description(), horizon, n_paths, paths_per_draw);
  std::vector<int> free;
  for (std::size_t j = 0; j < fit.mask.size(); ++j)
    if (fit.mask[j]) free.push_back(static_cast<int>(j));
  if (!fit.covariance_computed || !fit.covariance_ok ||
      fit.covariance.rows() != static_cast<int>(free.size()))
    throw Error(description(), "no usable coefficient covariance for parameter uncertainty",
                "fit with ArimaOptions.standard_errors = true");
  const int narma = fit.arma.n_arma(), n = static_cast<int>(fit.y.size());
  const int k = static_cast<int>(free.size());
  // Square root of V (eigen-decomposition: V may be only semi-definite).
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(fit.covariance);
  const Eigen::MatrixXd root =
      eig.eigenvectors() * eig.eigenvalues().cwiseMax(0.0).cwiseSqrt().asDiagonal();
  // The regression part for the future needs the user regressors' future values.
  if (future_xreg.count() != fit.n_user_xreg)
    throw Error(description(),
                fmt::format("the model has {} regressors but {} future columns were given",
                            fit.n_user_xreg, future_xreg.count()),
                "supply future values of every regressor");
  const double sigma = std::sqrt(fit.sigma2);
  std::vector<std::vector<double>> paths(n_paths, std::vector<double>(horizon));
  Eigen::VectorXd z(k);
  std::vector<double> xr(n);
  for (int first = 0; first < n_paths; first += paths_per_draw) {
    std::vector<double> coef = fit.coef;
    std::shared_ptr<detail::ArimaStateSpace> state;
    for (int attempt = 0; attempt <= kMaxRedraws; ++attempt) {
      coef = fit.coef;
      if (attempt < kMaxRedraws) {
        for (int i = 0; i < k; ++i) z(i) = stream.normal();
        const Eigen::VectorXd shift = root * z;
        for (int i = 0; i < k; ++i) coef[free[i]] += shift(i);
      }
      const auto poly = detail::expand_arma(coef.data(), fit.arma, false);
      state = std::make_shared<detail::ArimaStateSpace>(poly.phi, poly.theta, fit.delta, fit.kappa);
      if (state->ok()) break;
    }
    for (int t = 0; t < n; ++t) {
      xr[t] = fit.y[t];
      for (std::size_t j = 0; j < fit.X.size(); ++j) xr[t] -= coef[narma + j] * fit.X[j][t];
    }
    state->filter(xr, nullptr);
    // Future regression: intercept, drift at n + 1.., user columns (as ArimaModel::forecast).
    std::vector<double> xm(horizon, 0.0);
    int j = 0;
    if (fit.has_intercept) {
      for (double& v : xm) v += coef[narma + j];
      ++j;
    }
    if (fit.has_drift) {
      for (int t = 0; t < horizon; ++t) xm[t] += coef[narma + j] * (n + t + 1);
      ++j;
    }
    for (int u = 0; u < fit.n_user_xreg; ++u, ++j)
      for (int t = 0; t < horizon; ++t) xm[t] += coef[narma + j] * future_xreg.columns[u].at(t);
    Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> p_eig(state->state_covariance());
    const Eigen::MatrixXd p_root =
        p_eig.eigenvectors() * p_eig.eigenvalues().cwiseMax(0.0).cwiseSqrt().asDiagonal();
    const int rd = static_cast<int>(state->observation().size());
    Eigen::VectorXd u(rd);
    for (int p = first; p < std::min(n_paths, first + paths_per_draw); ++p) {
      for (int i = 0; i < rd; ++i) u(i) = stream.normal();
      Eigen::VectorXd a = state->state() + sigma * (p_root * u);
      for (int t = 0; t < horizon; ++t) {
        a = state->transition() * a + state->disturbance() * stream.normal(0.0, sigma);
        paths[p][t] = state->observation().dot(a) + xm[t];
      }
    }
  }
  return paths;
}

}  // namespace harmcast::timeseries
