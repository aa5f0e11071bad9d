#include "models/scenario/poisson_quantile.hpp"

#include <algorithm>
#include <array>
#include <boost/math/special_functions/gamma.hpp>
#include <cmath>
#include <vector>

namespace harmcast::scenario {
namespace {

constexpr double kSumFromZeroBelow = 300.0;
constexpr int kReciprocals = 2048;

// 1/k for the pmf recurrence: a multiply is far cheaper than a divide in the inner loop.
const std::array<double, kReciprocals>& reciprocals() {
  static const std::array<double, kReciprocals> table = [] {
    std::array<double, kReciprocals> t{};
    t[0] = 0.0;
    for (int k = 1; k < kReciprocals; ++k) t[k] = 1.0 / k;
    return t;
  }();
  return table;
}

// exp(-lambda) for 0 <= lambda < kSumFromZeroBelow, the start of every summed CDF (one per lane
// and cell, so glibc's exp was a tenth of a simulation): e^{-i/64} from a table times
// e^{-d}, d = lambda - i/64 in [0, 1/64), by its Taylor series to d^8 (the remainder is below
// 1e-21). Relative error a few units in the last place, within the CDF's rounding.
constexpr int kExpSteps = 64;
const std::vector<double> kExpTable = [] {  // at load time: no guard in the inner loop
  std::vector<double> t(static_cast<std::size_t>(kSumFromZeroBelow) * kExpSteps + 1);
  for (std::size_t i = 0; i < t.size(); ++i) t[i] = std::exp(-static_cast<double>(i) / kExpSteps);
  return t;
}();

using Pair = double __attribute__((vector_size(16)));  // two lanes in one SIMD register
using Mask = long __attribute__((vector_size(16)));    // a comparison of two lanes

// Two lanes at once; the table read is the only scalar part.
inline Pair exp_minus(Pair lambda) {
  const Pair scaled = lambda * static_cast<double>(kExpSteps);
  const std::size_t i0 = static_cast<std::size_t>(scaled[0]);
  const std::size_t i1 = static_cast<std::size_t>(scaled[1]);
  const Pair x =
      Pair{static_cast<double>(i0), static_cast<double>(i1)} * (1.0 / kExpSteps) - lambda;
  // Horner in -d with the coefficients 1/k! (multiplies, not divides).
  constexpr double c[] = {1.0,       1.0,       1.0 / 2,    1.0 / 6,    1.0 / 24,
                          1.0 / 120, 1.0 / 720, 1.0 / 5040, 1.0 / 40320};
  Pair series = Pair{c[8], c[8]};
  for (int k = 7; k >= 0; --k) series = series * x + c[k];
  return Pair{kExpTable[i0], kExpTable[i1]} * series;
}

inline double exp_minus(double lambda) { return exp_minus(Pair{lambda, lambda})[0]; }

// The search never needs more than this many steps: P(X > lambda + 40 sqrt(lambda) + 40) is far
// below rounding (it also stops a u within rounding of 1 from running on). Below lambda = 300
// the bound stays under kReciprocals.
std::int64_t step_limit(double lambda) {
  return static_cast<std::int64_t>(lambda + 40.0 * std::sqrt(lambda) + 40.0);
}

std::int64_t sum_from_zero(double u, double lambda) {
  const auto& inv = reciprocals();
  const std::int64_t limit = step_limit(lambda);
  double p = exp_minus(lambda);
  double cdf = p;
  std::int64_t k = 0;
  while (cdf < u && k < limit) {
    ++k;
    p *= lambda * inv[k];
    cdf += p;
  }
  return k;
}

std::int64_t walk_from_mode(double u, double lambda) {
  std::int64_t k = static_cast<std::int64_t>(std::floor(lambda));
  double cdf = boost::math::gamma_q(static_cast<double>(k + 1), lambda);  // P(X <= k)
  double p = std::exp(k * std::log(lambda) - lambda - std::lgamma(static_cast<double>(k + 1)));
  if (cdf < u) {
    while (cdf < u) {
      ++k;
      p *= lambda / static_cast<double>(k);
      cdf += p;
      if (p < 1e-17 * cdf) break;
    }
    return k;
  }
  // Walk down while P(X <= k - 1) = cdf - p_k still reaches u.
  while (k > 0 && cdf - p >= u) {
    cdf -= p;
    p *= static_cast<double>(k) / lambda;
    --k;
  }
  return k;
}

}  // namespace

std::int64_t poisson_quantile(double u, double lambda) {
  if (!(lambda > 0.0)) return 0;
  return lambda < kSumFromZeroBelow ? sum_from_zero(u, lambda) : walk_from_mode(u, lambda);
}

void poisson_quantiles(double u, const double* lambdas, int count, std::int64_t* out) {
  double us[kMaxJointRates];
  for (int i = 0; i < count; ++i) us[i] = u;
  poisson_quantiles(us, lambdas, count, out);
}

void poisson_quantiles(const double* u, const double* lambdas, int count, std::int64_t* out) {
  const auto& inv = reciprocals();
  // Lanes summed side by side, two to a SIMD register (GCC vector extensions), always
  // kMaxJointRates of them (an unused lane, rate 0, has F(0) = 1 >= u and never counts). Since
  // F is non-decreasing, the quantile is the number of k with F(k) < u: each lane adds its
  // comparison mask while the loop runs as long as any lane is counting, up to the largest step
  // limit; capping each count at its own limit afterwards gives sum_from_zero's answer. Rates at
  // or above kSumFromZeroBelow walk from the mode.
  constexpr int kPairs = kMaxJointRates / 2;
  double rate[kMaxJointRates], level[kMaxJointRates], largest = 0.0;
  for (int i = 0; i < kMaxJointRates; ++i) {
    const bool summed = i < count && lambdas[i] > 0.0 && lambdas[i] < kSumFromZeroBelow;
    rate[i] = summed ? lambdas[i] : 0.0;
    level[i] = i < count ? u[i] : 0.0;
    largest = std::max(largest, rate[i]);
  }
  const std::int64_t max_limit = largest > 0.0 ? step_limit(largest) : 0;  // limits grow with rate
  Pair p[kPairs], cdf[kPairs], lambda[kPairs], us[kPairs];
  Mask counted[kPairs];  // integer lanes: counting needs no conversion in the loop
  for (int j = 0; j < kPairs; ++j) {
    lambda[j] = Pair{rate[2 * j], rate[2 * j + 1]};
    us[j] = Pair{level[2 * j], level[2 * j + 1]};
    p[j] = cdf[j] = exp_minus(lambda[j]);
    counted[j] = Mask{0, 0};
  }
  for (std::int64_t k = 0; k < max_limit; ++k) {
    const double next = inv[k + 1];
    Mask any = {0, 0};
    for (int j = 0; j < kPairs; ++j) {
      const Mask below = cdf[j] < us[j];  // -1 where F(k) < u, else 0
      counted[j] -= below;
      any |= below;
      p[j] *= lambda[j] * next;
      cdf[j] += p[j];
    }
    if ((any[0] | any[1]) == 0) break;
  }
  for (int i = 0; i < count; ++i) {
    if (lambdas[i] >= kSumFromZeroBelow) {
      out[i] = walk_from_mode(u[i], lambdas[i]);
      continue;
    }
    out[i] = counted[i / 2][i % 2];
    // The lane's own limit can bind only for a u within rounding of 1 (never below rate + 40).
    if (rate[i] > 0.0 && static_cast<double>(out[i]) > rate[i] + 40.0)
      out[i] = std::min(out[i], step_limit(rate[i]));
    if (!(rate[i] > 0.0)) out[i] = 0;
  }
}

}  // namespace harmcast::scenario
