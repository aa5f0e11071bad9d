// Structural sample paths with parameter uncertainty, against simulated local-level data with
// known variances: on short series the noise-only paths (variances held at their estimates)
// under-cover the future, and drawing the variances from their asymptotic normal widens the
// intervals towards the nominal 95%. Same stream, same paths.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "engine/core/error.hpp"
#include "engine/core/random.hpp"
#include "models/timeseries/structural.hpp"

namespace harmcast::timeseries {
namespace {

constexpr int kTrain = 30, kHorizon = 12, kPaths = 400, kReplications = 150;
constexpr double kIrregular = 100, kLevel = 10;  // true variances of the local level model
constexpr std::uint64_t kSeed = 20240601;

// y_t = mu_t + eps_t, mu_t = mu_{t-1} + eta_t (replication r's own stream).
std::vector<double> local_level(int r) {
  RandomStream stream(kSeed, r);
  std::vector<double> y;
  double mu = 100;
  for (int t = 0; t < kTrain + kHorizon; ++t) {
    mu += stream.normal(0, std::sqrt(kLevel));
    y.push_back(mu + stream.normal(0, std::sqrt(kIrregular)));
  }
  return y;
}

struct IntervalCheck {
  bool covered = false;
  double width = 0;
};

// The 95% interval of the last step from the paths' 2.5% and 97.5% quantiles.
IntervalCheck check_last_step(std::vector<std::vector<double>> paths, double actual) {
  std::vector<double> last;
  for (const auto& p : paths) last.push_back(p.back());
  std::sort(last.begin(), last.end());
  const double lo = last[static_cast<std::size_t>(0.025 * last.size())];
  const double hi = last[static_cast<std::size_t>(0.975 * last.size()) - 1];
  return {actual >= lo && actual <= hi, hi - lo};
}

TEST(StructuralParameterUncertainty, WiderIntervalsNearNominalCoverageOnShortSeries) {
  int covered_noise = 0, covered_params = 0;
  double width_noise = 0, width_params = 0;
  for (int r = 0; r < kReplications; ++r) {
    const auto y = local_level(r);
    Series s;
    s.values.assign(y.begin(), y.begin() + kTrain);
    StructuralOptions options;
    options.trend = StructuralTrend::kLocalLevel;
    const auto model = fit_structural(s, options);
    RandomStream a(kSeed, 1000 + r), b(kSeed, 1000 + r);
    const auto noise = check_last_step(model->simulate(kHorizon, kPaths, a), y.back());
    const auto params =
        check_last_step(model->simulate_with_parameter_uncertainty(kHorizon, kPaths, b), y.back());
    covered_noise += noise.covered, covered_params += params.covered;
    width_noise += noise.width / kReplications, width_params += params.width / kReplications;
  }
  const double coverage_noise = double(covered_noise) / kReplications;
  const double coverage_params = double(covered_params) / kReplications;
  std::printf(
      "95%% coverage at h=%d: noise only %.3f (mean width %.1f), with parameters %.3f (%.1f)\n",
      kHorizon, coverage_noise, width_noise, coverage_params, width_params);
  // Measured: noise only 0.913 (mean width 57.5), with parameters 0.940 (65.7). The widening is
  // the variance estimates' spread on 30 observations; the coverage must sit inside the 99%
  // binomial band of the nominal 0.95 over 150 replications, [0.904, 0.996].
  EXPECT_GT(width_params, 1.05 * width_noise);
  EXPECT_GT(coverage_params, coverage_noise);
  EXPECT_GE(coverage_params, 0.904);
  EXPECT_LE(coverage_params, 0.996);
}

TEST(StructuralParameterUncertainty, SameStreamSamePathsAndFixedVariancesRefuse) {
  const auto y = local_level(0);
  Series s;
  s.values.assign(y.begin(), y.begin() + kTrain);
  const auto model = fit_structural(s);
  RandomStream a(kSeed, 5), b(kSeed, 5);
  EXPECT_EQ(model->simulate_with_parameter_uncertainty(kHorizon, 20, a),
            model->simulate_with_parameter_uncertainty(kHorizon, 20, b));
  StructuralOptions fixed;
  fixed.fixed_variances = model->variances();
  EXPECT_THROW(fit_structural(s, fixed)->simulate_with_parameter_uncertainty(kHorizon, 20, a),
               Error);
}

}  // namespace
}  // namespace harmcast::timeseries
