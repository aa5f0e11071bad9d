#pragma once
// Internal to the count model: the fitted-model record behind CountModel and the recursion and
// likelihood shared by the fit (count.cpp) and the simulation with parameter uncertainty
// (count_simulate.cpp).
#include <cmath>
#include <numbers>
#include <string>
#include <vector>

#include "models/timeseries/count.hpp"

namespace harmcast::timeseries {

struct CountModel::Fit {
  CountOptions options;
  int period = 1, harmonics = 0, n = 0, n_user = 0;
  std::string id;
  std::vector<double> y;
  Regressors xreg;
  std::vector<std::string> names;  // parameter names in `par` order (theta excluded)
  std::vector<double> par;         // beta0, beta_k, alpha_l, eta, [log theta]
  std::vector<double> nu, fitted, residuals;
  std::vector<CountCoefficient> coefficients;  // names with par (theta excluded)
  double loglik = NAN;
  int n_observed = 0;
  FitSummary summary;

  bool negbin() const { return options.distribution == CountDistribution::kNegativeBinomial; }
  int n_obs_lags() const { return static_cast<int>(options.past_obs.size()); }
  int n_mean_lags() const { return static_cast<int>(options.past_mean.size()); }
  int first_eta() const { return 1 + n_obs_lags() + n_mean_lags(); }
  int n_covariates() const { return (options.trend ? 1 : 0) + 2 * harmonics + n_user; }

  // X_t for t = 0-based time (t >= n: forecast steps, user values from `future`).
  void covariates(int t, const Regressors* future, double* x) const {
    int j = 0;
    if (options.trend) x[j++] = (t + 1.0) / n;
    for (int k = 1; k <= harmonics; ++k) {
      const double angle = 2 * std::numbers::pi * k * (t + 1) / period;
      if (2 * k != period) x[j++] = std::sin(angle);
      x[j++] = std::cos(angle);
    }
    for (int u = 0; u < n_user; ++u)
      x[j++] = t < n ? xreg.columns[u][t] : future->columns[u][t - n];
  }
};

namespace detail {

// Inside tscount's stationarity region: |beta_k|, |alpha_l| < 1 and |sum| < 1.
bool feasible(const CountModel::Fit& f, const double* par);
// Runs the recursion over t = from .. to - 1 given z = log(y + 1) (NaN = missing, filled
// with log(lambda + 1)) and the covariate rows; writes nu. Returns false if it diverges.
bool run_recursion(const CountModel::Fit& f, const double* par, const std::vector<double>& xrows,
                   std::vector<double>& z, std::vector<double>& nu, int from, int to);
// Covariate rows X_t for t = 0 .. n + horizon - 1 (row-major, n_covariates() wide), the
// forecast steps' user regressors from `future`. Throws harmcast::Error naming `model` unless
// `future` has every regressor with `horizon` rows.
std::vector<double> covariate_rows(const CountModel::Fit& f, int horizon, const Regressors& future,
                                   const std::string& model);
// Log-likelihood at `par`; -inf outside the parameter space. Fills nu.
double log_likelihood_at(const CountModel::Fit& f, const double* par,
                         const std::vector<double>& xrows, std::vector<double>& z,
                         std::vector<double>& nu);

}  // namespace detail
}  // namespace harmcast::timeseries
