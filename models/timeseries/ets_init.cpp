#include "models/timeseries/ets_init.hpp"

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <numbers>

#include "engine/core/error.hpp"

namespace harmcast::timeseries {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// stats::decompose's seasonal component (position-based from the first observation).
std::vector<double> decompose_seasonal(const std::vector<double>& y, int m, bool multiplicative) {
  const int n = static_cast<int>(y.size());
  // Centred moving average: 2 x m for even m, m for odd m (stats::filter, sides = 2).
  std::vector<double> weights;
  if (m % 2 == 0) {
    weights.assign(m + 1, 1.0 / m);
    weights.front() = weights.back() = 0.5 / m;
  } else {
    weights.assign(m, 1.0 / m);
  }
  const int nf = static_cast<int>(weights.size()), shift = nf / 2;
  std::vector<double> detrended(n, kNaN);
  for (int i = shift; i + shift < n; ++i) {
    double z = 0;
    for (int j = 0; j < nf; ++j) z += weights[j] * y[i + shift - j];
    detrended[i] = multiplicative ? y[i] / z : y[i] - z;
  }
  std::vector<double> figure(m);
  std::vector<double> values;
  for (int i = 0; i < m; ++i) {
    values.clear();
    for (int t = i; t < n; t += m)
      if (!std::isnan(detrended[t])) values.push_back(detrended[t]);
    figure[i] = r_mean(values.data(), static_cast<int>(values.size()));
  }
  const double centre = r_mean(figure.data(), m);
  for (double& v : figure) v = multiplicative ? v / centre : v - centre;
  std::vector<double> seasonal(n);
  for (int t = 0; t < n; ++t) seasonal[t] = figure[t % m];
  return seasonal;
}

// Short seasonal series: y ~ 1 + t + sin(2 pi t / m) + cos(2 pi t / m) (forecast's tslm on
// fourier(y, 1)); the seasonal part is what the level and trend do not explain.
std::vector<double> fourier_seasonal(const std::vector<double>& y, int m, bool multiplicative) {
  const int n = static_cast<int>(y.size());
  const bool has_sin = m != 2;  // sin(pi t) vanishes: fourier() drops that column
  Eigen::MatrixXd X(n, has_sin ? 4 : 3);
  Eigen::VectorXd v(n);
  for (int t = 1; t <= n; ++t) {
    const double angle = 2.0 * std::numbers::pi * t / m;
    int col = 0;
    X(t - 1, col++) = 1.0;
    X(t - 1, col++) = t;
    if (has_sin) X(t - 1, col++) = std::sin(angle);
    X(t - 1, col++) = std::cos(angle);
    v(t - 1) = y[t - 1];
  }
  const Eigen::VectorXd coef = X.colPivHouseholderQr().solve(v);
  std::vector<double> seasonal(n);
  for (int t = 1; t <= n; ++t) {
    const double line = coef(0) + coef(1) * t;
    seasonal[t - 1] = multiplicative ? y[t - 1] / line : y[t - 1] - line;
  }
  return seasonal;
}

}  // namespace

double r_mean(const double* x, int n) {
  if (n == 0) return kNaN;
  long double s = 0.0L;
  for (int i = 0; i < n; ++i) s += x[i];
  s /= n;
  if (std::isfinite(static_cast<double>(s))) {
    long double t = 0.0L;
    for (int i = 0; i < n; ++i) t += (x[i] - s);
    s += t / n;
  }
  return static_cast<double>(s);
}

std::vector<double> ets_initial_states(const std::vector<double>& y,
                                       const EtsStructure& structure) {
  const int n = static_cast<int>(y.size());
  std::vector<double> adjusted = y;
  std::vector<double> seasons;
  int m = 1;
  if (structure.has_season()) {
    m = structure.period;
    if (n < 4)
      throw Error("ets", "a seasonal model needs at least 4 observations",
                  "use a non-seasonal model");
    const bool mult = structure.season == EtsType::kMultiplicative;
    const std::vector<double> seasonal =
        n < 3 * m ? fourier_seasonal(y, m, mult) : decompose_seasonal(y, m, mult);
    for (int k = m - 1; k >= 1; --k) seasons.push_back(seasonal[k]);  // rev(seasonal[2:m])
    if (!mult) {
      for (int t = 0; t < n; ++t) adjusted[t] = y[t] - seasonal[t];
    } else {
      double sum = 0;
      for (double& s : seasons) s = std::max(s, 1e-2), sum += s;
      if (sum > m) {
        double denominator = 0;
        for (double s : seasons) denominator += s + 1e-2;
        for (double& s : seasons) s /= denominator;
      }
      for (int t = 0; t < n; ++t) adjusted[t] = y[t] / std::max(seasonal[t], 1e-2);
    }
  }
  const int maxn = std::min(std::max(10, 2 * m), n);
  std::vector<double> state;
  if (!structure.has_trend()) {
    state.push_back(r_mean(adjusted.data(), maxn));
  } else {
    // Least-squares line through (1..maxn, adjusted[0..maxn-1]) (R's lsfit).
    double tbar = (maxn + 1) / 2.0, abar = r_mean(adjusted.data(), maxn);
    double sxy = 0, sxx = 0;
    for (int t = 1; t <= maxn; ++t) {
      sxy += (t - tbar) * (adjusted[t - 1] - abar);
      sxx += (t - tbar) * (t - tbar);
    }
    const double slope = sxy / sxx, intercept = abar - slope * tbar;
    double l0, b0;
    if (structure.trend == EtsType::kAdditive) {
      l0 = intercept;
      b0 = slope;
      if (std::fabs(l0 + b0) < 1e-8) {  // keep l0 + b0 away from 0 for multiplicative errors
        l0 = l0 * (1 + 1e-3);
        b0 = b0 * (1 - 1e-3);
      }
    } else {
      l0 = intercept + slope;
      if (std::fabs(l0) < 1e-8) l0 = 1e-7;
      b0 = (intercept + 2 * slope) / l0;
      l0 = l0 / b0;
      if (std::fabs(b0) > 1e10) b0 = b0 > 0 ? 1e10 : -1e10;
      if (l0 < 1e-8 || b0 < 1e-8) {
        l0 = std::max(adjusted[0], 1e-3);
        b0 = std::max(adjusted[1] / adjusted[0], 1e-3);
      }
    }
    state.push_back(l0);
    state.push_back(b0);
  }
  state.insert(state.end(), seasons.begin(), seasons.end());
  return state;
}

EtsSmoothing ets_initial_smoothing(const EtsStructure& structure, EtsBounds bounds,
                                   EtsLimits limits) {
  auto& lower = limits.lower;
  auto& upper = limits.upper;
  if (bounds == EtsBounds::kAdmissible) {
    for (int k = 0; k < 3; ++k) lower[k] = 0.0, upper[k] = 1e-3;
  }
  const int m = structure.has_season() ? structure.period : 1;
  EtsSmoothing p;
  p.alpha = lower[0] + 0.2 * (upper[0] - lower[0]) / m;
  if (p.alpha > 1 || p.alpha < 0) p.alpha = lower[0] + 2e-3;
  if (structure.has_trend()) {
    upper[1] = std::min(upper[1], p.alpha);
    p.beta = lower[1] + 0.1 * (upper[1] - lower[1]);
    if (p.beta < 0 || p.beta > p.alpha) p.beta = p.alpha - 1e-3;
  }
  if (structure.has_season()) {
    upper[2] = std::min(upper[2], 1 - p.alpha);
    p.gamma = lower[2] + 0.05 * (upper[2] - lower[2]);
    if (p.gamma < 0 || p.gamma > 1 - p.alpha) p.gamma = 1 - p.alpha - 1e-3;
  }
  if (structure.damped) {
    p.phi = lower[3] + .99 * (upper[3] - lower[3]);
    if (p.phi < 0 || p.phi > 1) p.phi = upper[3] - 1e-3;
  }
  return p;
}

}  // namespace harmcast::timeseries
