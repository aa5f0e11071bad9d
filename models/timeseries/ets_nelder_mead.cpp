#include "models/timeseries/ets_nelder_mead.hpp"

#include <cmath>
#include <limits>

namespace harmcast::timeseries {
namespace {

// centre[i] = (-worst[i] + v_0[i] + ... + v_{count-1}[i]) / divisor for i < Width, where v_j
// starts at first + j * stride (that order of additions is nmmin's).
template <int Width>
void centroid_block(const double* first, int stride, int count, const double* worst, double* centre,
                    int divisor) {
  double sum[Width];
  for (int i = 0; i < Width; ++i) sum[i] = -worst[i];
  for (int j = 0; j < count; ++j) {
    const double* v = first + static_cast<std::size_t>(j) * stride;
    for (int i = 0; i < Width; ++i) sum[i] += v[i];
  }
  for (int i = 0; i < Width; ++i) centre[i] = sum[i] / divisor;
}

}  // namespace

NelderMeadResult nelder_mead(const NelderMeadObjective& f, std::vector<double> x,
                             const NelderMeadOptions& options,
                             const NelderMeadPairObjective& f_pair) {
  constexpr double kBig = 1.0e35;  // nmmin's stand-in for a non-finite value
  const int n = static_cast<int>(x.size());
  NelderMeadResult result;
  constexpr double kNoBound = std::numeric_limits<double>::infinity();
  auto finite_or_big = [](double v) { return std::isfinite(v) ? v : kBig; };
  auto eval = [&](const std::vector<double>& at, double bound) {
    return finite_or_big(f(at.data(), bound));
  };
  std::vector<double> guess(n);  // the inside-contraction point tried with each reflection
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
      int waiting = -1;  // a vertex waiting for a partner (f_pair)
      for (int j = 0; j <= n; ++j) {
        if (j == low) continue;
        ++evaluations;
        if (!f_pair) {
          for (int i = 0; i < n; ++i) x[i] = P(i, j);
          P(n, j) = eval(x, kNoBound);
        } else if (waiting < 0) {
          waiting = j;
        } else {
          double fw, fj;
          if (!f_pair(&P(0, waiting), &P(0, j), kNoBound, &fw, &fj)) fj = f(&P(0, j), kNoBound);
          P(n, waiting) = finite_or_big(fw);
          P(n, j) = finite_or_big(fj);
          waiting = -1;
        }
      }
      if (waiting >= 0) P(n, waiting) = finite_or_big(f(&P(0, waiting), kNoBound));
      calcvert = false;
    }
    double vl = P(n, low), vh = vl;
    int high = low;
    // The best and worst vertices as nmmin finds them (the first strict improvement in index
    // order), without branches: their outcomes depend on the data and are often mispredicted.
    // (nmmin skips j == low; comparing it changes nothing, as vl = P(n, low) <= vh.)
    for (int j = 0; j <= n; ++j) {
      const double v = P(n, j);
      const bool lower = v < vl;
      const bool higher = v > vh;
      low = lower ? j : low;
      vl = lower ? v : vl;
      high = higher ? j : high;
      vh = higher ? v : vh;
    }
    if (vh <= vl + convtol || vl <= options.abstol) {
      result.converged = true;
      break;
    }
    // Centroid of all but the worst vertex, summed in nmmin's order for each coordinate
    // (-worst + v_0 + ... + v_n), for blocks of 8, 4, 2 or 1 coordinates: the block's sums stay
    // in registers while the vertices stream past (rather than a load and store per addition).
    for (int i0 = 0; i0 < n;) {
      const int left = n - i0;
      auto block = [&]<int Width>() {
        centroid_block<Width>(&P(i0, 0), rows, n + 1, &P(i0, high), &P(i0, c), n);
        i0 += Width;
      };
      if (left >= 8)
        block.template operator()<8>();
      else if (left >= 4)
        block.template operator()<4>();
      else if (left >= 2)
        block.template operator()<2>();
      else
        block.template operator()<1>();
    }
    for (int i = 0; i < n; ++i) x[i] = (1.0 + alpha) * P(i, c) - alpha * P(i, high);
    // vr is only compared with vl <= vh and vh; the guess (used when vl <= vr < vh) only with
    // vr < vh, so vh bounds both.
    double vr, v_guess = kBig;
    bool have_guess = false;
    if (f_pair) {
      for (int i = 0; i < n; ++i) guess[i] = (1 - bet) * x[i] + bet * P(i, c);
      have_guess = f_pair(x.data(), guess.data(), vh, &vr, &v_guess);
      vr = finite_or_big(vr);
      v_guess = finite_or_big(v_guess);
    } else {
      vr = eval(x, vh);
    }
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
      double vc;                    // kept only if below P(n, high)
      if (vr < vh && have_guess) {  // the point just computed from P(i, high) = x[i]
        x.swap(guess);
        vc = v_guess;
      } else {
        for (int i = 0; i < n; ++i) x[i] = (1 - bet) * P(i, high) + bet * P(i, c);
        vc = eval(x, P(n, high));
      }
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
