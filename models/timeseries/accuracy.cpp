#include "models/timeseries/accuracy.hpp"

#include <cmath>

namespace harmcast::timeseries {
namespace {

// In-sample mean absolute and mean squared m-step difference, skipping missing values.
std::pair<double, double> scales(const std::vector<double>& y, int m) {
  double abs_sum = 0, sq_sum = 0;
  int n = 0;
  for (std::size_t t = m; t < y.size(); ++t) {
    const double d = y[t] - y[t - m];
    if (std::isnan(d)) continue;
    abs_sum += std::fabs(d);
    sq_sum += d * d;
    ++n;
  }
  if (n == 0) return {NAN, NAN};
  return {abs_sum / n, sq_sum / n};
}

}  // namespace

AccuracyMetrics forecast_accuracy(const std::vector<double>& training, int period,
                                  const Forecast& forecast, const std::vector<double>& actual) {
  AccuracyMetrics out;
  int m = period;
  if (static_cast<int>(training.size()) <= m) m = 1;  // too short for a seasonal scale
  const auto [scale, scale2] = scales(training, m);
  const std::size_t n = std::min(actual.size(), forecast.mean.size());
  double abs_sum = 0, sq_sum = 0, smape_sum = 0;
  for (const auto& interval : forecast.intervals) out.levels.push_back(interval.level);
  std::vector<double> inside(out.levels.size(), 0.0), score(out.levels.size(), 0.0);
  for (std::size_t h = 0; h < n; ++h) {
    const double y = actual[h], f = forecast.mean[h];
    if (std::isnan(y) || std::isnan(f)) continue;
    ++out.evaluated;
    abs_sum += std::fabs(y - f);
    sq_sum += (y - f) * (y - f);
    const double denom = std::fabs(y) + std::fabs(f);
    smape_sum += denom > 0 ? 200 * std::fabs(y - f) / denom : 0.0;
    for (std::size_t l = 0; l < out.levels.size(); ++l) {
      const double lo = forecast.intervals[l].lower[h], hi = forecast.intervals[l].upper[h];
      const double a = 1 - out.levels[l] / 100;
      inside[l] += (y >= lo && y <= hi) ? 1.0 : 0.0;
      score[l] += (hi - lo) + (y < lo ? 2 / a * (lo - y) : 0.0) + (y > hi ? 2 / a * (y - hi) : 0.0);
    }
  }
  if (out.evaluated == 0) {
    out.note = "no held-out values to compare";
    out.coverage.assign(out.levels.size(), NAN);
    out.msis.assign(out.levels.size(), NAN);
    return out;
  }
  const double k = out.evaluated;
  out.smape = smape_sum / k;
  for (std::size_t l = 0; l < out.levels.size(); ++l) {
    out.coverage.push_back(inside[l] / k);
    out.msis.push_back(scale > 0 ? score[l] / k / scale : NAN);
  }
  if (scale > 0) {
    out.mase = abs_sum / k / scale;
    out.rmsse = std::sqrt(sq_sum / k / scale2);
  } else {
    out.note = "the training series does not change, so scaled errors are undefined";
  }
  return out;
}

}  // namespace harmcast::timeseries
