#include "models/regression/glm_irls.hpp"

#include <cmath>
#include <limits>
#include <optional>

#include "engine/core/error.hpp"
#include "models/regression/weighted_least_squares.hpp"

namespace harmcast::irls_detail {
namespace {

using wls_detail::AliasingCholesky;

bool all_valid_mu(const FamilyFunctions& family, const Eigen::VectorXd& mu) {
  const Eigen::Index n = mu.size();
  bool ok = true;
#pragma omp parallel for reduction(&& : ok) if (n >= wls_detail::kParallelRows)
  for (Eigen::Index i = 0; i < n; ++i) ok = ok && family.valid_mu(mu(i));
  return ok;
}

void apply_linkinv(const FamilyFunctions& family, const Eigen::VectorXd& eta, Eigen::VectorXd& mu) {
  const Eigen::Index n = eta.size();
  mu.resize(n);
#pragma omp parallel for if (n >= wls_detail::kParallelRows)
  for (Eigen::Index i = 0; i < n; ++i) mu(i) = family.linkinv(eta(i));
}

}  // namespace

double total_deviance(const FamilyFunctions& family, const Eigen::VectorXd& y,
                      const Eigen::VectorXd& mu, const Eigen::VectorXd& w) {
  return wls_detail::chunked_sum(
      y.size(), [&](Eigen::Index i) { return family.deviance_residual(y(i), mu(i), w(i)); });
}

IrlsFit run_irls(const IrlsProblem& problem, const FamilyFunctions& family) {
  const Eigen::MatrixXd& x = *problem.x;
  const Eigen::VectorXd& y = *problem.y;
  const Eigen::VectorXd& w = *problem.weights;
  const Eigen::VectorXd& offset = *problem.offset;
  const bool has_offset = offset.size() > 0;
  const Eigen::Index n = x.rows();
  IrlsFit fit;

  // Start: eta from etastart, else g(mustart) with mustart from family$initialize.
  Eigen::VectorXd eta(n), mu(n);
  if (problem.eta_start) {
    eta = *problem.eta_start;
  } else {
#pragma omp parallel for if (n >= wls_detail::kParallelRows)
    for (Eigen::Index i = 0; i < n; ++i) {
      const double m = problem.mu_start ? (*problem.mu_start)(i) : family.initial_mu(y(i), w(i));
      eta(i) = family.linkfun(m);
    }
  }
  apply_linkinv(family, eta, mu);
  if (!all_valid_mu(family, mu))
    throw Error("glm",
                "cannot find valid starting values for the " + to_string(family.family()) +
                    " family with the " + to_string(family.link()) + " link",
                "check the outcome's range for this family and link");
  double dev_old = total_deviance(family, y, mu, w);
  std::optional<Eigen::VectorXd> coef_old;
  Eigen::VectorXd beta;
  Eigen::VectorXd z(n), ww(n);
  Eigen::MatrixXd xtwx;
  Eigen::VectorXd xtwz;

  for (int iter = 1; iter <= problem.max_iterations; ++iter) {
    fit.iterations = iter;
#pragma omp parallel for if (n >= wls_detail::kParallelRows)
    for (Eigen::Index i = 0; i < n; ++i) {
      const double me = family.mu_eta(eta(i));
      const bool good = w(i) > 0 && me != 0.0;
      if (good) {
        z(i) = (has_offset ? eta(i) - offset(i) : eta(i)) + (y(i) - mu(i)) / me;
        ww(i) = w(i) * me * me / family.variance(mu(i));
      } else {
        z(i) = 0.0;
        ww(i) = 0.0;
      }
    }
    wls_detail::weighted_cross_products(x, ww, z, xtwx, xtwz);
    if (!xtwx.allFinite())
      throw Error("glm", "non-finite working weights at IRLS iteration " + std::to_string(iter),
                  "the variance function vanished; check the outcome and the link");
    AliasingCholesky chol(xtwx, problem.rank_tolerance);
    if (chol.rank() == 0)
      throw Error("glm", "every column of the design matrix is zero or aliased",
                  "check the formula and the data");
    beta = chol.solve(xtwz);
    fit.aliased = chol.aliased();
    fit.rank = chol.rank();
    fit.cov_unscaled = chol.inverse();
    fit.working_weights = ww;
    bool finite = true;
    for (Eigen::Index j = 0; j < beta.size(); ++j)
      if (!fit.aliased[static_cast<std::size_t>(j)] && !std::isfinite(beta(j))) finite = false;
    if (!finite) {
      fit.converged = false;
      fit.warnings.push_back("non-finite coefficients at iteration " + std::to_string(iter));
      if (coef_old) beta = *coef_old;
      break;
    }
    wls_detail::linear_predictor(x, beta, offset, eta);
    apply_linkinv(family, eta, mu);
    double dev = total_deviance(family, y, mu, w);
    fit.boundary = false;
    // Step halving as glm.fit: first for a non-finite deviance, then for invalid mu.
    for (int pass = 0; pass < 2; ++pass) {
      auto bad = [&] { return pass == 0 ? !std::isfinite(dev) : !all_valid_mu(family, mu); };
      if (!bad()) continue;
      if (!coef_old)
        throw Error("glm",
                    "no valid set of coefficients has been found (" +
                        std::string(pass == 0 ? "infinite deviance" : "invalid fitted means") +
                        " at the first IRLS step)",
                    "the model may not suit the data: check the family, link and outcome");
      fit.warnings.push_back(pass == 0 ? "step size truncated due to divergence"
                                       : "step size truncated: out of bounds");
      for (int ii = 1; bad(); ++ii) {
        if (ii > problem.max_iterations)
          throw Error(
              "glm",
              "IRLS cannot correct the step size (inner loop " + std::to_string(pass + 1) + ")",
              "the model may not suit the data: check the family, link and outcome");
        beta = 0.5 * (beta + *coef_old);
        wls_detail::linear_predictor(x, beta, offset, eta);
        apply_linkinv(family, eta, mu);
        dev = total_deviance(family, y, mu, w);
      }
      fit.boundary = true;
    }
    if (std::fabs(dev - dev_old) / (std::fabs(dev) + 0.1) < problem.epsilon) {
      fit.converged = true;
      dev_old = dev;
      break;
    }
    dev_old = dev;
    coef_old = beta;
  }
  fit.beta = beta;
  fit.eta = eta;
  fit.mu = mu;
  fit.deviance = dev_old;
  fit.working_residuals.resize(n);
#pragma omp parallel for if (n >= wls_detail::kParallelRows)
  for (Eigen::Index i = 0; i < n; ++i)
    fit.working_residuals(i) = (y(i) - mu(i)) / family.mu_eta(eta(i));
  if (!fit.converged) fit.warnings.push_back("glm.fit: algorithm did not converge");
  if (fit.boundary) fit.warnings.push_back("glm.fit: algorithm stopped at boundary value");
  return fit;
}

}  // namespace harmcast::irls_detail
