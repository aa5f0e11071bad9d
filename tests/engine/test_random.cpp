// Tests for engine/core/random.hpp: streams depend only on (seed, task), not on call order or on
// other streams, and each distribution has the right mean and variance.
//
// Moment checks are simulations with known truth: n = 200000 draws, and the sample mean and
// variance must lie within 4.5 standard errors of the true values. The standard error of the
// sample variance uses the fourth central moment mu4: SE(s^2) = sqrt((mu4 - sigma^4) / n).
// With fixed seeds the outcome is deterministic; 4.5 standard errors keep a correct
// implementation passing for any seed with probability > 0.9999 per check, while an error of a
// few percent in a parameter (e.g. scale vs rate, size vs probability) fails.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <functional>
#include <set>
#include <vector>

#include "engine/core/random.hpp"

namespace harmcast {
namespace {

constexpr int kDraws = 200000;
constexpr double kSigmas = 4.5;

struct Moments {
  double mean;
  double variance;
};

Moments sample_moments(const std::function<double()>& draw) {
  // Welford's algorithm, accurate for large means.
  double mean = 0.0, m2 = 0.0;
  for (int i = 1; i <= kDraws; ++i) {
    const double x = draw();
    const double delta = x - mean;
    mean += delta / i;
    m2 += delta * (x - mean);
  }
  return {mean, m2 / (kDraws - 1)};
}

// Checks mean and variance against the truth; mu4 is the true fourth central moment.
void expect_moments(const char* name, const std::function<double()>& draw, double mean,
                    double variance, double mu4) {
  const Moments m = sample_moments(draw);
  const double se_mean = std::sqrt(variance / kDraws);
  const double se_variance = std::sqrt((mu4 - variance * variance) / kDraws);
  EXPECT_NEAR(m.mean, mean, kSigmas * se_mean) << name;
  EXPECT_NEAR(m.variance, variance, kSigmas * se_variance) << name;
}

TEST(RandomStream, SameSeedAndTaskGiveTheSameSequence) {
  RandomStream a(42, 7), b(42, 7);
  for (int i = 0; i < 1000; ++i) {
    ASSERT_EQ(a.uniform(), b.uniform());
    ASSERT_EQ(a.normal(), b.normal());
    ASSERT_EQ(a.poisson(3.5), b.poisson(3.5));
    ASSERT_EQ(a.negative_binomial(2.0, 5.0), b.negative_binomial(2.0, 5.0));
  }
}

TEST(RandomStream, DifferentTasksOrSeedsGiveDifferentSequences) {
  std::set<double> first_draws;
  for (std::uint64_t seed : {1u, 2u, 3u}) {
    for (std::uint64_t task = 0; task < 100; ++task) {
      first_draws.insert(RandomStream(seed, task).uniform());
    }
  }
  EXPECT_EQ(first_draws.size(), 300u);
  // mix_seed must not collide on neighbouring (seed, task) pairs such as (1, 0) and (0, 1).
  EXPECT_NE(mix_seed(1, 0), mix_seed(0, 1));
  EXPECT_NE(mix_seed(0, 0), mix_seed(0, 1));
}

TEST(RandomStream, IndependentOfCallOrderAndOtherStreams) {
  // Draw tasks 0..9 in order, then in reverse with interleaving: each task's sequence is equal.
  std::vector<std::vector<double>> forward(10), interleaved(10);
  for (std::uint64_t task = 0; task < 10; ++task) {
    RandomStream s(99, task);
    for (int i = 0; i < 50; ++i) forward[task].push_back(s.normal(1.0, 2.0));
  }
  std::vector<RandomStream> streams;
  for (std::uint64_t task = 10; task-- > 0;) streams.emplace_back(99, task);
  for (int i = 0; i < 50; ++i) {
    for (std::size_t k = 0; k < streams.size(); ++k) {
      const std::uint64_t task = 9 - k;
      interleaved[task].push_back(streams[k].normal(1.0, 2.0));
    }
  }
  EXPECT_EQ(forward, interleaved);
}

TEST(RandomStream, StreamsOfNeighbouringTasksAreUncorrelated) {
  // Correlation of paired uniforms from tasks t and t + 1: SE 1/sqrt(n).
  RandomStream a(5, 0), b(5, 1);
  double sxy = 0, sx = 0, sy = 0, sxx = 0, syy = 0;
  for (int i = 0; i < kDraws; ++i) {
    const double x = a.uniform(), y = b.uniform();
    sx += x, sy += y, sxy += x * y, sxx += x * x, syy += y * y;
  }
  const double n = kDraws;
  const double r = (sxy - sx * sy / n) / std::sqrt((sxx - sx * sx / n) * (syy - sy * sy / n));
  EXPECT_NEAR(r, 0.0, kSigmas / std::sqrt(n));
}

TEST(RandomStream, UniformAndNormalMoments) {
  RandomStream s(2024, 1);
  // Uniform(0,1): mean 1/2, variance 1/12, mu4 = 1/80.
  expect_moments(
      "uniform", [&] { return s.uniform(); }, 0.5, 1.0 / 12, 1.0 / 80);
  // Normal(3, 2): variance 4, mu4 = 3 sigma^4 = 48.
  expect_moments(
      "normal", [&] { return s.normal(3.0, 2.0); }, 3.0, 4.0, 48.0);
  // Exponential(rate 2): mean 1/2, variance 1/4, mu4 = 9 / rate^4 = 9/16.
  expect_moments(
      "exponential", [&] { return s.exponential(2.0); }, 0.5, 0.25, 9.0 / 16);
  double lo = 1, hi = 0;
  for (int i = 0; i < 10000; ++i) {
    const double u = s.uniform();
    lo = std::min(lo, u);
    hi = std::max(hi, u);
  }
  EXPECT_GE(lo, 0.0);
  EXPECT_LT(hi, 1.0);
}

TEST(RandomStream, GammaBetaLognormalMoments) {
  RandomStream s(2024, 2);
  {
    // Gamma(shape k = 3, scale theta = 2): mean 6, variance 12, mu4 = 3 k (k + 2) theta^4.
    const double k = 3, theta = 2;
    expect_moments(
        "gamma", [&] { return s.gamma(k, theta); }, k * theta, k * theta * theta,
        3 * k * (k + 2) * std::pow(theta, 4));
  }
  {
    // Gamma with shape < 1 (a different algorithm branch): k = 0.5, theta = 4.
    const double k = 0.5, theta = 4;
    expect_moments(
        "gamma small shape", [&] { return s.gamma(k, theta); }, k * theta, k * theta * theta,
        3 * k * (k + 2) * std::pow(theta, 4));
  }
  {
    // Beta(2, 5): mean a/(a+b), variance ab/((a+b)^2 (a+b+1)); mu4 from the raw moments
    // E[X^r] = prod_{i<r} (a+i)/(a+b+i).
    const double a = 2, b = 5;
    auto raw = [&](int r) {
      double v = 1;
      for (int i = 0; i < r; ++i) v *= (a + i) / (a + b + i);
      return v;
    };
    const double m = raw(1);
    const double mu4 = raw(4) - 4 * m * raw(3) + 6 * m * m * raw(2) - 3 * std::pow(m, 4);
    expect_moments(
        "beta", [&] { return s.beta(a, b); }, m, raw(2) - m * m, mu4);
  }
  {
    // Lognormal(0.5, 0.4): E[X^r] = exp(r mu + r^2 sigma^2 / 2).
    const double mu = 0.5, sigma = 0.4;
    auto raw = [&](int r) { return std::exp(r * mu + r * r * sigma * sigma / 2); };
    const double m = raw(1);
    const double mu4 = raw(4) - 4 * m * raw(3) + 6 * m * m * raw(2) - 3 * std::pow(m, 4);
    expect_moments(
        "lognormal", [&] { return s.lognormal(mu, sigma); }, m, raw(2) - m * m, mu4);
  }
}

TEST(RandomStream, DiscreteMoments) {
  RandomStream s(2024, 3);
  {
    // Poisson(lambda): mean = variance = lambda, mu4 = lambda (1 + 3 lambda).
    for (double lambda : {0.7, 4.0, 60.0}) {
      expect_moments(
          "poisson", [&] { return static_cast<double>(s.poisson(lambda)); }, lambda, lambda,
          lambda * (1 + 3 * lambda));
    }
  }
  {
    // Binomial(n, p): mean np, variance np(1-p), mu4 = np(1-p)(1 + 3(n-2)p(1-p)).
    const double n = 20, p = 0.3, q = 0.7;
    expect_moments(
        "binomial", [&] { return static_cast<double>(s.binomial(20, p)); }, n * p, n * p * q,
        n * p * q * (1 + 3 * (n - 2) * p * q));
  }
  {
    // Negative binomial, R's rnbinom(size = r, mu = m): variance m + m^2 / r. With p = r/(r+m)
    // the fourth central moment is r(1-p)(p^2 - 6p + 6 + 3r(1-p)) / p^4 (Johnson, Kemp & Kotz,
    // Univariate Discrete Distributions, 3rd ed., ch. 5); checked in R 4.2.2: x <- 0:5000;
    // sum(dnbinom(x, size = 2.5, mu = 8) * (x - 8)^4) = 6129.984, as the formula.
    const double r = 2.5, m = 8.0;
    const double p = r / (r + m);
    const double mu4 = r * (1 - p) * (p * p - 6 * p + 6 + 3 * r * (1 - p)) / std::pow(p, 4);
    expect_moments(
        "negative binomial", [&] { return static_cast<double>(s.negative_binomial(r, m)); }, m,
        m + m * m / r, mu4);
  }
  {
    // Bernoulli(0.2): mean 0.2, variance 0.16, mu4 = pq(1 - 3pq).
    const double p = 0.2, q = 0.8;
    expect_moments(
        "bernoulli", [&] { return s.bernoulli(p) ? 1.0 : 0.0; }, p, p * q, p * q * (1 - 3 * p * q));
  }
  {
    // Discrete uniform on {-3, ..., 6}: 10 values, mean 1.5, variance (10^2 - 1)/12,
    // mu4 = (N^2 - 1)(3N^2 - 7)/240 for N values.
    const double N = 10;
    expect_moments(
        "uniform_int", [&] { return static_cast<double>(s.uniform_int(-3, 6)); }, 1.5,
        (N * N - 1) / 12, (N * N - 1) * (3 * N * N - 7) / 240);
  }
}

TEST(RandomStream, UniformIntCoversBothEnds) {
  RandomStream s(8, 8);
  std::set<std::int64_t> seen;
  for (int i = 0; i < 2000; ++i) {
    const std::int64_t v = s.uniform_int(-2, 2);
    ASSERT_GE(v, -2);
    ASSERT_LE(v, 2);
    seen.insert(v);
  }
  EXPECT_EQ(seen.size(), 5u);
}

TEST(RandomStream, DegenerateParameters) {
  RandomStream s(1, 1);
  EXPECT_EQ(s.poisson(0.0), 0);
  EXPECT_EQ(s.binomial(0, 0.5), 0);
  EXPECT_EQ(s.binomial(10, 0.0), 0);
  EXPECT_EQ(s.binomial(10, 1.0), 10);
  EXPECT_EQ(s.negative_binomial(2.0, 0.0), 0);
  EXPECT_FALSE(s.bernoulli(0.0));
  EXPECT_TRUE(s.bernoulli(1.0));
}

}  // namespace
}  // namespace harmcast
