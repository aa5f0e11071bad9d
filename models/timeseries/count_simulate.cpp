// Count-model sample paths with parameter uncertainty.
//
// The conditional MLE of the log-linear model is asymptotically normal,
// theta_hat ~ N(theta, I(theta)^-1) (Fokianos & Tjostheim 2011, "Log-linear Poisson
// autoregression", J. Multivariate Analysis 102; Christou & Fokianos 2014 for the negative
// binomial), with I estimated by the numeric Hessian of the log-likelihood at the estimates (the
// parameters in CountModel::parameters() order, log theta last for the negative binomial). Each
// path draws theta* ~ N(theta_hat, I^-1), redrawn while outside the stationarity region (up to
// kMaxRedraws times; then the estimates are used for that path), reruns the recursion over the
// series with theta* to get that model's past log-means, and simulates forward as
// CountModel::simulate does: each step's count drawn from Poisson or NegBin(theta*) around
// exp(nu*), fed back. The asymptotic-normal form of the parametric bootstrap of the predictive
// distribution (Pascual, Romo & Ruiz 2004), as ArimaModel::simulate_with_parameter_uncertainty.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "engine/core/error.hpp"
#include "models/optim/minimize.hpp"
#include "models/timeseries/count_fit.hpp"

namespace harmcast::timeseries {
namespace {

constexpr int kMaxRedraws = 100;

}  // namespace

bool CountModel::has_parameter_uncertainty() const { return true; }

std::vector<std::vector<double>> CountModel::simulate_with_parameter_uncertainty(
    int horizon, int n_paths, RandomStream& stream, const Regressors& future_xreg,
    int paths_per_draw) const {
  const Fit& f = *fit_;
  check_simulation_size(description(), horizon, n_paths, paths_per_draw);
  const int n_total = f.n + horizon;
  const std::vector<double> xrows = detail::covariate_rows(f, horizon, future_xreg, description());
  // The likelihood only reads the first n rows.
  std::vector<double> z(n_total), nu(n_total);
  const Objective minus_loglik = [&](const double* par) {
    const double ll = detail::log_likelihood_at(f, par, xrows, z, nu);
    return std::isfinite(ll) ? -ll : std::nan("");
  };
  const Eigen::MatrixXd root = inverse_root(numeric_hessian(minus_loglik, f.par));
  const int n_par = static_cast<int>(f.par.size());
  std::vector<std::vector<double>> paths(n_paths, std::vector<double>(horizon));
  std::vector<double> par(n_par);
  Eigen::VectorXd draw(n_par);
  for (int first = 0; first < n_paths; first += paths_per_draw) {
    for (int attempt = 0; attempt <= kMaxRedraws; ++attempt) {
      par = f.par;
      if (attempt == kMaxRedraws) break;
      for (int i = 0; i < n_par; ++i) draw(i) = stream.normal();
      const Eigen::VectorXd shift = root * draw;
      for (int i = 0; i < n_par; ++i) par[i] += shift(i);
      if (detail::feasible(f, par.data()) &&
          std::isfinite(detail::log_likelihood_at(f, par.data(), xrows, z, nu)))
        break;
    }
    // The history's log-means under these parameters (missing y filled with log(lambda + 1)).
    for (int t = 0; t < f.n; ++t) z[t] = std::isnan(f.y[t]) ? NAN : std::log(f.y[t] + 1);
    if (!detail::run_recursion(f, par.data(), xrows, z, nu, 0, f.n)) {
      par = f.par;
      for (int t = 0; t < f.n; ++t) z[t] = std::isnan(f.y[t]) ? NAN : std::log(f.y[t] + 1);
      detail::run_recursion(f, par.data(), xrows, z, nu, 0, f.n);
    }
    const double size = f.negbin() ? std::exp(par.back()) : 0.0;
    // The paths of a block share the history's recursion; each writes only the future part.
    for (int p = first; p < std::min(n_paths, first + paths_per_draw); ++p) {
      for (int h = 0; h < horizon; ++h) {
        const int t = f.n + h;
        z[t] = 0;  // set below from the draw; not NaN, so the recursion leaves it
        if (!detail::run_recursion(f, par.data(), xrows, z, nu, t, t + 1))
          throw Error(description(), "a simulated path diverged (log-mean beyond 30)",
                      "check the fit; the feedback parameters may be near the stationarity limit");
        const double mean = std::exp(nu[t]);
        const double value = f.negbin() ? static_cast<double>(stream.negative_binomial(size, mean))
                                        : static_cast<double>(stream.poisson(mean));
        paths[p][h] = value;
        z[t] = std::log(value + 1);
      }
    }
  }
  return paths;
}

}  // namespace harmcast::timeseries
