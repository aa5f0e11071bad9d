#pragma once
// RandomStream: one seeded stream of random numbers per task.
//
// A run has one seed; every unit of parallel work (a series, a bootstrap replicate, a block of
// simulated paths) gets RandomStream(seed, task_id). The stream depends only on (seed, task_id),
// never on which thread runs it or in what order, so results are identical for any thread count.
// Distributions come from Boost.Random, whose algorithms are fixed in its headers (unlike the
// standard library's, which differ between implementations), so the same seed gives the same
// numbers on every machine with this Boost version.
#include <boost/random/mersenne_twister.hpp>
#include <cstdint>

namespace harmcast {

class RandomStream {
 public:
  RandomStream(std::uint64_t seed, std::uint64_t task_id);

  double uniform();  // [0, 1)
  double normal(double mean = 0.0, double sd = 1.0);
  double exponential(double rate = 1.0);
  double gamma(double shape, double scale);  // mean shape * scale
  double beta(double a, double b);
  double lognormal(double meanlog, double sdlog);
  std::int64_t uniform_int(std::int64_t lo, std::int64_t hi);  // inclusive
  std::int64_t poisson(double mean);                           // mean >= 0; 0 for mean == 0
  std::int64_t binomial(std::int64_t trials, double probability);
  // Negative binomial with mean `mean` and size (dispersion) `size`: variance mean + mean^2/size,
  // drawn as a gamma-Poisson mixture (R's rnbinom(size, mu) parametrisation).
  std::int64_t negative_binomial(double size, double mean);
  bool bernoulli(double probability);

  boost::random::mt19937_64& engine() { return engine_; }

 private:
  boost::random::mt19937_64 engine_;
};

// Mixes a run seed and a task id into an independent 64-bit seed (splitmix64 finaliser).
std::uint64_t mix_seed(std::uint64_t seed, std::uint64_t task_id);

}  // namespace harmcast
