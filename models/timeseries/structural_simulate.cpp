// Structural-model sample paths with parameter uncertainty.
//
// The variances are estimated on the scale x (variance = x^2 var(y) / 100, structural.cpp), where
// the MLE is asymptotically normal, x_hat ~ N(x, I(x)^-1) (Harvey 1989, "Forecasting, structural
// time series models and the Kalman filter", section 4.5), with I estimated by the numeric
// Hessian of the diffuse log-likelihood at x_hat. Each path draws x* ~ N(x_hat, I^-1) (the square
// keeps every variance >= 0), reruns the exact diffuse filter with those variances to get that
// model's a_{n+1} and P_{n+1}, and simulates as StructuralModel::simulate does: the start state
// from N(a_{n+1}, P_{n+1}), then state and observation noise. Directions with no curvature (a
// variance at 0 with a flat likelihood) get no spread. This is the asymptotic-normal form of the
// parametric bootstrap of the predictive distribution (Pascual, Romo & Ruiz 2004; Rodriguez &
// Ruiz 2009 for structural models), as ArimaModel::simulate_with_parameter_uncertainty.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "engine/core/error.hpp"
#include "models/optim/minimize.hpp"
#include "models/timeseries/structural_fit.hpp"

namespace harmcast::timeseries {

bool StructuralModel::has_parameter_uncertainty() const { return !fit_->options.fixed_variances; }

std::vector<std::vector<double>> StructuralModel::simulate_with_parameter_uncertainty(
    int horizon, int n_paths, RandomStream& stream, const Regressors& future_xreg,
    int paths_per_draw) const {
  const Fit& fit = *fit_;
  check_simulation_size(description(), horizon, n_paths, paths_per_draw);
  if (fit.options.fixed_variances)
    throw Error(description(), "the variances were fixed, not estimated: no parameter uncertainty",
                "use simulate(), or fit without fixed_variances");
  const auto z = detail::future_observation(fit, horizon, future_xreg, description());
  const auto& l = fit.layout;
  // x_hat from the estimated variances, in variances_from's order.
  std::vector<double> x_hat = {std::sqrt(fit.variances.level / fit.scale)};
  if (l.slope >= 0) x_hat.push_back(std::sqrt(fit.variances.slope / fit.scale));
  if (l.seasonal >= 0) x_hat.push_back(std::sqrt(fit.variances.seasonal / fit.scale));
  x_hat.push_back(std::sqrt(fit.variances.irregular / fit.scale));
  const auto filter_at = [&](const double* x) {
    const auto model = detail::make_state_space(l, fit.seasonal, fit.period,
                                                detail::variances_from(l, x, fit.scale), fit.xreg);
    return std::make_pair(model, detail::diffuse_filter(model, fit.y));
  };
  const Objective minus_loglik = [&](const double* x) { return -filter_at(x).second.loglik; };
  const Eigen::MatrixXd root = inverse_root(numeric_hessian(minus_loglik, x_hat));
  const int k = static_cast<int>(x_hat.size()), d = l.dim;
  std::vector<std::vector<double>> paths(n_paths, std::vector<double>(horizon));
  Eigen::VectorXd draw(k), a(d), u(d);
  std::vector<double> x(k);
  for (int first = 0; first < n_paths; first += paths_per_draw) {
    for (int i = 0; i < k; ++i) draw(i) = stream.normal();
    const Eigen::VectorXd shift = root * draw;
    for (int i = 0; i < k; ++i) x[i] = x_hat[i] + shift(i);
    const auto [model, filter] = filter_at(x.data());
    Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> p_eig(filter.p_end);
    const Eigen::MatrixXd p_root =
        p_eig.eigenvectors() * p_eig.eigenvalues().cwiseMax(0.0).cwiseSqrt().asDiagonal();
    const Eigen::VectorXd q_sd = model.q.cwiseSqrt();
    const double h_sd = std::sqrt(model.h);
    for (int p = first; p < std::min(n_paths, first + paths_per_draw); ++p) {
      for (int i = 0; i < d; ++i) u(i) = stream.normal();
      a = filter.a_end + p_root * u;
      for (int t = 0; t < horizon; ++t) {
        paths[p][t] = z[t].dot(a) + h_sd * stream.normal();
        a = model.T * a;
        for (int i = 0; i < d; ++i)
          if (q_sd(i) > 0) a(i) += q_sd(i) * stream.normal();
      }
    }
  }
  return paths;
}

}  // namespace harmcast::timeseries
