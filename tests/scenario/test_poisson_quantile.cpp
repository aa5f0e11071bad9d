// The Poisson quantile function against Boost.Math's CDF (the smallest k with F(k) >= u), across
// small and large rates, and the joint version against the single one.
#include <gtest/gtest.h>

#include <boost/math/distributions/poisson.hpp>

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
