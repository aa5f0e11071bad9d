// LDL' factorisation with dropped pivots, the generalised inverse and solve that coxph uses to
// mark aliased columns (a pivot below toler x the largest diagonal is treated as exactly 0).
// Same rule as survival's cholesky2/chsolve2/chinv2; a dropped pivot also zeroes its column of L
// so that it cannot leak into the other columns.
#include <cmath>

#include "models/regression/cox_risk_sets.hpp"

namespace harmcast::cox_detail {

CoxLdl ldl_factor(const Eigen::MatrixXd& matrix, double toler) {
  CoxLdl ldl;
  const Eigen::Index n = matrix.rows();
  ldl.factor = matrix;
  Eigen::MatrixXd& m = ldl.factor;
  double eps = 0;
  for (Eigen::Index i = 0; i < n; ++i) {
    eps = std::max(eps, m(i, i));
    for (Eigen::Index j = i + 1; j < n; ++j) m(j, i) = m(i, j);
  }
  eps = (eps == 0) ? toler : eps * toler;
  for (Eigen::Index i = 0; i < n; ++i) {
    const double pivot = m(i, i);
    if (!std::isfinite(pivot) || pivot < eps) {
      if (pivot < -8 * eps) ldl.negative = true;
      m(i, i) = 0;
      for (Eigen::Index j = i + 1; j < n; ++j) m(j, i) = 0;
      continue;
    }
    ++ldl.rank;
    for (Eigen::Index j = i + 1; j < n; ++j) {
      const double t = m(j, i) / pivot;
      m(j, i) = t;
      m(j, j) -= t * t * pivot;
      for (Eigen::Index k = j + 1; k < n; ++k) m(k, j) -= t * m(k, i);
    }
  }
  return ldl;
}

Eigen::VectorXd ldl_solve(const CoxLdl& ldl, const Eigen::VectorXd& rhs) {
  const Eigen::MatrixXd& m = ldl.factor;
  const Eigen::Index n = m.rows();
  Eigen::VectorXd y = rhs;
  for (Eigen::Index i = 0; i < n; ++i)
    for (Eigen::Index j = 0; j < i; ++j) y[i] -= y[j] * m(i, j);
  for (Eigen::Index i = n - 1; i >= 0; --i) {
    if (m(i, i) == 0) {
      y[i] = 0;
      continue;
    }
    double t = y[i] / m(i, i);
    for (Eigen::Index j = i + 1; j < n; ++j) t -= y[j] * m(j, i);
    y[i] = t;
  }
  return y;
}

Eigen::MatrixXd ldl_inverse(const CoxLdl& ldl) {
  const Eigen::Index n = ldl.factor.rows();
  // inverse = L^-T D^+ L^-1, computed column by column through ldl_solve on unit vectors,
  // then dropped pivots zeroed (p is small: at most a few hundred columns).
  Eigen::MatrixXd inverse(n, n);
  for (Eigen::Index j = 0; j < n; ++j) inverse.col(j) = ldl_solve(ldl, Eigen::VectorXd::Unit(n, j));
  for (Eigen::Index i = 0; i < n; ++i) {
    if (ldl.factor(i, i) == 0) {
      inverse.row(i).setZero();
      inverse.col(i).setZero();
    }
  }
  return 0.5 * (inverse + inverse.transpose());
}

}  // namespace harmcast::cox_detail
