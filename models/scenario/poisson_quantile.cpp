#include "models/scenario/poisson_quantile.hpp"

#include <array>
#include <boost/math/special_functions/gamma.hpp>
#include <cmath>

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

// The search never needs more than this many steps: P(X > lambda + 40 sqrt(lambda) + 40) is far
// below rounding (it also stops a u within rounding of 1 from running on). Below lambda = 300
// the bound stays under kReciprocals.
std::int64_t step_limit(double lambda) {
  return static_cast<std::int64_t>(lambda + 40.0 * std::sqrt(lambda) + 40.0);
}

std::int64_t sum_from_zero(double u, double lambda) {
  const auto& inv = reciprocals();
  const std::int64_t limit = step_limit(lambda);
  double p = std::exp(-lambda);
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
  // Lanes summed side by side without branches. The quantile is the number of k with F(k) < u
  // (F is non-decreasing), capped at the lane's step limit as in sum_from_zero; the loop runs
  // while any lane is still counting. Rates at or above kSumFromZeroBelow walk from the mode.
  double p[kMaxJointRates], cdf[kMaxJointRates], lambda[kMaxJointRates];
  std::int64_t limit[kMaxJointRates];
  for (int i = 0; i < count; ++i) {
    const bool summed = lambdas[i] > 0.0 && lambdas[i] < kSumFromZeroBelow;
    lambda[i] = summed ? lambdas[i] : 0.0;
    p[i] = std::exp(-lambda[i]);  // 1 for a lane not summed: F(0) = 1 >= u, it never counts
    cdf[i] = p[i];
    limit[i] = summed ? step_limit(lambda[i]) : 0;
    out[i] = 0;
  }
  for (std::int64_t k = 0;; ++k) {
    bool counting = false;
    for (int i = 0; i < count; ++i) {
      const bool below = cdf[i] < u[i] && k < limit[i];
      out[i] += below;
      counting = counting || below;
      p[i] *= lambda[i] * inv[k + 1];
      cdf[i] += p[i];
    }
    if (!counting) break;
  }
  for (int i = 0; i < count; ++i)
    if (lambdas[i] >= kSumFromZeroBelow) out[i] = walk_from_mode(u[i], lambdas[i]);
}

}  // namespace harmcast::scenario
