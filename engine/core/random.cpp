#include "engine/core/random.hpp"

#include <boost/random/beta_distribution.hpp>
#include <boost/random/binomial_distribution.hpp>
#include <boost/random/exponential_distribution.hpp>
#include <boost/random/gamma_distribution.hpp>
#include <boost/random/lognormal_distribution.hpp>
#include <boost/random/normal_distribution.hpp>
#include <boost/random/poisson_distribution.hpp>
#include <boost/random/uniform_01.hpp>
#include <boost/random/uniform_int_distribution.hpp>
#include <cmath>

namespace harmcast {

std::uint64_t mix_seed(std::uint64_t seed, std::uint64_t task_id) {
  std::uint64_t z = seed + 0x9E3779B97F4A7C15ULL * (task_id + 1);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

RandomStream::RandomStream(std::uint64_t seed, std::uint64_t task_id)
    : engine_(mix_seed(seed, task_id)) {}

double RandomStream::uniform() { return boost::random::uniform_01<double>()(engine_); }

double RandomStream::normal(double mean, double sd) {
  return boost::random::normal_distribution<double>(mean, sd)(engine_);
}

double RandomStream::exponential(double rate) {
  return boost::random::exponential_distribution<double>(rate)(engine_);
}

double RandomStream::gamma(double shape, double scale) {
  return boost::random::gamma_distribution<double>(shape, scale)(engine_);
}

double RandomStream::beta(double a, double b) {
  return boost::random::beta_distribution<double>(a, b)(engine_);
}

double RandomStream::lognormal(double meanlog, double sdlog) {
  return std::exp(normal(meanlog, sdlog));
}

std::int64_t RandomStream::uniform_int(std::int64_t lo, std::int64_t hi) {
  return boost::random::uniform_int_distribution<std::int64_t>(lo, hi)(engine_);
}

std::int64_t RandomStream::poisson(double mean) {
  if (!(mean > 0.0)) return 0;
  return boost::random::poisson_distribution<std::int64_t, double>(mean)(engine_);
}

std::int64_t RandomStream::binomial(std::int64_t trials, double probability) {
  if (trials <= 0 || probability <= 0.0) return 0;
  if (probability >= 1.0) return trials;
  return boost::random::binomial_distribution<std::int64_t, double>(trials, probability)(engine_);
}

std::int64_t RandomStream::negative_binomial(double size, double mean) {
  if (!(mean > 0.0)) return 0;
  return poisson(gamma(size, mean / size));
}

bool RandomStream::bernoulli(double probability) { return uniform() < probability; }

}  // namespace harmcast
