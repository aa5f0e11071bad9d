// Count-model sample paths with parameter uncertainty, against simulated log-linear Poisson
// autoregressions with known parameters: on short series drawing the parameters from their
// asymptotic normal widens the predictive intervals and brings their coverage of the future to
// the nominal level. Same stream, same paths.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "engine/core/error.hpp"
#include "engine/core/random.hpp"
#include "models/timeseries/count.hpp"

namespace harmcast::timeseries {
namespace {

constexpr int kTrain = 40, kHorizon = 12, kPaths = 400, kReplications = 150;
// nu_t = b0 + b1 log(y_{t-1} + 1) + a1 nu_{t-1}: a stationary log-mean of 2.2 (~9 a month).
constexpr double kB0 = 1.1, kB1 = 0.3, kA1 = 0.2;
constexpr std::uint64_t kSeed = 20240601;

std::vector<double> autoregression(int r) {
  RandomStream stream(kSeed, r);
  std::vector<double> y;
  double nu = kB0 / (1 - kB1 - kA1), z = nu;
  for (int t = 0; t < 50 + kTrain + kHorizon; ++t) {  // 50 steps of burn-in
    nu = kB0 + kB1 * z + kA1 * nu;
    const double v = static_cast<double>(stream.poisson(std::exp(nu)));
    z = std::log(v + 1);
    if (t >= 50) y.push_back(v);
  }
  return y;
}

CountOptions poisson_feedback() {
  CountOptions o;
  o.distribution = CountDistribution::kPoisson;
  o.trend = false;
  o.harmonics = 0;
  return o;
}

struct IntervalCheck {
  double covered = 0, width = 0;
};

// Mean coverage and width of the 90% intervals (5% and 95% quantiles) over the horizon.
IntervalCheck check(const std::vector<std::vector<double>>& paths, const std::vector<double>& y) {
  IntervalCheck c;
  std::vector<double> column;
  for (int h = 0; h < kHorizon; ++h) {
    column.clear();
    for (const auto& p : paths) column.push_back(p[h]);
    std::sort(column.begin(), column.end());
    const double lo = column[static_cast<std::size_t>(0.05 * column.size())];
    const double hi = column[static_cast<std::size_t>(0.95 * column.size()) - 1];
    const double actual = y[kTrain + h];
    c.covered += (actual >= lo && actual <= hi) / double(kHorizon);
    c.width += (hi - lo) / kHorizon;
  }
  return c;
}

// Paths from the true parameters (the oracle): the coverage the discreteness of the counts
// allows (integer quantiles over-cover a little).
std::vector<std::vector<double>> true_paths(const std::vector<double>& y, RandomStream& stream) {
  double nu = kB0 / (1 - kB1 - kA1), z = nu;
  for (int t = 0; t < kTrain; ++t) nu = kB0 + kB1 * z + kA1 * nu, z = std::log(y[t] + 1);
  std::vector<std::vector<double>> paths(kPaths, std::vector<double>(kHorizon));
  for (auto& path : paths) {
    double n = nu, zz = z;
    for (int h = 0; h < kHorizon; ++h) {
      n = kB0 + kB1 * zz + kA1 * n;
      path[h] = static_cast<double>(stream.poisson(std::exp(n)));
      zz = std::log(path[h] + 1);
    }
  }
  return paths;
}

TEST(CountParameterUncertainty, WiderIntervalsNearNominalCoverageOnShortSeries) {
  double covered_noise = 0, covered_params = 0, width_noise = 0, width_params = 0;
  double covered_oracle = 0;
  for (int r = 0; r < kReplications; ++r) {
    const auto y = autoregression(r);
    Series s;
    s.values.assign(y.begin(), y.begin() + kTrain);
    const auto model = fit_count(s, poisson_feedback());
    RandomStream a(kSeed, 1000 + r), b(kSeed, 1000 + r);
    const auto noise = check(model->simulate(kHorizon, kPaths, a), y);
    const auto params = check(model->simulate_with_parameter_uncertainty(kHorizon, kPaths, b), y);
    RandomStream c(kSeed, 1000 + r);
    covered_oracle += check(true_paths(y, c), y).covered / kReplications;
    covered_noise += noise.covered / kReplications,
        covered_params += params.covered / kReplications;
    width_noise += noise.width / kReplications, width_params += params.width / kReplications;
  }
  std::printf(
      "90%% coverage over h=1..%d: true parameters %.3f, noise only %.3f (width %.2f), with "
      "parameters %.3f (%.2f)\n",
      kHorizon, covered_oracle, covered_noise, width_noise, covered_params, width_params);
  EXPECT_GT(width_params, width_noise);
  // Measured: true parameters 0.926, noise only 0.915 (width 10.42), with parameters 0.934
  // (11.17). Closer to the coverage of the true model than the noise-only paths, within 0.02 of it
  // (150 x 12 steps: a binomial standard error of ~0.008 before the correlation over steps).
  EXPECT_LT(std::abs(covered_params - covered_oracle), std::abs(covered_noise - covered_oracle));
  EXPECT_LT(std::abs(covered_params - covered_oracle), 0.02);
}

TEST(CountParameterUncertainty, SameStreamSamePaths) {
  const auto y = autoregression(0);
  Series s;
  s.values.assign(y.begin(), y.begin() + kTrain);
  const auto model = fit_count(s, poisson_feedback());
  RandomStream a(kSeed, 5), b(kSeed, 5);
  EXPECT_EQ(model->simulate_with_parameter_uncertainty(kHorizon, 20, a),
            model->simulate_with_parameter_uncertainty(kHorizon, 20, b));
  for (const auto& path : model->simulate_with_parameter_uncertainty(kHorizon, 20, a))
    for (double v : path) EXPECT_TRUE(v >= 0 && v == std::round(v));
}

}  // namespace
}  // namespace harmcast::timeseries
