// ARIMA paths with parameter uncertainty against known variances. For white noise with a mean,
// ARIMA(0,0,0) with intercept, the predictive variance with the mean estimated is
// sigma^2 + Var(mu_hat) (as R's predict.lm for an intercept-only model), while simulate()
// (coefficients held fixed) gives sigma^2; the difference is the estimated Var(mu_hat) =
// covariance()(0, 0), about sigma^2 / n.
#include <gtest/gtest.h>

#include <cmath>

#include "engine/core/error.hpp"
#include "engine/core/random.hpp"
#include "models/timeseries/arima.hpp"

namespace harmcast::timeseries {
namespace {

constexpr int kPaths = 40000;
// Relative sampling error of a variance from 40000 normal draws is sqrt(2/40000) = 0.7%.
constexpr double kVarianceTolerance = 0.025;

double variance_at(const std::vector<std::vector<double>>& paths, int t) {
  double sum = 0, sum2 = 0;
  for (const auto& p : paths) sum += p[t], sum2 += p[t] * p[t];
  const double mean = sum / paths.size();
  return sum2 / paths.size() - mean * mean;
}

Series white_noise(int n) {
  RandomStream stream(2024, 1);
  Series s;
  s.id = "white noise";
  for (int t = 0; t < n; ++t) s.values.push_back(10 + stream.normal());
  return s;
}

TEST(ArimaParameterUncertainty, AddsTheVarianceOfTheEstimatedMean) {
  const auto model = fit_arima(white_noise(12), ArimaOptions{});  // (0,0,0) with mean
  const double sigma2 = model->sigma2(), v_mean = model->covariance()(0, 0);
  ASSERT_GT(v_mean, 0.03 * sigma2);  // n = 12: the effect is ~8%, well above the tolerance
  RandomStream a(5, 0), b(5, 0);
  const auto fixed = model->simulate(3, kPaths, a);
  const auto uncertain = model->simulate_with_parameter_uncertainty(3, kPaths, b);
  for (int t = 0; t < 3; ++t) {
    EXPECT_NEAR(variance_at(fixed, t) / sigma2, 1.0, kVarianceTolerance);
    EXPECT_NEAR(variance_at(uncertain, t) / (sigma2 + v_mean), 1.0, kVarianceTolerance);
  }
  RandomStream c(5, 0);
  EXPECT_EQ(model->simulate_with_parameter_uncertainty(3, kPaths, c), uncertain);
}

TEST(ArimaParameterUncertainty, NeedsTheCoefficientCovariance) {
  ArimaOptions o;
  o.standard_errors = false;
  const auto model = fit_arima(white_noise(30), o);
  RandomStream stream(1, 0);
  EXPECT_THROW(model->simulate_with_parameter_uncertainty(3, 10, stream), Error);
}

}  // namespace
}  // namespace harmcast::timeseries
