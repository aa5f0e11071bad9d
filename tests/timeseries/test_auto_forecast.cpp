// Rolling-origin evaluation and the cross-family automatic choice: origins and scores against
// values worked out by hand, failures recorded per origin and per candidate, the choice on series
// whose best family is known, and results independent of the thread count.
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "engine/core/error.hpp"
#include "engine/core/parallel.hpp"
#include "models/timeseries/auto_forecast.hpp"
#include "models/timeseries/benchmarks.hpp"
#include "models/timeseries/combination.hpp"

namespace harmcast::timeseries {
namespace {

// Monthly counts with a fixed seasonal pattern plus deterministic wiggle (no randomness needed).
Series seasonal_series(int n, double noise = 0.0) {
  Series s;
  s.id = "seasonal";
  s.period = 12;
  for (int t = 0; t < n; ++t)
    s.values.push_back(std::round(50 + 20 * std::sin(2 * std::numbers::pi * t / 12) +
                                  noise * std::sin(1.7 * t * t)));
  return s;
}

ModelFitter snaive() {
  return [](const Series& s) { return fit_benchmark(s, {BenchmarkMethod::kSeasonalNaive}); };
}

TEST(RollingOrigin, OriginsStepBackFromTheEndAndScoreTheNextHorizon) {
  const Series s = seasonal_series(60, 3.0);
  RollingOriginOptions o;
  o.horizon = 6;
  o.origins = 3;
  o.step = 4;
  const auto r = rolling_origin(s, snaive(), o);
  ASSERT_EQ(r.origins.size(), 3u);
  EXPECT_EQ(r.origins[0].train_length, 54);
  EXPECT_EQ(r.origins[1].train_length, 50);
  EXPECT_EQ(r.origins[2].train_length, 46);
  EXPECT_EQ(r.succeeded, 3);
  // By hand at the first origin: the seasonal naive forecast of y_{54+h} is y_{54+h-12}; the
  // MASE scale is the mean |y_t - y_{t-12}| over the 54 training values.
  double scale = 0, error = 0;
  for (int t = 12; t < 54; ++t) scale += std::abs(s.values[t] - s.values[t - 12]);
  scale /= 42;
  for (int h = 0; h < 6; ++h) error += std::abs(s.values[54 + h] - s.values[54 + h - 12]);
  EXPECT_NEAR(r.origins[0].metrics.mase, error / 6 / scale, 1e-12);
  EXPECT_NEAR(
      r.mean_mase,
      (r.origins[0].metrics.mase + r.origins[1].metrics.mase + r.origins[2].metrics.mase) / 3,
      1e-12);
}

TEST(RollingOrigin, AFailedOriginIsRecordedAndTheOthersGoOn) {
  const Series s = seasonal_series(60, 3.0);
  RollingOriginOptions o;
  o.horizon = 6;
  const ModelFitter flaky = [](const Series& head) -> std::unique_ptr<ForecastModel> {
    if (head.values.size() == 48) throw Error("flaky", "cannot fit 48 values");
    return fit_benchmark(head, {BenchmarkMethod::kSeasonalNaive});
  };
  const auto r = rolling_origin(s, flaky, o);
  ASSERT_EQ(r.origins.size(), 3u);  // 54, 48, 42
  EXPECT_TRUE(r.origins[0].ok);
  EXPECT_FALSE(r.origins[1].ok);
  EXPECT_NE(r.origins[1].message.find("cannot fit 48"), std::string::npos);
  EXPECT_TRUE(r.origins[2].ok);
  EXPECT_EQ(r.succeeded, 2);
  EXPECT_NEAR(r.mean_mase, (r.origins[0].metrics.mase + r.origins[2].metrics.mase) / 2, 1e-12);
}

TEST(AutoForecast, ChoosesTheFamilyThatForecastsBestAndRecordsTheFailures) {
  // A strongly seasonal series with little noise: the seasonal naive is far better than the mean.
  const Series s = seasonal_series(72, 2.0);
  AutoForecastOptions o;
  o.candidates = {
      {"mean", [](const Series& x) { return fit_benchmark(x, {BenchmarkMethod::kMean}); }, {}},
      {"broken",
       [](const Series&) -> std::unique_ptr<ForecastModel> { throw Error("broken", "never fits"); },
       {}},
      {"snaive", snaive(), {}},
  };
  const auto r = auto_forecast(s, o);
  EXPECT_EQ(r.chosen, "snaive");
  ASSERT_EQ(r.candidates.size(), 3u);
  EXPECT_EQ(r.cv_mase, r.candidates[2].cv.mean_mase);
  EXPECT_GT(r.candidates[0].cv.mean_mase, 3 * r.cv_mase);
  EXPECT_NE(r.candidates[1].message.find("never fits"), std::string::npos);
  EXPECT_EQ(r.model->description(), "Seasonal naive method");
}

TEST(AutoForecast, DefaultCandidatesOnACountSeries) {
  const auto r = auto_forecast(seasonal_series(96, 4.0));
  ASSERT_TRUE(r.model);
  ASSERT_EQ(r.candidates.size(), 6u);  // five families and their combination
  EXPECT_EQ(r.candidates[3].name, "ets");
  EXPECT_EQ(r.candidates[5].name, "combination");
  for (const auto& c : r.candidates) EXPECT_TRUE(c.message.empty()) << c.name << ": " << c.message;
  ForecastRequest request;
  const auto f = r.model->forecast(request);
  for (double v : f.mean) EXPECT_TRUE(std::isfinite(v));
  // The combination is kept unless a single family's cross-validated MASE is lower by more than
  // the margin; a single family that wins has the lowest MASE.
  const double margin = AutoForecastOptions().combination_margin;
  const double combined = r.candidates[5].cv.mean_mase;
  if (r.chosen == "combination") {
    EXPECT_EQ(r.cv_mase, combined);
    for (const auto& c : r.candidates) EXPECT_GE(c.cv.mean_mase, (1 - margin) * combined) << c.name;
  } else {
    EXPECT_LT(r.cv_mase, (1 - margin) * combined);
    for (const auto& c : r.candidates) EXPECT_LE(r.cv_mase, c.cv.mean_mase) << c.name;
  }
}

TEST(ForecastCombination, AveragesPointForecastsAndIntervalBounds) {
  Forecast a, b;
  a.mean = {10, 20};
  b.mean = {14, 30};
  a.intervals = {{95, {5, 10}, {15, 30}}};
  b.intervals = {{95, {9, 20}, {19, 40}}};
  const auto c = average_forecasts({a, b}, "c");
  EXPECT_EQ(c.mean, (std::vector<double>{12, 25}));
  EXPECT_EQ(c.intervals[0].lower, (std::vector<double>{7, 15}));
  EXPECT_EQ(c.intervals[0].upper, (std::vector<double>{17, 35}));
}

TEST(ForecastCombination, CombinedModelForecastsTheMeanAndSimulatesAMixture) {
  const Series s = seasonal_series(60, 3.0);
  std::vector<std::unique_ptr<ForecastModel>> members;
  members.push_back(fit_benchmark(s, {BenchmarkMethod::kSeasonalNaive}));
  members.push_back(fit_benchmark(s, {BenchmarkMethod::kMean}));
  ForecastRequest request;
  const auto f0 = members[0]->forecast(request), f1 = members[1]->forecast(request);
  const CombinedModel combined(std::move(members));
  const auto f = combined.forecast(request);
  for (int h = 0; h < 12; ++h) EXPECT_DOUBLE_EQ(f.mean[h], (f0.mean[h] + f1.mean[h]) / 2);
  RandomStream stream(7, 0);
  const auto paths = combined.simulate(12, 5, stream);
  ASSERT_EQ(paths.size(), 5u);
  for (const auto& p : paths) EXPECT_EQ(p.size(), 12u);
}

TEST(AutoForecast, ResultsDoNotDependOnTheThreadCount) {
  std::vector<Series> panel;
  for (int i = 0; i < 3; ++i) panel.push_back(seasonal_series(60 + 6 * i, 2.0 + i));
  const auto run = [&](int threads) {
    std::vector<std::vector<double>> out(panel.size());
    parallel_for(panel.size(), threads, [&](std::size_t i) {
      const auto r = auto_forecast(panel[i]);
      ForecastRequest request;
      const auto f = r.model->forecast(request);
      out[i] = f.mean;
      out[i].insert(out[i].end(), f.intervals[1].upper.begin(), f.intervals[1].upper.end());
    });
    return out;
  };
  EXPECT_EQ(run(1), run(2));
}

}  // namespace
}  // namespace harmcast::timeseries
