#include "models/causal/simplex_least_squares.hpp"

#include <cmath>
#include <vector>

#include "engine/core/error.hpp"

namespace harmcast::causal {

void SimplexLsOptions::validate() const {
  if (!(tolerance > 0.0 && tolerance < 1e-2)) {
    throw Error("simplex least squares", "tolerance must be in (0, 0.01)");
  }
  if (max_iterations < 1) throw Error("simplex least squares", "max_iterations must be >= 1");
}

namespace {

// Solves the equality-constrained subproblem on the passive set; returns z (size |P|) and nu.
Eigen::VectorXd solve_subproblem(const Eigen::MatrixXd& q, const Eigen::VectorXd& c,
                                 const std::vector<Eigen::Index>& passive, double* nu) {
  const auto k = static_cast<Eigen::Index>(passive.size());
  Eigen::MatrixXd kkt = Eigen::MatrixXd::Zero(k + 1, k + 1);
  Eigen::VectorXd rhs(k + 1);
  for (Eigen::Index i = 0; i < k; ++i) {
    for (Eigen::Index j = 0; j < k; ++j) kkt(i, j) = q(passive[i], passive[j]);
    kkt(i, k) = kkt(k, i) = 1.0;
    rhs(i) = c(passive[i]);
  }
  rhs(k) = 1.0;
  const Eigen::VectorXd sol = kkt.completeOrthogonalDecomposition().solve(rhs);
  *nu = sol(k);
  return sol.head(k);
}

}  // namespace

SimplexLsResult simplex_least_squares(const Eigen::MatrixXd& a, const Eigen::VectorXd& b,
                                      const SimplexLsOptions& options) {
  options.validate();
  const char* where = "simplex least squares";
  if (a.cols() < 1) throw Error(where, "no columns (donors)");
  if (a.rows() != b.size()) throw Error(where, "A and b have different numbers of rows");
  if (!a.allFinite() || !b.allFinite()) throw Error(where, "A or b has non-finite values");
  const Eigen::Index n = a.cols();
  const Eigen::MatrixXd q = a.transpose() * a;
  const Eigen::VectorXd c = a.transpose() * b;
  const double tol = options.tolerance * std::max(1.0, q.diagonal().maxCoeff());

  SimplexLsResult r;
  Eigen::Index best = 0;
  double best_sse = INFINITY;
  for (Eigen::Index j = 0; j < n; ++j) {
    const double sse = (a.col(j) - b).squaredNorm();
    if (sse < best_sse) best_sse = sse, best = j;
  }
  Eigen::VectorXd w = Eigen::VectorXd::Zero(n);
  w(best) = 1.0;
  std::vector<bool> in_passive(static_cast<std::size_t>(n), false);
  in_passive[best] = true;

  auto passive_list = [&] {
    std::vector<Eigen::Index> p;
    for (Eigen::Index j = 0; j < n; ++j) {
      if (in_passive[j]) p.push_back(j);
    }
    return p;
  };
  while (r.iterations < options.max_iterations) {
    // Inner loop: move to the subproblem optimum on the passive set, keeping w feasible.
    double nu = 0.0;
    while (r.iterations++ < options.max_iterations) {
      const auto passive = passive_list();
      const Eigen::VectorXd z = solve_subproblem(q, c, passive, &nu);
      bool feasible = true;
      for (Eigen::Index i = 0; i < z.size(); ++i) feasible = feasible && z(i) > 0.0;
      if (feasible) {
        w.setZero();
        for (std::size_t i = 0; i < passive.size(); ++i) w(passive[i]) = z(i);
        break;
      }
      double alpha = 1.0;
      for (std::size_t i = 0; i < passive.size(); ++i) {
        const double wi = w(passive[i]), zi = z(i);
        if (zi <= 0.0) alpha = std::min(alpha, wi / (wi - zi));
      }
      for (std::size_t i = 0; i < passive.size(); ++i) {
        const Eigen::Index j = passive[i];
        w(j) += alpha * (z(i) - w(j));
        if (w(j) <= 1e-15 || (z(i) <= 0.0 && std::fabs(w(j)) <= 1e-15)) {
          w(j) = 0.0;
          in_passive[j] = false;
        }
      }
      // guarantee progress: the column limiting alpha leaves the set
      bool dropped = false;
      for (std::size_t i = 0; i < passive.size(); ++i) dropped = dropped || !in_passive[passive[i]];
      if (!dropped) {
        for (std::size_t i = 0; i < passive.size(); ++i) {
          if (z(i) <= 0.0) {
            in_passive[passive[i]] = false;
            w(passive[i]) = 0.0;
            break;
          }
        }
      }
      if (w.sum() > 0) w /= w.sum();
    }
    // Outer step: the multiplier check on the columns outside the set.
    const Eigen::VectorXd g = q * w - c;
    nu = 0.0;
    int support = 0;
    for (Eigen::Index j = 0; j < n; ++j) {
      if (in_passive[j]) nu -= g(j), ++support;
    }
    nu /= std::max(support, 1);
    Eigen::Index entering = -1;
    double most_negative = -tol;
    for (Eigen::Index j = 0; j < n; ++j) {
      if (!in_passive[j] && g(j) + nu < most_negative) most_negative = g(j) + nu, entering = j;
    }
    r.max_kkt_violation = std::max(0.0, -(most_negative < -tol ? most_negative : 0.0));
    if (entering < 0) {
      r.converged = true;
      break;
    }
    in_passive[entering] = true;
  }
  w = w.cwiseMax(0.0);
  w /= w.sum();
  r.weights = w;
  r.objective = (a * w - b).squaredNorm();
  r.message = r.converged ? "KKT conditions met in " + std::to_string(r.iterations) + " steps"
                          : "iteration limit " + std::to_string(options.max_iterations) +
                                " reached; weights may not be optimal";
  return r;
}

}  // namespace harmcast::causal
