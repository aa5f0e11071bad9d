// Baseline rates drawn from a fitted forecast model carry the uncertainty of its estimates: for
// white noise with an estimated mean, ARIMA(0,0,0) with intercept, each path's predictive variance
// is sigma^2 + Var(mu_hat) (the known answer, as R's predict.lm for an intercept-only model),
// against sigma^2 when the estimates are held fixed (a fit without their covariance). The paths
// share ForecastRatePaths::kParameterDraws draws of the estimates, in blocks.
#include <gtest/gtest.h>

#include <cmath>
#include <memory>

#include "engine/core/random.hpp"
#include "models/scenario/baseline.hpp"
#include "models/timeseries/arima.hpp"
#include "models/timeseries/combination.hpp"

namespace harmcast::scenario {
namespace {

constexpr int kPaths = 40000;
constexpr int kHorizon = 3;

// Three standard errors of the simulated variance relative to the truth. The noise part is
// estimated from 40000 paths (relative SE sqrt(2/40000) = 0.7%); the parameter part, a share
// `share` of the variance, from only ForecastRatePaths::kParameterDraws draws of the estimates
// (paths of a block share one draw), relative SE sqrt(2/draws).
double variance_tolerance(double share) {
  const double draws = ForecastRatePaths::kParameterDraws;
  return 3 * std::sqrt(2.0 / kPaths + share * share * 2.0 / draws);
}
constexpr double kVarianceTolerance = 0.025;  // fixed estimates: the noise part only

timeseries::Series white_noise(int n) {
  RandomStream stream(2024, 1);
  timeseries::Series s;
  s.id = "white noise";
  for (int t = 0; t < n; ++t) s.values.push_back(10 + stream.normal());
  return s;
}

double variance_at(const std::vector<double>& rates, int t) {
  double sum = 0, sum2 = 0;
  for (int p = 0; p < kPaths; ++p) {
    const double r = rates[std::size_t(p) * kHorizon + t];
    sum += r, sum2 += r * r;
  }
  const double mean = sum / kPaths;
  return sum2 / kPaths - mean * mean;
}

std::vector<double> drawn_rates(std::shared_ptr<const timeseries::ForecastModel> model) {
  const ForecastRatePaths paths(std::move(model), /*poisson_part=*/false);
  RandomStream stream(5, 0);
  std::vector<double> rates;
  paths.draw(kHorizon, kPaths, stream, rates);
  return rates;
}

TEST(ScenarioForecastRates, EachPathDrawsItsOwnEstimates) {
  std::shared_ptr<const timeseries::ArimaModel> model =
      timeseries::fit_arima(white_noise(12), timeseries::ArimaOptions{});
  ASSERT_TRUE(model->has_parameter_uncertainty());
  const double sigma2 = model->sigma2(), v_mean = model->covariance()(0, 0);
  const double share = v_mean / (sigma2 + v_mean), tolerance = variance_tolerance(share);
  // n = 12: the estimates add ~8% to the variance, so fixed estimates (a ratio of 1 - share)
  // would fail the check below.
  ASSERT_GT(share, 1.5 * tolerance);
  const std::vector<double> rates = drawn_rates(model);
  for (int t = 0; t < kHorizon; ++t)
    EXPECT_NEAR(variance_at(rates, t) / (sigma2 + v_mean), 1.0, tolerance) << t;
}

TEST(ScenarioForecastRates, EstimatesWithoutACovarianceStayFixed) {
  timeseries::ArimaOptions o;
  o.standard_errors = false;
  std::shared_ptr<const timeseries::ArimaModel> model = timeseries::fit_arima(white_noise(12), o);
  EXPECT_FALSE(model->has_parameter_uncertainty());
  const std::vector<double> rates = drawn_rates(model);
  for (int t = 0; t < kHorizon; ++t)
    EXPECT_NEAR(variance_at(rates, t) / model->sigma2(), 1.0, kVarianceTolerance) << t;
}

TEST(ScenarioForecastRates, ACombinationDrawsEachMembersEstimates) {
  std::vector<std::unique_ptr<timeseries::ForecastModel>> members;
  members.push_back(timeseries::fit_arima(white_noise(12), timeseries::ArimaOptions{}));
  members.push_back(timeseries::fit_arima(white_noise(12), timeseries::ArimaOptions{}));
  const auto& first = static_cast<const timeseries::ArimaModel&>(*members[0]);
  const double expected = first.sigma2() + first.covariance()(0, 0);
  const double tolerance = variance_tolerance(first.covariance()(0, 0) / expected);
  auto combined = std::make_shared<const timeseries::CombinedModel>(std::move(members));
  ASSERT_TRUE(combined->has_parameter_uncertainty());
  const std::vector<double> rates = drawn_rates(combined);
  for (int t = 0; t < kHorizon; ++t)
    EXPECT_NEAR(variance_at(rates, t) / expected, 1.0, tolerance) << t;
}

}  // namespace
}  // namespace harmcast::scenario
