#include "models/timeseries/structural_kalman.hpp"

#include <cmath>
#include <numbers>

namespace harmcast::timeseries::detail {
namespace {

const double kLog2Pi = std::log(2 * std::numbers::pi);
// F_inf below this (relative to the unit-scale P_inf) counts as zero: the step is proper.
constexpr double kDiffuseTolerance = 1e-8;

// The non-zero entries of the transition T by row (compressed rows). Structural transitions are
// sparse (a dummy seasonal block is a row of -1 and a shift, ~2m entries of m^2), so T P T'
// costs O(nnz m) this way; sums run along rows in registers.
struct SparseTransition {
  std::vector<int> row_start, col;
  std::vector<double> value;
  explicit SparseTransition(const Eigen::MatrixXd& T) {
    row_start.push_back(0);
    for (int i = 0; i < T.rows(); ++i) {
      for (int j = 0; j < T.cols(); ++j)
        if (T(i, j) != 0) col.push_back(j), value.push_back(T(i, j));
      row_start.push_back(static_cast<int>(col.size()));
    }
  }
  int rows() const { return static_cast<int>(row_start.size()) - 1; }
  // (T x)_i.
  double row_times(int i, const double* x) const {
    double sum = 0;
    for (int k = row_start[i]; k < row_start[i + 1]; ++k) sum += value[k] * x[col[k]];
    return sum;
  }
  void apply(const Eigen::VectorXd& x, Eigen::VectorXd& out) const {
    for (int i = 0; i < rows(); ++i) out(i) = row_times(i, x.data());
  }
  // P <- T P T' for a symmetric P, through work = P T' (column i = sum_k T_ik P_.k: whole
  // contiguous columns) and P = T work (column c = T work_.c).
  void conjugate(Eigen::MatrixXd& P, Eigen::MatrixXd& work) const {
    for (int i = 0; i < rows(); ++i) {
      auto w = work.col(i);
      w.setZero();
      for (int k = row_start[i]; k < row_start[i + 1]; ++k) w += value[k] * P.col(col[k]);
    }
    for (Eigen::Index c = 0; c < P.cols(); ++c) {
      const double* w = work.col(c).data();
      double* p = P.col(c).data();
      for (int i = 0; i < rows(); ++i) p[i] = row_times(i, w);
    }
  }
};

}  // namespace

Eigen::VectorXd StateSpace::observation(int t) const {
  if (regressors == nullptr || regressors->empty()) return z;
  Eigen::VectorXd out = z;
  for (std::size_t k = 0; k < regressors->size(); ++k)
    out(first_regression_state + static_cast<int>(k)) = (*regressors)[k][t];
  return out;
}

FilterOutput diffuse_filter(const StateSpace& model, const std::vector<double>& y) {
  const int n = static_cast<int>(y.size());
  const int m = model.dim();
  FilterOutput out;
  out.prediction.assign(n, NAN);
  out.variance.assign(n, NAN);
  out.diffuse_step.assign(n, false);
  Eigen::VectorXd a = model.a1;
  Eigen::MatrixXd p_star = model.p_star, p_inf = model.p_inf;
  bool diffuse = p_inf.cwiseAbs().maxCoeff() > 0;
  const SparseTransition T(model.T);
  Eigen::VectorXd Z = model.z, m_star(m), m_inf(m), a_next(m);
  Eigen::MatrixXd work(m, m);
  const bool has_regressors = model.regressors != nullptr && !model.regressors->empty();
  // States Z_t can load on (z is mostly zeros: level and one seasonal state), so P Z sums a few
  // columns instead of a full product.
  std::vector<int> loaded;
  for (int j = 0; j < m; ++j)
    if (model.z(j) != 0 || (has_regressors && j >= model.first_regression_state))
      loaded.push_back(j);
  const auto times_z = [&](const Eigen::MatrixXd& P, Eigen::VectorXd& out) {
    out.setZero();
    for (int j : loaded) out += Z(j) * P.col(j);
  };
  for (int t = 0; t < n; ++t) {
    if (has_regressors)
      for (std::size_t k = 0; k < model.regressors->size(); ++k)
        Z(model.first_regression_state + static_cast<int>(k)) = (*model.regressors)[k][t];
    times_z(p_star, m_star);
    const double f_star = Z.dot(m_star) + model.h;
    out.prediction[t] = Z.dot(a);
    out.variance[t] = f_star;
    if (!std::isnan(y[t])) {
      const double v = y[t] - Z.dot(a);
      ++out.n_observed;
      double f_inf = 0.0;
      if (diffuse) {
        times_z(p_inf, m_inf);
        f_inf = Z.dot(m_inf);
      }
      if (f_inf > kDiffuseTolerance) {
        // Exact initial update (Durbin & Koopman 2012, eq. 5.12 in filtered form).
        out.diffuse_step[t] = true;
        ++out.n_diffuse;
        a += m_inf * (v / f_inf);
        p_star.noalias() += (f_star / (f_inf * f_inf)) * (m_inf * m_inf.transpose());
        p_star.noalias() -= (m_star * m_inf.transpose() + m_inf * m_star.transpose()) / f_inf;
        p_inf.noalias() -= (m_inf * m_inf.transpose()) / f_inf;
        out.loglik -= 0.5 * (kLog2Pi + std::log(f_inf));
      } else {
        a += m_star * (v / f_star);
        p_star.noalias() -= (m_star * m_star.transpose()) / f_star;
        out.loglik -= 0.5 * (kLog2Pi + std::log(f_star) + v * v / f_star);
      }
    }
    T.apply(a, a_next);
    a.swap(a_next);
    T.conjugate(p_star, work);
    p_star.diagonal() += model.q;
    if (diffuse) {
      T.conjugate(p_inf, work);
      if (p_inf.cwiseAbs().maxCoeff() < kDiffuseTolerance) {
        p_inf.setZero();
        diffuse = false;
      }
    }
  }
  out.diffuse_ended = !diffuse;
  out.a_end = a;
  out.p_end = 0.5 * (p_star + p_star.transpose());
  return out;
}

SmootherOutput smooth_states(const StateSpace& model, const std::vector<double>& y, double kappa) {
  const int n = static_cast<int>(y.size());
  const int m = model.dim();
  const Eigen::MatrixXd& T = model.T;
  // Forward pass with the large finite prior, storing what the backward pass needs.
  std::vector<Eigen::VectorXd> a_pred(n), gain(n);
  std::vector<Eigen::MatrixXd> p_pred(n);
  std::vector<double> innovation(n, NAN), f(n, NAN);
  Eigen::VectorXd a = model.a1;
  Eigen::MatrixXd P = model.p_star + kappa * model.p_inf;
  for (int t = 0; t < n; ++t) {
    a_pred[t] = a;
    p_pred[t] = P;
    const Eigen::VectorXd Z = model.observation(t);
    if (!std::isnan(y[t])) {
      const Eigen::VectorXd M = P * Z;
      f[t] = Z.dot(M) + model.h;
      innovation[t] = y[t] - Z.dot(a);
      gain[t] = T * M / f[t];  // K_t = T P_t Z_t / F_t
      a += M * (innovation[t] / f[t]);
      P -= (M * M.transpose()) / f[t];
    }
    a = T * a;
    P = T * P * T.transpose();
    P.diagonal() += model.q;
    P = 0.5 * (P + P.transpose());
  }
  // Backward pass (Durbin & Koopman 2012, eqs. 4.44 and 4.69).
  SmootherOutput out;
  out.state.resize(n);
  out.variance.resize(n);
  Eigen::VectorXd r = Eigen::VectorXd::Zero(m);
  Eigen::MatrixXd N = Eigen::MatrixXd::Zero(m, m);
  for (int t = n - 1; t >= 0; --t) {
    if (!std::isnan(y[t])) {
      const Eigen::VectorXd Z = model.observation(t);
      const Eigen::MatrixXd L = T - gain[t] * Z.transpose();
      r = Z * (innovation[t] / f[t]) + L.transpose() * r;
      N = (Z * Z.transpose()) / f[t] + L.transpose() * N * L;
    } else {
      r = T.transpose() * r;
      N = T.transpose() * N * T;
    }
    out.state[t] = a_pred[t] + p_pred[t] * r;
    out.variance[t] = (p_pred[t] - p_pred[t] * N * p_pred[t]).diagonal().cwiseMax(0.0);
  }
  return out;
}

}  // namespace harmcast::timeseries::detail
