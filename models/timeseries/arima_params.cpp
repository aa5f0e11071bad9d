#include "models/timeseries/arima_params.hpp"

#include <Eigen/Dense>
#include <cmath>

#include "engine/core/error.hpp"

namespace harmcast::timeseries::detail {

void pacf_to_ar(int p, const double* raw, double* ar) {
  if (p > 100) throw InternalError("pacf_to_ar: more than 100 AR parameters");
  double work[100];
  for (int j = 0; j < p; ++j) work[j] = ar[j] = std::tanh(raw[j]);
  for (int j = 1; j < p; ++j) {
    const double a = ar[j];
    for (int k = 0; k < j; ++k) work[k] -= a * ar[j - k - 1];
    for (int k = 0; k < j; ++k) ar[k] = work[k];
  }
}

void ar_to_pacf(int p, const double* ar, double* raw) {
  if (p > 100) throw InternalError("ar_to_pacf: more than 100 AR parameters");
  double work[100];
  for (int j = 0; j < p; ++j) work[j] = raw[j] = ar[j];
  // Durbin-Levinson run backwards: AR coefficients -> partial autocorrelations.
  for (int j = p - 1; j > 0; --j) {
    const double a = raw[j];
    for (int k = 0; k < j; ++k) work[k] = (raw[k] + a * raw[j - k - 1]) / (1 - a * a);
    for (int k = 0; k < j; ++k) raw[k] = work[k];
  }
  for (int j = 0; j < p; ++j) raw[j] = std::atanh(raw[j]);
}

std::vector<double> transform_ar_blocks(const std::vector<double>& params, const ArmaOrder& order) {
  std::vector<double> out = params;
  if (order.p > 0) pacf_to_ar(order.p, params.data(), out.data());
  const int v = order.p + order.q;
  if (order.P > 0) pacf_to_ar(order.P, params.data() + v, out.data() + v);
  return out;
}

std::vector<double> untransform_ar_blocks(const std::vector<double>& params,
                                          const ArmaOrder& order) {
  std::vector<double> out = params;
  if (order.p > 0) ar_to_pacf(order.p, params.data(), out.data());
  const int v = order.p + order.q;
  if (order.P > 0) ar_to_pacf(order.P, params.data() + v, out.data() + v);
  return out;
}

ArmaPolynomials expand_arma(const double* in, const ArmaOrder& order, bool transform) {
  const int mp = order.p, mq = order.q, msp = order.P, msq = order.Q, s = order.period;
  double local[200];
  const double* params = in;
  if (transform && (mp > 0 || msp > 0)) {
    const int n = mp + mq + msp + msq;
    for (int i = 0; i < n; ++i) local[i] = in[i];
    if (mp > 0) pacf_to_ar(mp, in, local);
    if (msp > 0) pacf_to_ar(msp, in + mp + mq, local + mp + mq);
    params = local;
  }
  ArmaPolynomials out;
  const int p = mp + s * msp, q = mq + s * msq;
  out.phi.assign(p, 0.0);
  out.theta.assign(q, 0.0);
  for (int i = 0; i < mp; ++i) out.phi[i] = params[i];
  for (int i = 0; i < mq; ++i) out.theta[i] = params[i + mp];
  for (int j = 0; j < msp; ++j) {
    const double sar = params[j + mp + mq];
    out.phi[(j + 1) * s - 1] += sar;
    for (int i = 0; i < mp; ++i) out.phi[(j + 1) * s + i] -= params[i] * sar;
  }
  for (int j = 0; j < msq; ++j) {
    const double sma = params[j + mp + mq + msp];
    out.theta[(j + 1) * s - 1] += sma;
    for (int i = 0; i < mq; ++i) out.theta[(j + 1) * s + i] += params[i + mp] * sma;
  }
  return out;
}

std::vector<std::complex<double>> polynomial_roots(const std::vector<double>& c) {
  int k = static_cast<int>(c.size());
  while (k > 0 && c[k - 1] == 0.0) --k;
  if (k == 0) return {};
  // Roots of c_k z^k + ... + c_1 z + 1: eigenvalues of the companion matrix of the monic form.
  Eigen::MatrixXd companion = Eigen::MatrixXd::Zero(k, k);
  for (int i = 0; i < k; ++i) {
    const double coefficient = i == 0 ? 1.0 : c[i - 1];
    companion(0, k - 1 - i) = -coefficient / c[k - 1];
  }
  for (int i = 1; i < k; ++i) companion(i, i - 1) = 1.0;
  Eigen::EigenSolver<Eigen::MatrixXd> solver(companion, false);
  std::vector<std::complex<double>> roots(k);
  for (int i = 0; i < k; ++i) roots[i] = solver.eigenvalues()[i];
  return roots;
}

bool ar_is_stationary(const std::vector<double>& ar) {
  std::vector<double> c(ar.size());
  for (std::size_t i = 0; i < ar.size(); ++i) c[i] = -ar[i];
  for (const auto& root : polynomial_roots(c))
    if (std::abs(root) <= 1.0) return false;
  return true;
}

std::vector<double> invert_ma(const std::vector<double>& ma) {
  const int q = static_cast<int>(ma.size());
  int q0 = q;
  while (q0 > 0 && ma[q0 - 1] == 0.0) --q0;
  if (q0 == 0) return ma;
  std::vector<double> c(ma.begin(), ma.begin() + q0);
  auto roots = polynomial_roots(c);
  bool any_inside = false;
  for (const auto& root : roots) any_inside = any_inside || std::abs(root) < 1.0;
  if (!any_inside) return ma;
  std::vector<double> out(q, 0.0);
  if (q0 == 1) {
    out[0] = 1.0 / ma[0];
    return out;
  }
  for (auto& root : roots)
    if (std::abs(root) < 1.0) root = 1.0 / root;
  // Rebuild prod (1 - z / root_i) and keep the real parts.
  std::vector<std::complex<double>> poly{1.0};
  for (const auto& root : roots) {
    std::vector<std::complex<double>> next(poly.size() + 1, 0.0);
    for (std::size_t i = 0; i < poly.size(); ++i) {
      next[i] += poly[i];
      next[i + 1] -= poly[i] / root;
    }
    poly = std::move(next);
  }
  for (int i = 0; i < q0; ++i) out[i] = poly[i + 1].real();
  return out;
}

std::vector<double> differencing_polynomial(int d, int D, int period) {
  std::vector<double> poly{1.0};
  auto multiply = [&poly](const std::vector<double>& factor) {
    std::vector<double> next(poly.size() + factor.size() - 1, 0.0);
    for (std::size_t i = 0; i < poly.size(); ++i)
      for (std::size_t j = 0; j < factor.size(); ++j) next[i + j] += poly[i] * factor[j];
    poly = std::move(next);
  };
  for (int i = 0; i < d; ++i) multiply({1.0, -1.0});
  for (int i = 0; i < D; ++i) {
    std::vector<double> seasonal(period + 1, 0.0);
    seasonal[0] = 1.0;
    seasonal[period] = -1.0;
    multiply(seasonal);
  }
  std::vector<double> delta(poly.size() - 1);
  for (std::size_t i = 1; i < poly.size(); ++i) delta[i - 1] = -poly[i];
  return delta;
}

std::vector<double> difference(const std::vector<double>& x, int d, int D, int period) {
  std::vector<double> w = x;
  for (int i = 0; i < d; ++i) {
    if (w.size() <= 1) return {};
    for (std::size_t t = w.size() - 1; t > 0; --t) w[t] -= w[t - 1];
    w.erase(w.begin());
  }
  for (int i = 0; i < D; ++i) {
    if (static_cast<int>(w.size()) <= period) return {};
    for (std::size_t t = w.size() - 1; t >= static_cast<std::size_t>(period); --t)
      w[t] -= w[t - period];
    w.erase(w.begin(), w.begin() + period);
  }
  return w;
}

}  // namespace harmcast::timeseries::detail
