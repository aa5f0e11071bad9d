// Least-squares exponential smoothing for very short series (R's HoltWintersZZ, non-seasonal).
// R minimises the squared errors with L-BFGS-B inside [0, 1]; the problems are tiny (n <= 6
// for automatic models), so a fine grid followed by a bounded Nelder-Mead polish finds the
// global minimum on the box, which is at least as good as R's local one.
#include <algorithm>
#include <cmath>
#include <limits>

#include "models/timeseries/ets_fit.hpp"
#include "models/timeseries/ets_nelder_mead.hpp"

namespace harmcast::timeseries {
namespace {

// HoltWintersZZ's filter (zzhw): level / trend recursions in Holt-Winters form.
double holt_sse(const std::vector<double>& y, double alpha, double beta, bool trend) {
  double l = y[0], b = trend ? y[1] - y[0] : 0.0, sse = 0;
  for (double v : y) {
    const double f = l + b;
    sse += (v - f) * (v - f);
    const double level = alpha * v + (1 - alpha) * (l + b);
    if (trend) b = beta * (level - l) + (1 - beta) * b;
    l = level;
  }
  return sse;
}

}  // namespace

EtsLeastSquaresFit ets_least_squares(const std::vector<double>& y, bool trend,
                                     std::optional<double> fixed_alpha) {
  const bool fit_alpha = !fixed_alpha.has_value();
  auto sse = [&](double a, double b) {
    return holt_sse(y, std::clamp(a, 0.0, 1.0), std::clamp(b, 0.0, 1.0), trend);
  };
  double alpha = fixed_alpha.value_or(0.5), beta = 0.0;
  if (fit_alpha || trend) {
    double best = std::numeric_limits<double>::infinity();
    const int grid = 200;
    for (int i = 0; i <= grid; ++i)
      for (int j = 0; j <= (trend ? grid : 0); ++j) {
        const double a = fit_alpha ? i / double(grid) : alpha, b = j / double(grid);
        const double v = sse(a, b);
        if (v < best) best = v, alpha = a, beta = b;
      }
    std::vector<double> start;
    if (fit_alpha) start.push_back(alpha);
    if (trend) start.push_back(std::max(beta, 1e-3));
    if (fit_alpha) start[0] = std::max(alpha, 1e-3);
    NelderMeadOptions nm;
    nm.reltol = 1e-12;
    auto objective = [&](const double* x, double) {
      const double a = fit_alpha ? x[0] : alpha, b = trend ? x[fit_alpha ? 1 : 0] : 0.0;
      if (a < 0 || a > 1 || b < 0 || b > 1) return std::numeric_limits<double>::infinity();
      return sse(a, b);
    };
    const NelderMeadResult r = nelder_mead(objective, start, nm);
    if (r.value < best) {
      if (fit_alpha) alpha = r.x[0];
      if (trend) beta = r.x[fit_alpha ? 1 : 0];
    }
  }
  EtsLeastSquaresFit out;
  out.structure.error = EtsType::kAdditive;
  out.structure.trend = trend ? EtsType::kAdditive : EtsType::kNone;
  out.smoothing.alpha = std::max(alpha, 1e-10);  // as R's refit: keeps beta / alpha finite
  // R's object stores the Holt-Winters beta; in error-correction form the trend gain is
  // alpha * beta, which is what the ETS recursion (beta / alpha scaling) needs.
  out.smoothing.beta = trend ? alpha * beta : 0.0;
  out.initial_state = {y[0]};
  if (trend) out.initial_state.push_back(y[1] - y[0]);
  out.filter = ets_filter(y, out.structure, out.smoothing, out.initial_state);
  double sum = 0;
  for (double e : out.filter.errors) sum += e * e;
  out.sigma2 = sum / static_cast<double>(y.size());
  return out;
}

}  // namespace harmcast::timeseries
