#include "models/timeseries/structural_kalman.hpp"

#include <Eigen/SparseCore>
#include <cmath>
#include <numbers>

namespace harmcast::timeseries::detail {
namespace {

const double kLog2Pi = std::log(2 * std::numbers::pi);
// F_inf below this (relative to the unit-scale P_inf) counts as zero: the step is proper.
constexpr double kDiffuseTolerance = 1e-8;

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
  // Structural transitions are sparse (a seasonal block is a row of -1 and a shift): T P T' by
  // sparse products costs O(nnz m) instead of O(m^3).
  const Eigen::SparseMatrix<double> T = model.T.sparseView();
  const Eigen::SparseMatrix<double> Tt = T.transpose();
  Eigen::VectorXd Z = model.z, m_star(m), m_inf(m), a_next(m);
  Eigen::MatrixXd work(m, m);
  const bool has_regressors = model.regressors != nullptr && !model.regressors->empty();
  for (int t = 0; t < n; ++t) {
    if (has_regressors)
      for (std::size_t k = 0; k < model.regressors->size(); ++k)
        Z(model.first_regression_state + static_cast<int>(k)) = (*model.regressors)[k][t];
    m_star.noalias() = p_star * Z;
    const double f_star = Z.dot(m_star) + model.h;
    out.prediction[t] = Z.dot(a);
    out.variance[t] = f_star;
    if (!std::isnan(y[t])) {
      const double v = y[t] - Z.dot(a);
      ++out.n_observed;
      double f_inf = 0.0;
      if (diffuse) {
        m_inf.noalias() = p_inf * Z;
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
    a_next.noalias() = T * a;
    a.swap(a_next);
    work.noalias() = T * p_star;
    p_star.noalias() = work * Tt;
    p_star.diagonal() += model.q;
    if (diffuse) {
      work.noalias() = T * p_inf;
      p_inf.noalias() = work * Tt;
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
