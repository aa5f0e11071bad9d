#include "models/regression/glm_irls.hpp"

#include <cmath>
#include <limits>
#include <optional>

#include "engine/core/error.hpp"

namespace harmcast::irls_detail {
namespace {

using wls_detail::AliasingCholesky;
using wls_detail::kChunkRows;

struct FitState {
  double deviance = 0.0;
  bool valid_mu = true;
};

// eta = X beta + offset (or eta as given when beta is null), mu = g^-1(eta), and the deviance
// and validity of mu, in one pass over the rows (chunked: the sum's order is fixed).
FitState evaluate(const IrlsProblem& problem, const wls_detail::SlotDesign& design,
                  const FamilyFunctions& family, const Eigen::VectorXd* beta, Eigen::VectorXd& eta,
                  Eigen::VectorXd& mu) {
  const Eigen::VectorXd& y = *problem.y;
  const Eigen::VectorXd& w = *problem.weights;
  const Eigen::VectorXd& offset = *problem.offset;
  const Eigen::Index n = y.size();
  const Eigen::VectorXd beta_slot = beta ? design.to_slots(*beta) : Eigen::VectorXd();
  mu.resize(n);
  const Eigen::Index chunks = (n + kChunkRows - 1) / kChunkRows;
  std::vector<double> partial(static_cast<std::size_t>(chunks), 0.0);
  std::vector<char> valid(static_cast<std::size_t>(chunks), 1);
#pragma omp parallel for schedule(dynamic, 1) if (chunks > 1)
  for (Eigen::Index c = 0; c < chunks; ++c) {
    const Eigen::Index r0 = c * kChunkRows, end = std::min(n, r0 + kChunkRows);
    if (beta) {
      design.rows.linear_predictor(beta_slot, static_cast<std::size_t>(r0),
                                   static_cast<std::size_t>(end - r0), eta.data() + r0);
      if (offset.size() > 0) eta.segment(r0, end - r0) += offset.segment(r0, end - r0);
    }
    double dev = 0.0;
    bool ok = true;
    for (Eigen::Index i = r0; i < end; ++i) {
      const double m = family.linkinv(eta(i));
      mu(i) = m;
      ok = ok && family.valid_mu(m);
      dev += family.deviance_residual(y(i), m, w(i));
    }
    partial[static_cast<std::size_t>(c)] = dev;
    valid[static_cast<std::size_t>(c)] = ok;
  }
  FitState state;
  for (Eigen::Index c = 0; c < chunks; ++c) {
    state.deviance += partial[static_cast<std::size_t>(c)];
    state.valid_mu = state.valid_mu && valid[static_cast<std::size_t>(c)];
  }
  return state;
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
  std::optional<wls_detail::SlotDesign> own_design;
  if (!problem.design) own_design = wls_detail::make_slot_design(x);
  const wls_detail::SlotDesign& design = problem.design ? *problem.design : *own_design;
  IrlsFit fit;

  // Start: eta from etastart, else g(mustart) with mustart from family$initialize.
  Eigen::VectorXd eta(n), mu(n);
  if (problem.eta_start) {
    eta = *problem.eta_start;
  } else {
#pragma omp parallel for if (n >= wls_detail::kParallelRows)
    for (Eigen::Index i = 0; i < n; ++i) {
      const double m = problem.mu_start
                           ? (*problem.mu_start)(i)
                           : family.initial_mu(y(i), problem.trials ? (*problem.trials)(i) : w(i));
      eta(i) = family.linkfun(m);
    }
  }
  FitState state = evaluate(problem, design, family, nullptr, eta, mu);
  if (!state.valid_mu)
    throw Error("glm",
                "cannot find valid starting values for the " + to_string(family.family()) +
                    " family with the " + to_string(family.link()) + " link",
                "check the outcome's range for this family and link");
  double dev_old = state.deviance;
  std::optional<Eigen::VectorXd> coef_old;
  Eigen::VectorXd beta;
  Eigen::VectorXd& ww = fit.working_weights;
  ww.resize(n);
  Eigen::MatrixXd xtwx;
  Eigen::VectorXd xtwz;
  // W and W z of the current eta and mu, block by block, straight into the cross-products.
  const wls_detail::BlockWeights working = [&](Eigen::Index r0, Eigen::Index len, double* v,
                                               double* g) {
    for (Eigen::Index k = 0; k < len; ++k) {
      const Eigen::Index i = r0 + k;
      const double me = family.mu_eta(eta(i));
      if (w(i) > 0 && me != 0.0) {
        const double z = (has_offset ? eta(i) - offset(i) : eta(i)) + (y(i) - mu(i)) / me;
        ww(i) = w(i) * me * me / family.variance(mu(i));
        v[k] = ww(i);
        g[k] = ww(i) * z;
      } else {
        ww(i) = v[k] = g[k] = 0.0;
      }
    }
  };

  for (int iter = 1; iter <= problem.max_iterations; ++iter) {
    fit.iterations = iter;
    wls_detail::slot_cross_products(design, working, xtwx, xtwz);
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
    bool finite = true;
    for (Eigen::Index j = 0; j < beta.size(); ++j)
      if (!fit.aliased[static_cast<std::size_t>(j)] && !std::isfinite(beta(j))) finite = false;
    if (!finite) {
      fit.converged = false;
      fit.warnings.push_back("non-finite coefficients at iteration " + std::to_string(iter));
      if (coef_old) beta = *coef_old;
      break;
    }
    state = evaluate(problem, design, family, &beta, eta, mu);
    fit.boundary = false;
    // Step halving as glm.fit: first for a non-finite deviance, then for invalid mu.
    for (int pass = 0; pass < 2; ++pass) {
      auto bad = [&] { return pass == 0 ? !std::isfinite(state.deviance) : !state.valid_mu; };
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
        state = evaluate(problem, design, family, &beta, eta, mu);
      }
      fit.boundary = true;
    }
    const double dev = state.deviance;
    if (std::fabs(dev - dev_old) / (std::fabs(dev) + 0.1) < problem.epsilon) {
      fit.converged = true;
      dev_old = dev;
      break;
    }
    dev_old = dev;
    coef_old = beta;
  }
  fit.beta = beta;
  fit.deviance = dev_old;
  fit.working_residuals.resize(n);
#pragma omp parallel for if (n >= wls_detail::kParallelRows)
  for (Eigen::Index i = 0; i < n; ++i)
    fit.working_residuals(i) = (y(i) - mu(i)) / family.mu_eta(eta(i));
  fit.eta = std::move(eta);
  fit.mu = std::move(mu);
  if (!fit.converged) fit.warnings.push_back("glm.fit: algorithm did not converge");
  if (fit.boundary) fit.warnings.push_back("glm.fit: algorithm stopped at boundary value");
  return fit;
}

}  // namespace harmcast::irls_detail
