// Benchmark forecasts against R's forecast package (R 4.2.2, forecast 8.20): meanf, naive,
// snaive, rwf(drift = TRUE) with 80/95% intervals, values in tests/data/timeseries/
// r_reference.csv (make_reference.R).
#include <gtest/gtest.h>

#include <cmath>

#include "engine/core/error.hpp"
#include "models/timeseries/benchmarks.hpp"
#include "tests/timeseries/test_arima_reference_data.hpp"

namespace harmcast::timeseries {
namespace {

using harmcast::testing::classic_series;
using harmcast::testing::RReference;

struct BenchCase {
  const char* name;
  const char* series;
  BenchmarkMethod method;
  int horizon;
};

class BenchmarkVsR : public ::testing::TestWithParam<BenchCase> {};

TEST_P(BenchmarkVsR, ForecastsIntervalsAndFittedMatchR) {
  static const RReference ref;
  const BenchCase& c = GetParam();
  const Series series = classic_series(c.series);
  BenchmarkOptions options;
  options.method = c.method;
  const auto model = fit_benchmark(series, options);
  ForecastRequest request;
  request.horizon = c.horizon;
  const Forecast fc = model->forecast(request);
  ASSERT_EQ(fc.horizon(), c.horizon);
  const auto check = [&](const std::vector<double>& ours, const char* quantity) {
    const auto& theirs = ref(c.name, quantity);
    ASSERT_EQ(ours.size(), theirs.size()) << c.name << " " << quantity;
    for (std::size_t t = 0; t < theirs.size(); ++t) {
      if (std::isnan(theirs[t])) {
        EXPECT_TRUE(std::isnan(ours[t])) << c.name << " " << quantity << " t=" << t;
        continue;
      }
      EXPECT_NEAR(ours[t], theirs[t], 1e-9 * std::max(1.0, std::abs(theirs[t])))
          << c.name << " " << quantity << " t=" << t;
    }
  };
  check(fc.mean, "mean");
  check(fc.at_level(80).lower, "lo80");
  check(fc.at_level(80).upper, "hi80");
  check(fc.at_level(95).lower, "lo95");
  check(fc.at_level(95).upper, "hi95");
  check(model->fitted(), "fitted");
}

INSTANTIATE_TEST_SUITE_P(
    ClassicSeries, BenchmarkVsR,
    ::testing::Values(BenchCase{"meanf_usacc", "USAccDeaths", BenchmarkMethod::kMean, 12},
                      BenchCase{"naive_usacc", "USAccDeaths", BenchmarkMethod::kNaive, 12},
                      BenchCase{"snaive_usacc", "USAccDeaths", BenchmarkMethod::kSeasonalNaive, 12},
                      BenchCase{"drift_usacc", "USAccDeaths", BenchmarkMethod::kDrift, 12},
                      BenchCase{"naive_nile", "Nile", BenchmarkMethod::kNaive, 10},
                      BenchCase{"drift_nile", "Nile", BenchmarkMethod::kDrift, 10},
                      BenchCase{"snaive_ldeaths", "ldeaths", BenchmarkMethod::kSeasonalNaive, 30}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(BenchmarkMethods, NamesRoundTrip) {
  for (auto m : {BenchmarkMethod::kMean, BenchmarkMethod::kNaive, BenchmarkMethod::kSeasonalNaive,
                 BenchmarkMethod::kDrift})
    EXPECT_EQ(benchmark_method_from_string(to_string(m)), m);
  EXPECT_THROW(benchmark_method_from_string("holt"), Error);
}

TEST(BenchmarkMethods, SeasonalNaiveNeedsMoreThanOnePeriod) {
  Series series;
  series.values = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
  series.period = 12;
  BenchmarkOptions options;
  EXPECT_THROW(fit_benchmark(series, options), Error);
}

TEST(BenchmarkMethods, MissingValuesAreCarriedForwardByOneLag) {
  // R: naive(c(1, 2, NA, 4, 5)) fits 1, 2, 2, 4 at t = 2..5 (lagwalk fills the gap).
  Series series;
  series.values = {1, 2, std::nan(""), 4, 5};
  BenchmarkOptions options;
  options.method = BenchmarkMethod::kNaive;
  const auto model = fit_benchmark(series, options);
  EXPECT_TRUE(std::isnan(model->fitted()[0]));
  EXPECT_DOUBLE_EQ(model->fitted()[3], 2.0);
  EXPECT_DOUBLE_EQ(model->fitted()[4], 4.0);
}

}  // namespace
}  // namespace harmcast::timeseries
