#pragma once
// The Poisson quantile function (inverse CDF): the smallest k with P(X <= k) >= u for
// X ~ Poisson(lambda). Pushing one uniform u through the quantile functions of the baseline and
// of a scenario rate gives counts on common random numbers (the comonotone coupling: for a rate
// multiplier below one the scenario count never exceeds the baseline count, and the difference
// has the smallest variance any coupling can give; Glasserman 2004, "Monte Carlo Methods in
// Financial Engineering", section 4.2).
//
// Method: below lambda = 300 the CDF is summed from zero with the pmf recurrence
// p_k = p_{k-1} lambda / k (about lambda + 1 steps); above it the search starts at the mode m with
// P(X <= m) from the regularised incomplete gamma function, Q(m + 1, lambda), and walks up or down.
// Exact up to floating-point rounding of the CDF (|error| ~ 1e-15), so only a u within that of a
// CDF step can give a neighbouring count.
#include <cstdint>

namespace harmcast::scenario {

// u in [0, 1); lambda >= 0 (0 gives 0).
std::int64_t poisson_quantile(double u, double lambda);

// The quantiles of one u under several rates at once (a baseline and its scenarios on common
// random numbers): the CDF sums run side by side in one loop, so the processor overlaps them and
// several rates cost little more than the largest alone. Same results as poisson_quantile.
inline constexpr int kMaxJointRates = 8;
void poisson_quantiles(double u, const double* lambdas, int count, std::int64_t* out);
// The same with a uniform per lane (lanes of several cells at once: more sums side by side).
void poisson_quantiles(const double* u, const double* lambdas, int count, std::int64_t* out);

}  // namespace harmcast::scenario
