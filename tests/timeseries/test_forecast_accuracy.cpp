// Forecast accuracy metrics. MASE and RMSE from R 4.2.2 forecast 8.20 accuracy() on the same
// data (tests/data/timeseries/accuracy_reference.R and .txt); the rest computed by hand below.
#include <cmath>

#include <gtest/gtest.h>

#include "models/timeseries/accuracy.hpp"

using namespace harmcast::timeseries;

namespace {

const std::vector<double> kTraining = {12, 15, 9, 20, 14, 17, 10, 22, 15, 18, 12, 25};
const std::vector<double> kActual = {13, 21, 11, 24};

Forecast seasonal_naive_with_intervals() {
  Forecast f;
  f.mean = {15, 18, 12, 25};  // snaive: the last year again
  f.intervals = {{95.0, {13, 16, 10, 20}, {17, 20, 14, 24}}};
  return f;
}

}  // namespace

TEST(ForecastAccuracy, MatchesRAndHandComputedValues) {
  const auto m = forecast_accuracy(kTraining, 4, seasonal_naive_with_intervals(), kActual);
  EXPECT_EQ(m.evaluated, 4);
  // R: accuracy(snaive(train, h = 4), test)["Test set", "MASE"] = 1 (MAE 1.75 / scale 1.75).
  EXPECT_DOUBLE_EQ(m.mase, 1.0);
  // Scale2 = (4+4+1+4+1+1+4+9)/8 = 3.5; MSE = (4+9+1+1)/4 = 3.75 (R's RMSE 1.93649167310).
  EXPECT_NEAR(m.rmsse, std::sqrt(3.75 / 3.5), 1e-14);
  // sMAPE = mean(200*2/28, 200*3/39, 200*1/23, 200*1/49).
  EXPECT_NEAR(m.smape, (400.0 / 28 + 600.0 / 39 + 200.0 / 23 + 200.0 / 49) / 4, 1e-12);
  // 95%: 21 lies 1 above [16, 20]; the others are inside (bounds included).
  ASSERT_EQ(m.coverage.size(), 1u);
  EXPECT_DOUBLE_EQ(m.coverage[0], 0.75);
  // MSIS = mean(width 4 each + 2/0.05 * 1 for the miss) / 1.75 = (16 + 40) / 4 / 1.75 = 8.
  EXPECT_NEAR(m.msis[0], 8.0, 1e-12);
}

TEST(ForecastAccuracy, MissingActualsAreSkippedAndNothingLeftIsSaid) {
  auto f = seasonal_naive_with_intervals();
  const auto partial = forecast_accuracy(kTraining, 4, f, {13, NAN, 11});
  EXPECT_EQ(partial.evaluated, 2);
  EXPECT_NEAR(partial.mase, (2.0 + 1.0) / 2 / 1.75, 1e-14);
  const auto none = forecast_accuracy(kTraining, 4, f, {NAN, NAN});
  EXPECT_EQ(none.evaluated, 0);
  EXPECT_TRUE(std::isnan(none.mase));
  EXPECT_FALSE(none.note.empty());
}

TEST(ForecastAccuracy, ConstantTrainingSeriesHasNoScale) {
  const std::vector<double> flat(12, 5.0);
  const auto m = forecast_accuracy(flat, 4, seasonal_naive_with_intervals(), kActual);
  EXPECT_TRUE(std::isnan(m.mase));
  EXPECT_NE(m.note.find("does not change"), std::string::npos);
  EXPECT_FALSE(std::isnan(m.smape));
}
