#include "models/timeseries/unit_root.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "engine/core/error.hpp"

namespace harmcast::timeseries {
namespace {

std::vector<double> drop_missing(const std::vector<double>& y) {
  std::vector<double> out;
  out.reserve(y.size());
  for (double v : y)
    if (!std::isnan(v)) out.push_back(v);
  return out;
}

double variance(const std::vector<double>& x) {
  double mean = 0.0;
  int n = 0;
  for (double v : x)
    if (!std::isnan(v)) mean += v, ++n;
  if (n < 2) return 0.0;
  mean /= n;
  double ss = 0.0;
  for (double v : x)
    if (!std::isnan(v)) ss += (v - mean) * (v - mean);
  return ss / (n - 1);
}

// ---- STL (Cleveland, Cleveland, McRae & Terpenning 1990), non-robust, as stats::stl. ----

// Local (degree 0 or 1) tricube-weighted fit at abscissa xs using y[left..right] (1-based
// positions as in the paper's description). Returns false if all weights are zero.
bool loess_point(const double* y, int n, int span, int degree, double xs, int left, int right,
                 double* w, double& ys) {
  const double range = n - 1.0;
  double h = std::max(xs - left, right - xs);
  if (span > n) h += (span - n) / 2;
  const double h9 = 0.999 * h, h1 = 0.001 * h;
  double total = 0.0;
  for (int j = left; j <= right; ++j) {
    w[j - 1] = 0.0;
    const double r = std::abs(j - xs);
    if (r <= h9) {
      w[j - 1] = r <= h1 ? 1.0 : std::pow(1.0 - std::pow(r / h, 3), 3);
      total += w[j - 1];
    }
  }
  if (total <= 0.0) return false;
  for (int j = left; j <= right; ++j) w[j - 1] /= total;
  if (h > 0.0 && degree > 0) {
    double a = 0.0;
    for (int j = left; j <= right; ++j) a += w[j - 1] * j;
    double b = xs - a, c = 0.0;
    for (int j = left; j <= right; ++j) c += w[j - 1] * (j - a) * (j - a);
    if (std::sqrt(c) > 0.001 * range) {
      b /= c;
      for (int j = left; j <= right; ++j) w[j - 1] *= b * (j - a) + 1.0;
    }
  }
  ys = 0.0;
  for (int j = left; j <= right; ++j) ys += w[j - 1] * y[j - 1];
  return true;
}

// Loess smoothing of y (length n) evaluated every `jump` points, linear in between.
void loess_smooth(const double* y, int n, int span, int degree, int jump, double* ys,
                  std::vector<double>& w) {
  if (n < 2) {
    ys[0] = y[0];
    return;
  }
  w.resize(n);
  const int step = std::min(jump, n - 1);
  int left = 1, right = n;
  if (span >= n) {
    left = 1;
    right = n;
    for (int i = 1; i <= n; i += step)
      if (!loess_point(y, n, span, degree, i, left, right, w.data(), ys[i - 1]))
        ys[i - 1] = y[i - 1];
  } else if (step == 1) {
    const int half = (span + 1) / 2;
    left = 1;
    right = span;
    for (int i = 1; i <= n; ++i) {
      if (i > half && right != n) ++left, ++right;
      if (!loess_point(y, n, span, degree, i, left, right, w.data(), ys[i - 1]))
        ys[i - 1] = y[i - 1];
    }
  } else {
    const int half = (span + 1) / 2;
    for (int i = 1; i <= n; i += step) {
      if (i < half) {
        left = 1;
        right = span;
      } else if (i >= n - half + 1) {
        left = n - span + 1;
        right = n;
      } else {
        left = i - half + 1;
        right = span + i - half;
      }
      if (!loess_point(y, n, span, degree, i, left, right, w.data(), ys[i - 1]))
        ys[i - 1] = y[i - 1];
    }
  }
  if (step != 1) {
    for (int i = 1; i <= n - step; i += step) {
      const double delta = (ys[i + step - 1] - ys[i - 1]) / step;
      for (int j = i + 1; j <= i + step - 1; ++j) ys[j - 1] = ys[i - 1] + delta * (j - i);
    }
    const int k = ((n - 1) / step) * step + 1;
    if (k != n) {
      if (!loess_point(y, n, span, degree, n, left, right, w.data(), ys[n - 1]))
        ys[n - 1] = y[n - 1];
      if (k != n - 1) {
        const double delta = (ys[n - 1] - ys[k - 1]) / (n - k);
        for (int j = k + 1; j <= n - 1; ++j) ys[j - 1] = ys[k - 1] + delta * (j - k);
      }
    }
  }
}

void moving_average(const double* x, int n, int length, double* out) {
  const int m = n - length + 1;
  double v = 0.0;
  for (int i = 0; i < length; ++i) v += x[i];
  out[0] = v / length;
  for (int j = 1; j < m; ++j) {
    v += x[j + length - 1] - x[j - 1];
    out[j] = v / length;
  }
}

int next_odd(double x) {
  int v = static_cast<int>(std::lround(x));
  return v % 2 == 0 ? v + 1 : v;
}

}  // namespace

StlDecomposition stl(const std::vector<double>& y, int period, const StlOptions& options) {
  const int n = static_cast<int>(y.size());
  for (double v : y)
    if (std::isnan(v)) throw Error("stl", "the series has missing values", "interpolate first");
  if (period < 2 || n <= 2 * period)
    throw Error("stl",
                fmt::format("needs period >= 2 and more than two periods; got period {} "
                            "and {} values",
                            period, n),
                "");
  const int ns = std::max(3, options.s_window % 2 == 0 ? options.s_window + 1 : options.s_window);
  const int nt = next_odd(std::ceil(1.5 * period / (1.0 - 1.5 / options.s_window)));
  const int nl = next_odd(period);
  const int s_jump = static_cast<int>(std::ceil(ns / 10.0));
  const int t_jump = static_cast<int>(std::ceil(nt / 10.0));
  const int l_jump = static_cast<int>(std::ceil(nl / 10.0));
  const int s_degree = 0, t_degree = 1, l_degree = 1;

  std::vector<double> trend(n, 0.0), season(n, 0.0), detrended(n);
  std::vector<double> cycle(n + 2 * period), low1(n + 2 * period), low2(n + 2 * period), low(n);
  std::vector<double> sub, sub_smooth, w;
  for (int pass = 0; pass < options.inner; ++pass) {
    for (int i = 0; i < n; ++i) detrended[i] = y[i] - trend[i];
    // Cycle-subseries smoothing, each subseries extended one step at each end.
    for (int j = 0; j < period; ++j) {
      const int k = (n - j - 1) / period + 1;
      sub.resize(k);
      sub_smooth.assign(k + 2, 0.0);
      for (int i = 0; i < k; ++i) sub[i] = detrended[i * period + j];
      loess_smooth(sub.data(), k, ns, s_degree, s_jump, sub_smooth.data() + 1, w);
      w.resize(std::max<int>(k, 1));
      const int right = std::min(ns, k);
      if (!loess_point(sub.data(), k, ns, s_degree, 0.0, 1, right, w.data(), sub_smooth[0]))
        sub_smooth[0] = sub_smooth[1];
      const int left = std::max(1, k - ns + 1);
      if (!loess_point(sub.data(), k, ns, s_degree, k + 1.0, left, k, w.data(), sub_smooth[k + 1]))
        sub_smooth[k + 1] = sub_smooth[k];
      for (int m = 0; m < k + 2; ++m) cycle[m * period + j] = sub_smooth[m];
    }
    // Low-pass filter of the cycle: MA(period), MA(period), MA(3), then loess.
    moving_average(cycle.data(), n + 2 * period, period, low1.data());
    moving_average(low1.data(), n + period + 1, period, low2.data());
    moving_average(low2.data(), n + 2, 3, low1.data());
    loess_smooth(low1.data(), n, nl, l_degree, l_jump, low.data(), w);
    for (int i = 0; i < n; ++i) season[i] = cycle[period + i] - low[i];
    for (int i = 0; i < n; ++i) detrended[i] = y[i] - season[i];
    loess_smooth(detrended.data(), n, nt, t_degree, t_jump, trend.data(), w);
  }
  StlDecomposition out;
  out.seasonal = season;
  out.trend = trend;
  out.remainder.resize(n);
  for (int i = 0; i < n; ++i) out.remainder[i] = y[i] - season[i] - trend[i];
  return out;
}

bool is_constant(const std::vector<double>& y) {
  // all.equal(x, rep(x[1], n)): mean relative difference below 1.5e-8 (NA-aware).
  if (y.empty()) return true;
  const double first = y[0];
  if (std::isnan(first)) {
    for (double v : y)
      if (!std::isnan(v)) return false;
    return true;
  }
  double diff = 0.0, scale = 0.0;
  for (double v : y) {
    if (std::isnan(v)) return false;
    diff += std::abs(v - first);
    scale += std::abs(v);
  }
  const double n = static_cast<double>(y.size());
  if (scale / n > 1.5e-8) return diff / scale < 1.5e-8;
  return diff / n < 1.5e-8;
}

double kpss_statistic(const std::vector<double>& y_in, int lags) {
  const auto y = drop_missing(y_in);
  const int n = static_cast<int>(y.size());
  if (n < 2) throw Error("kpss", "needs at least 2 values", "");
  double mean = 0.0;
  for (double v : y) mean += v;
  mean /= n;
  std::vector<double> e(n);
  for (int t = 0; t < n; ++t) e[t] = y[t] - mean;
  double s = 0.0, numerator = 0.0, s2 = 0.0;
  for (int t = 0; t < n; ++t) {
    s += e[t];
    numerator += s * s;
    s2 += e[t] * e[t];
  }
  numerator /= static_cast<double>(n) * n;
  s2 /= n;
  double denominator = s2;
  for (int k = 1; k <= lags; ++k) {
    double cov = 0.0;
    for (int t = k; t < n; ++t) cov += e[t] * e[t - k];
    denominator += 2.0 / n * (1.0 - k / (lags + 1.0)) * cov;
  }
  return numerator / denominator;
}

double kpss_p_value(double statistic) {
  static const double critical[] = {0.347, 0.463, 0.574, 0.739};
  static const double level[] = {0.10, 0.05, 0.025, 0.01};
  if (statistic <= critical[0]) return level[0];
  if (statistic >= critical[3]) return level[3];
  for (int i = 0; i < 3; ++i)
    if (statistic <= critical[i + 1]) {
      const double f = (statistic - critical[i]) / (critical[i + 1] - critical[i]);
      return level[i] + f * (level[i + 1] - level[i]);
    }
  return level[3];
}

int ndiffs(const std::vector<double>& y_in, const NdiffsOptions& options) {
  const double alpha = std::clamp(options.alpha, 0.01, 0.10);
  auto x = drop_missing(y_in);
  int d = 0;
  if (x.size() < 2 || is_constant(x)) return d;
  auto needs_difference = [&](const std::vector<double>& v) {
    const int lags =
        static_cast<int>(std::trunc(3.0 * std::sqrt(static_cast<double>(v.size())) / 13.0));
    return kpss_p_value(kpss_statistic(v, lags)) < alpha;
  };
  bool more = needs_difference(x);
  while (more && d < options.max_d) {
    ++d;
    std::vector<double> dx(x.size() - 1);
    for (std::size_t t = 1; t < x.size(); ++t) dx[t - 1] = x[t] - x[t - 1];
    x = std::move(dx);
    if (x.size() < 2 || is_constant(x)) return d;
    more = needs_difference(x);
  }
  return d;
}

double seasonal_strength(const std::vector<double>& y_in, int period) {
  // mstl interpolates missing values first (linear here; R's na.interp is similar for short gaps).
  std::vector<double> y = y_in;
  const int n = static_cast<int>(y.size());
  int first = 0;
  while (first < n && std::isnan(y[first])) ++first;
  if (first == n) throw Error("seasonal strength", "every value is missing", "");
  for (int t = 0; t < first; ++t) y[t] = y[first];
  for (int t = first + 1; t < n; ++t) {
    if (!std::isnan(y[t])) continue;
    int next = t;
    while (next < n && std::isnan(y[next])) ++next;
    for (int u = t; u < next; ++u)
      y[u] = next < n ? y[t - 1] + (y[next] - y[t - 1]) * (u - t + 1) / (next - t + 1) : y[t - 1];
    t = next - 1;
  }
  const auto parts = stl(y, period);
  std::vector<double> remainder = parts.remainder, seasonal_plus(n);
  for (int t = 0; t < n; ++t) {
    if (std::isnan(y_in[t])) remainder[t] = std::nan("");
    seasonal_plus[t] = remainder[t] + parts.seasonal[t];
  }
  const double total = variance(seasonal_plus);
  if (!(total > 0)) return 0.0;
  return std::clamp(1.0 - variance(remainder) / total, 0.0, 1.0);
}

int nsdiffs(const std::vector<double>& y_in, int period, const NsdiffsOptions& options) {
  int D = 0;
  if (is_constant(y_in)) return D;
  if (period < 2) throw Error("nsdiffs", "non-seasonal data (period < 2)", "");
  std::vector<double> x = y_in;
  if (period >= static_cast<int>(x.size())) return 0;
  auto strong = [&](const std::vector<double>& v) {
    try {
      return seasonal_strength(v, period) > options.threshold;
    } catch (const Error&) {
      return false;  // R: a failed test means no (further) seasonal difference
    }
  };
  bool more = strong(x);
  while (more && D < options.max_D) {
    ++D;
    std::vector<double> dx(x.size() - period);
    for (std::size_t t = period; t < x.size(); ++t) dx[t - period] = x[t] - x[t - period];
    x = std::move(dx);
    if (is_constant(x)) return D;
    more = static_cast<int>(x.size()) >= 2 * period && D < options.max_D ? strong(x) : false;
  }
  return D;
}

}  // namespace harmcast::timeseries
