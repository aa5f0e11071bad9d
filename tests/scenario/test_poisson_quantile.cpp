// The Poisson quantile function against Boost.Math's CDF (the smallest k with F(k) >= u), across
// small and large rates, and the joint version against the single one.
#include <gtest/gtest.h>

#include <boost/math/distributions/poisson.hpp>
#include <cmath>

#include "engine/core/random.hpp"
#include "models/scenario/poisson_quantile.hpp"

namespace harmcast::scenario {
namespace {

TEST(PoissonQuantile, SmallestCountWhoseCdfReachesU) {
  RandomStream stream(3, 0);
  for (double lambda : {0.01, 0.7, 4.0, 25.0, 120.0, 299.5, 300.5, 2500.0}) {
    const boost::math::poisson_distribution<double> d(lambda);
    for (int i = 0; i < 3000; ++i) {
      const double u = stream.uniform();
      const std::int64_t k = poisson_quantile(u, lambda);
      EXPECT_GE(boost::math::cdf(d, static_cast<double>(k)), u - 1e-12) << lambda << " " << u;
      if (k > 0) {
        EXPECT_LT(boost::math::cdf(d, static_cast<double>(k - 1)), u + 1e-12);
      }
    }
  }
  EXPECT_EQ(poisson_quantile(0.5, 0.0), 0);
  EXPECT_EQ(poisson_quantile(0.0, 10.0), 0);
}

// Every summed CDF starts at P(X = 0) = e^{-lambda} (computed from a table and a short series,
// not std::exp): a u just below or above it must give 0 or 1, over the whole summed range.
TEST(PoissonQuantile, StepAtZeroIsExactToRounding) {
  RandomStream stream(5, 0);
  constexpr double kRelative = 1e-13;  // a few hundred ulps: far above any rounding, far below
                                       // a wrong start (a relative error of 1e-10 fails)
  for (int i = 0; i < 20000; ++i) {
    const double lambda = i < 10 ? 1e-3 * i : 299.9 * stream.uniform();
    const double f0 = std::exp(-lambda);
    const double below = f0 * (1 - kRelative), above = f0 * (1 + kRelative);
    EXPECT_EQ(poisson_quantile(below, lambda), 0) << lambda;
    if (above < 1) {
      EXPECT_EQ(poisson_quantile(above, lambda), 1) << lambda;
    }
    const double lambdas[2] = {lambda, lambda};
    const double us[2] = {below, above};
    std::int64_t counts[2];
    poisson_quantiles(us, lambdas, 2, counts);
    EXPECT_EQ(counts[0], 0);
    if (above < 1) {
      EXPECT_EQ(counts[1], 1);
    }
  }
}

TEST(PoissonQuantile, JointRatesGiveTheSameCounts) {
  RandomStream stream(4, 0);
  for (int i = 0; i < 20000; ++i) {
    const double u = stream.uniform();
    const double base = 60 * stream.uniform();
    const double lambdas[4] = {base, base * 0.9, base * 0.0, base * 1.2 + 300 * (i % 7 == 0)};
    std::int64_t counts[4];
    poisson_quantiles(u, lambdas, 4, counts);
    for (int r = 0; r < 4; ++r) EXPECT_EQ(counts[r], poisson_quantile(u, lambdas[r]));
  }
}

}  // namespace
}  // namespace harmcast::scenario
