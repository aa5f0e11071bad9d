// The forecasting contract every model in models/timeseries must honour, run through the same
// checks for each model: horizon respected, intervals ordered and nested with the mean inside,
// fitted + residuals = data, simulate reproducible with the same stream and centred on the
// forecast, information criteria consistent, bad requests rejected with harmcast::Error.
// New model families add a factory to models() below.
#include <gtest/gtest.h>

#include <cmath>
#include <functional>

#include "engine/core/error.hpp"
#include "engine/core/random.hpp"
#include "models/timeseries/arima.hpp"
#include "models/timeseries/auto_arima.hpp"
#include "models/timeseries/auto_forecast.hpp"
#include "models/timeseries/benchmarks.hpp"
#include "models/timeseries/count.hpp"
#include "models/timeseries/ets.hpp"
#include "models/timeseries/structural.hpp"
#include "tests/timeseries/test_arima_reference_data.hpp"

namespace harmcast::timeseries {
namespace {

struct ModelFactory {
  std::string name;
  std::function<std::unique_ptr<ForecastModel>(const Series&)> fit;
};

std::vector<ModelFactory> models() {
  auto bench = [](BenchmarkMethod method) {
    return [method](const Series& s) {
      BenchmarkOptions o;
      o.method = method;
      return fit_benchmark(s, o);
    };
  };
  return {
      {"mean", bench(BenchmarkMethod::kMean)},
      {"naive", bench(BenchmarkMethod::kNaive)},
      {"snaive", bench(BenchmarkMethod::kSeasonalNaive)},
      {"drift", bench(BenchmarkMethod::kDrift)},
      {"arima_airline",
       [](const Series& s) -> std::unique_ptr<ForecastModel> {
         ArimaOptions o;
         o.order = {0, 1, 1, 0, 1, 1};
         return fit_arima(s, o);
       }},
      {"arima_101_mean",
       [](const Series& s) -> std::unique_ptr<ForecastModel> {
         ArimaOptions o;
         o.order = {1, 0, 1, 0, 0, 0};
         return fit_arima(s, o);
       }},
      {"auto_arima",
       [](const Series& s) -> std::unique_ptr<ForecastModel> { return auto_arima(s); }},
      {"ets_auto", [](const Series& s) -> std::unique_ptr<ForecastModel> { return fit_ets(s); }},
      {"ets_MAdM",
       [](const Series& s) -> std::unique_ptr<ForecastModel> {
         EtsOptions o;
         o.model = "MAM";
         o.damped = true;
         return fit_ets(s, o);
       }},
      {"structural_bsm",
       [](const Series& s) -> std::unique_ptr<ForecastModel> { return fit_structural(s); }},
      {"structural_level_trig",
       [](const Series& s) -> std::unique_ptr<ForecastModel> {
         StructuralOptions o;
         o.trend = StructuralTrend::kLocalLevel;
         o.seasonal = StructuralSeasonal::kTrigonometric;
         return fit_structural(s, o);
       }},
      {"count_negbin_feedback",
       [](const Series& s) -> std::unique_ptr<ForecastModel> { return fit_count(s); }},
      {"count_poisson_glm",
       [](const Series& s) -> std::unique_ptr<ForecastModel> {
         CountOptions o;
         o.distribution = CountDistribution::kPoisson;
         o.past_obs.clear();
         o.past_mean.clear();
         return fit_count(s, o);
       }},
      {"auto_forecast",
       [](const Series& s) -> std::unique_ptr<ForecastModel> {
         return std::move(auto_forecast(s).model);
       }},
  };
}

class ForecastContract : public ::testing::TestWithParam<ModelFactory> {
 protected:
  static Series series() { return harmcast::testing::classic_series("USAccDeaths"); }
};

TEST_P(ForecastContract, IntervalsAreOrderedNestedAndContainTheMean) {
  const auto model = GetParam().fit(series());
  EXPECT_TRUE(model->summary().usable()) << model->summary().brief();
  EXPECT_FALSE(model->description().empty());
  ForecastRequest request;
  request.horizon = 17;
  request.levels = {50, 80, 95, 99};
  const Forecast fc = model->forecast(request);
  ASSERT_EQ(fc.horizon(), 17);
  ASSERT_EQ(fc.intervals.size(), 4u);
  for (int t = 0; t < 17; ++t) {
    ASSERT_TRUE(std::isfinite(fc.mean[t]));
    for (std::size_t k = 0; k < fc.intervals.size(); ++k) {
      const auto& in = fc.intervals[k];
      EXPECT_EQ(in.lower.size(), 17u);
      EXPECT_LE(in.lower[t], fc.mean[t]);
      EXPECT_GE(in.upper[t], fc.mean[t]);
      EXPECT_LT(in.lower[t], in.upper[t]);
      if (k > 0) {  // wider level => wider interval
        EXPECT_LE(in.lower[t], fc.intervals[k - 1].lower[t]);
        EXPECT_GE(in.upper[t], fc.intervals[k - 1].upper[t]);
      }
    }
  }
}

TEST_P(ForecastContract, FittedPlusResidualsIsTheData) {
  const Series s = series();
  const auto model = GetParam().fit(s);
  ASSERT_EQ(model->fitted().size(), s.values.size());
  ASSERT_EQ(model->residuals().size(), s.values.size());
  for (std::size_t t = 0; t < s.values.size(); ++t) {
    if (std::isnan(model->fitted()[t])) continue;
    EXPECT_NEAR(model->fitted()[t] + model->residuals()[t], s.values[t],
                1e-8 * std::abs(s.values[t]));
  }
}

TEST_P(ForecastContract, SimulationIsReproducibleAndMatchesTheForecast) {
  const auto model = GetParam().fit(series());
  RandomStream a(42, 7), b(42, 7);
  const auto paths_a = model->simulate(12, 2000, a);
  const auto paths_b = model->simulate(12, 2000, b);
  ASSERT_EQ(paths_a.size(), 2000u);
  ASSERT_EQ(paths_a[0].size(), 12u);
  EXPECT_EQ(paths_a, paths_b);
  ForecastRequest request;
  request.horizon = 12;
  const Forecast fc = model->forecast(request);
  // The paths' mean agrees with the point forecast within 5 Monte Carlo standard errors, and
  // about 95% of the paths fall in the 95% interval at the first step.
  for (int t : {0, 11}) {
    double sum = 0, sum2 = 0;
    for (const auto& path : paths_a) sum += path[t], sum2 += path[t] * path[t];
    const double mean = sum / 2000, sd = std::sqrt(sum2 / 2000 - mean * mean);
    EXPECT_NEAR(mean, fc.mean[t], 5 * sd / std::sqrt(2000.0)) << "h=" << t + 1;
  }
  int inside = 0;
  for (const auto& path : paths_a)
    inside += path[0] >= fc.at_level(95).lower[0] && path[0] <= fc.at_level(95).upper[0];
  EXPECT_NEAR(inside / 2000.0, 0.95, 0.025);
}

TEST_P(ForecastContract, InformationCriteriaAreConsistent) {
  const auto model = GetParam().fit(series());
  if (!model->log_likelihood()) {
    EXPECT_FALSE(model->aic());
    return;
  }
  const int k = model->n_parameters();
  EXPECT_NEAR(*model->aic(), -2 * *model->log_likelihood() + 2 * k, 1e-8 * std::abs(*model->aic()));
  EXPECT_GT(*model->aicc(), *model->aic());
}

TEST_P(ForecastContract, BadRequestsAreErrors) {
  const auto model = GetParam().fit(series());
  ForecastRequest request;
  request.horizon = 0;
  EXPECT_THROW(model->forecast(request), Error);
  request.horizon = 5;
  request.levels = {95, 100};
  EXPECT_THROW(model->forecast(request), Error);
  request.levels = {-1};
  EXPECT_THROW(model->forecast(request), Error);
  RandomStream stream(1, 1);
  EXPECT_THROW(model->simulate(0, 10, stream), Error);
}

TEST_P(ForecastContract, BadSeriesAreErrors) {
  Series empty;
  empty.period = 12;
  EXPECT_THROW(GetParam().fit(empty), Error);
  Series missing;
  missing.period = 12;
  missing.values.assign(40, std::nan(""));
  EXPECT_THROW(GetParam().fit(missing), Error);
  Series infinite = series();
  infinite.values[5] = INFINITY;
  EXPECT_THROW(GetParam().fit(infinite), Error);
}

INSTANTIATE_TEST_SUITE_P(AllModels, ForecastContract, ::testing::ValuesIn(models()),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace harmcast::timeseries
