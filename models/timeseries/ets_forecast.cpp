#include "models/timeseries/ets_forecast.hpp"

#include <Eigen/Dense>
#include <cmath>

namespace harmcast::timeseries {
namespace {

using Eigen::MatrixXd;
using Eigen::RowVectorXd;
using Eigen::VectorXd;

MatrixXd kronecker(const MatrixXd& a, const MatrixXd& b) {
  MatrixXd out(a.rows() * b.rows(), a.cols() * b.cols());
  for (Eigen::Index i = 0; i < a.rows(); ++i)
    for (Eigen::Index j = 0; j < a.cols(); ++j)
      out.block(i * b.rows(), j * b.cols(), b.rows(), b.cols()) = a(i, j) * b;
  return out;
}

struct Class1 {
  std::vector<double> mu, var, c;
};

// R's class1: linear state-space mean and variance.
Class1 class1(const EtsStructure& s, const EtsSmoothing& par, const VectorXd& x, double sigma2,
              int h) {
  const int p = static_cast<int>(x.size()), m = s.period;
  const double phi = s.damped ? par.phi : 1.0;
  RowVectorXd H = RowVectorXd::Zero(p);
  H(0) = 1;
  if (s.season == EtsType::kAdditive) H(p - 1) = 1;
  if (s.trend == EtsType::kAdditive) H(1) = phi;
  MatrixXd F = MatrixXd::Zero(p, p);
  F(0, 0) = 1;
  if (s.trend == EtsType::kAdditive) F(0, 1) = F(1, 1) = phi;
  if (s.season == EtsType::kAdditive) {
    F(p - m, p - 1) = 1;
    for (int k = 0; k < m - 1; ++k) F(p - m + 1 + k, p - m + k) = 1;
  }
  VectorXd G = VectorXd::Zero(p);
  G(0) = par.alpha;
  if (s.trend == EtsType::kAdditive) G(1) = par.beta;
  if (s.season == EtsType::kAdditive) G(p - m) = par.gamma;
  Class1 out;
  out.mu.resize(h);
  out.var.resize(h);
  out.c.assign(std::max(h - 1, 0), 0.0);
  MatrixXd Fj = MatrixXd::Identity(p, p);
  double cumulative = 0;
  for (int i = 0; i < h; ++i) {
    const RowVectorXd HF = H * Fj;
    out.mu[i] = HF.dot(x);
    out.var[i] = sigma2 * (1 + cumulative);
    if (i < h - 1) {
      out.c[i] = HF.dot(G);
      cumulative += out.c[i] * out.c[i];
      Fj = Fj * F;
    }
  }
  return out;
}

EtsMoments class2(const EtsStructure& s, const EtsSmoothing& par, const VectorXd& x, double sigma2,
                  int h) {
  const Class1 c1 = class1(s, par, x, sigma2, h);
  std::vector<double> theta(h);
  theta[0] = c1.mu[0] * c1.mu[0];
  for (int j = 1; j < h; ++j) {
    double sum = 0;
    for (int k = 0; k < j; ++k) sum += c1.c[k] * c1.c[k] * theta[j - 1 - k];
    theta[j] = c1.mu[j] * c1.mu[j] + sigma2 * sum;
  }
  EtsMoments out{c1.mu, std::vector<double>(h)};
  for (int j = 0; j < h; ++j) out.variance[j] = (1 + sigma2) * theta[j] - c1.mu[j] * c1.mu[j];
  return out;
}

EtsMoments class3(const EtsStructure& s, const EtsSmoothing& par, const VectorXd& x, double sigma2,
                  int h) {
  const int p = static_cast<int>(x.size()), m = s.period;
  const int q = s.has_trend() ? 2 : 1;
  const MatrixXd H1 = MatrixXd::Ones(1, q);
  MatrixXd H2 = MatrixXd::Zero(1, m);
  H2(0, m - 1) = 1;
  MatrixXd F1(q, q), G1(q, q);
  if (q == 1) {
    F1 << 1;
    G1 << par.alpha;
  } else {
    F1 << 1, 1, 0, (s.damped ? par.phi : 1.0);
    G1 << par.alpha, par.alpha, par.beta, par.beta;
  }
  MatrixXd F2 = MatrixXd::Zero(m, m);
  F2(0, m - 1) = 1;
  for (int k = 1; k < m; ++k) F2(k, k - 1) = 1;
  MatrixXd G2 = MatrixXd::Zero(m, m);
  G2(0, m - 1) = par.gamma;
  MatrixXd Mh = x.head(p - m) * x.tail(m).transpose();
  const int r = q * m;
  MatrixXd Vh = MatrixXd::Zero(r, r);
  const MatrixXd H21 = kronecker(H2, H1), F21 = kronecker(F2, F1), G21 = kronecker(G2, G1);
  const MatrixXd K = kronecker(G2, F1) + kronecker(F2, G1);
  EtsMoments out{std::vector<double>(h), std::vector<double>(h)};
  for (int i = 0; i < h; ++i) {
    out.mean[i] = (H1 * Mh * H2.transpose())(0, 0);
    out.variance[i] =
        (1 + sigma2) * (H21 * Vh * H21.transpose())(0, 0) + sigma2 * out.mean[i] * out.mean[i];
    const VectorXd vecMh = Eigen::Map<const VectorXd>(Mh.data(), r);  // column-major = R's c()
    const MatrixXd outer = vecMh * vecMh.transpose();
    Vh = (F21 * Vh * F21.transpose() +
          sigma2 * (F21 * Vh * G21.transpose() + G21 * Vh * F21.transpose() +
                    K * (Vh + outer) * K.transpose() +
                    sigma2 * G21 * (3 * Vh + 2 * outer) * G21.transpose()))
             .eval();
    Mh = (F1 * Mh * F2.transpose() + G1 * Mh * G2.transpose() * sigma2).eval();
  }
  return out;
}

}  // namespace

bool ets_has_analytic_variance(const EtsStructure& s) {
  const bool linear_parts = s.trend != EtsType::kMultiplicative;
  if (s.error == EtsType::kAdditive) return linear_parts && s.season != EtsType::kMultiplicative;
  return linear_parts;  // class 2 (season N/A) or class 3 (season M)
}

EtsMoments ets_moments(const EtsStructure& s, const EtsSmoothing& par,
                       const std::vector<double>& last_state, double sigma2, int h) {
  const VectorXd x = Eigen::Map<const VectorXd>(last_state.data(), last_state.size());
  if (!ets_has_analytic_variance(s)) return {ets_point_forecast(x.data(), s, par.phi, h), {}};
  if (s.error == EtsType::kAdditive) {
    Class1 c = class1(s, par, x, sigma2, h);
    return {std::move(c.mu), std::move(c.var)};
  }
  if (s.season != EtsType::kMultiplicative) return class2(s, par, x, sigma2, h);
  return class3(s, par, x, sigma2, h);
}

double quantile_type8(const std::vector<double>& sorted, double probability) {
  const double n = static_cast<double>(sorted.size());
  const double position = (n + 1.0 / 3.0) * probability + 1.0 / 3.0;  // 1-based
  const double j = std::floor(position), g = position - j;
  if (j < 1) return sorted.front();
  if (j >= n) return sorted.back();
  const auto i = static_cast<std::size_t>(j) - 1;
  return sorted[i] + g * (sorted[i + 1] - sorted[i]);
}

}  // namespace harmcast::timeseries
