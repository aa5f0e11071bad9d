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

std::int64_t sum_from_zero(double u, double lambda) {
  const auto& inv = reciprocals();
  double p = std::exp(-lambda);
  double cdf = p;
  std::int64_t k = 0;
  while (cdf < u) {
    ++k;
    p *= lambda * (k < kReciprocals ? inv[k] : 1.0 / static_cast<double>(k));
    cdf += p;
    if (p < 1e-17 * cdf && k > lambda) break;  // the CDF has stopped growing (u ~ 1 - 1e-16)
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

}  // namespace harmcast::scenario
