#include "models/timeseries/ets_nelder_mead.hpp"

#include <cmath>
#include <limits>

namespace harmcast::timeseries {

NelderMeadResult nelder_mead(const NelderMeadObjective& f, std::vector<double> x,
                             const NelderMeadOptions& options) {
  constexpr double kBig = 1.0e35;  // nmmin's stand-in for a non-finite value
  const int n = static_cast<int>(x.size());
  NelderMeadResult result;
  constexpr double kNoBound = std::numeric_limits<double>::infinity();
  auto eval = [&](const std::vector<double>& at, double bound) {
    const double v = f(at.data(), bound);
    return std::isfinite(v) ? v : kBig;
  };
  if (options.max_evaluations <= 0) {
    result.value = f(x.data(), kNoBound);
    result.x = x;
    result.converged = true;
    return result;
  }
  const double f0 = f(x.data(), kNoBound);
  if (!std::isfinite(f0)) {
    result.start_finite = false;
    result.value = f0;
    result.x = x;
    return result;
  }
  // Vertex j (0..n) in column j, its value in row n; column n + 1 is the centroid scratch.
  const int rows = n + 1;
  std::vector<double> simplex(static_cast<std::size_t>(rows) * (n + 2));
  auto P = [&](int i, int j) -> double& { return simplex[static_cast<std::size_t>(j) * rows + i]; };
  const int c = n + 1;
  int evaluations = 1;
  const double convtol = options.reltol * (std::fabs(f0) + options.reltol);
  P(n, 0) = f0;
  for (int i = 0; i < n; ++i) P(i, 0) = x[i];
  int low = 0;  // index of the best vertex
  double step = 0.0;
  for (int i = 0; i < n; ++i)
    if (0.1 * std::fabs(x[i]) > step) step = 0.1 * std::fabs(x[i]);
  if (step == 0.0) step = 0.1;
  double size = 0.0;
  for (int j = 1; j <= n; ++j) {
    for (int i = 0; i < n; ++i) P(i, j) = x[i];
    double trystep = step;
    while (P(j - 1, j) == x[j - 1]) {
      P(j - 1, j) = x[j - 1] + trystep;
      trystep *= 10;
    }
    size += trystep;
  }
  double oldsize = size;
  bool calcvert = true;
  const double alpha = options.reflection, bet = options.contraction, gamm = options.expansion;
  do {
    if (calcvert) {
      for (int j = 0; j <= n; ++j) {
        if (j == low) continue;
        for (int i = 0; i < n; ++i) x[i] = P(i, j);
        P(n, j) = eval(x, kNoBound);
        ++evaluations;
      }
      calcvert = false;
    }
    double vl = P(n, low), vh = vl;
    int high = low;
    for (int j = 0; j <= n; ++j) {
      if (j == low) continue;
      const double v = P(n, j);
      if (v < vl) {
        low = j;
        vl = v;
      }
      if (v > vh) {
        high = j;
        vh = v;
      }
    }
    if (vh <= vl + convtol || vl <= options.abstol) {
      result.converged = true;
      break;
    }
    // Centroid of all but the worst vertex, summed in nmmin's order for each coordinate
    // (-worst + v_0 + ... + v_n); looping over vertices outside keeps the coordinates'
    // independent sums side by side instead of one long chain of dependent additions.
    for (int i = 0; i < n; ++i) P(i, c) = -P(i, high);
    for (int j = 0; j <= n; ++j) {
      const double* v = &P(0, j);
      double* centre = &P(0, c);
      for (int i = 0; i < n; ++i) centre[i] += v[i];
    }
    for (int i = 0; i < n; ++i) P(i, c) = P(i, c) / n;
    for (int i = 0; i < n; ++i) x[i] = (1.0 + alpha) * P(i, c) - alpha * P(i, high);
    const double vr = eval(x, vh);  // only compared with vl <= vh and vh
    ++evaluations;
    if (vr < vl) {  // try expanding further
      P(n, c) = vr;
      for (int i = 0; i < n; ++i) {
        const double e = gamm * x[i] + (1 - gamm) * P(i, c);
        P(i, c) = x[i];
        x[i] = e;
      }
      const double ve = eval(x, vr);  // only compared with vr
      ++evaluations;
      if (ve < vr) {
        for (int i = 0; i < n; ++i) P(i, high) = x[i];
        P(n, high) = ve;
      } else {
        for (int i = 0; i < n; ++i) P(i, high) = P(i, c);
        P(n, high) = vr;
      }
    } else {  // contract, towards the reflected point when it beats the worst
      if (vr < vh) {
        for (int i = 0; i < n; ++i) P(i, high) = x[i];
        P(n, high) = vr;
      }
      for (int i = 0; i < n; ++i) x[i] = (1 - bet) * P(i, high) + bet * P(i, c);
      const double vc = eval(x, P(n, high));  // kept only if below
      ++evaluations;
      if (vc < P(n, high)) {
        for (int i = 0; i < n; ++i) P(i, high) = x[i];
        P(n, high) = vc;
      } else if (vr >= vh) {  // shrink towards the best vertex
        calcvert = true;
        size = 0.0;
        for (int j = 0; j <= n; ++j) {
          if (j == low) continue;
          for (int i = 0; i < n; ++i) {
            P(i, j) = bet * (P(i, j) - P(i, low)) + P(i, low);
            size += std::fabs(P(i, j) - P(i, low));
          }
        }
        if (size < oldsize) {
          oldsize = size;
        } else {
          result.shrink_failed = true;
          break;
        }
      }
    }
  } while (evaluations <= options.max_evaluations);
  result.value = P(n, low);
  result.x.assign(n, 0.0);
  for (int i = 0; i < n; ++i) result.x[i] = P(i, low);
  result.evaluations = evaluations;
  if (evaluations > options.max_evaluations) result.converged = false;
  return result;
}

}  // namespace harmcast::timeseries
