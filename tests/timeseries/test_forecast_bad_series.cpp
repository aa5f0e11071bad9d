// Bad series give clear results, not crashes (issue 4): all missing, constant, too short for
// seasonality, negative or non-integer values for a count model, a gap in the periods — for the
// structural and count models and for the automatic cross-family choice.
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "engine/core/error.hpp"
#include "models/timeseries/auto_forecast.hpp"
#include "models/timeseries/count.hpp"
#include "models/timeseries/structural.hpp"

namespace harmcast::timeseries {
namespace {

Series monthly(std::vector<double> values) {
  Series s;
  s.id = "W01 | burglary";
  s.period = 12;
  s.values = std::move(values);
  return s;
}

std::vector<double> counts(int n) {
  std::vector<double> v;
  for (int t = 0; t < n; ++t)
    v.push_back(
        std::round(20 + 6 * std::cos(2 * std::numbers::pi * t / 12) + 3 * std::sin(2.3 * t)));
  return v;
}

// The error names the series and says what is wrong.
template <typename Fit>
void expect_error_mentioning(Fit fit, const std::string& words) {
  try {
    fit();
    FAIL() << "expected an error mentioning '" << words << "'";
  } catch (const Error& e) {
    const std::string text = e.what();
    EXPECT_NE(text.find("W01 | burglary"), std::string::npos) << text;
    EXPECT_NE(text.find(words), std::string::npos) << text;
  }
}

void expect_finite_forecast(const ForecastModel& model) {
  ForecastRequest request;
  const auto f = model.forecast(request);
  for (int h = 0; h < request.horizon; ++h) {
    EXPECT_TRUE(std::isfinite(f.mean[h])) << model.description();
    for (const auto& interval : f.intervals)
      EXPECT_TRUE(std::isfinite(interval.lower[h]) && std::isfinite(interval.upper[h]));
  }
}

TEST(ForecastBadSeries, AllMissing) {
  const Series s = monthly(std::vector<double>(48, NAN));
  expect_error_mentioning([&] { fit_structural(s); }, "missing");
  expect_error_mentioning([&] { fit_count(s); }, "missing");
  expect_error_mentioning([&] { auto_forecast(s); }, "no candidate");
}

TEST(ForecastBadSeries, Constant) {
  const Series s = monthly(std::vector<double>(48, 7.0));
  expect_error_mentioning([&] { fit_structural(s); }, "constant");
  // Every family that can forecast a constant does; the choice falls back without a score
  // (MASE is undefined on a constant series) and the forecast stays finite.
  const auto r = auto_forecast(s);
  ASSERT_TRUE(r.model);
  EXPECT_TRUE(std::isnan(r.cv_mase));
  expect_finite_forecast(*r.model);
}

TEST(ForecastBadSeries, TooShortForSeasonality) {
  const Series s = monthly(counts(10));
  expect_error_mentioning([&] { fit_structural(s); }, "seasons");
  expect_error_mentioning([&] { fit_count(s); }, "too few");
  const auto r = auto_forecast(s);  // no origin fits in 14 months: the first family that fits
  ASSERT_TRUE(r.model);
  EXPECT_EQ(r.chosen, "arima");
  expect_finite_forecast(*r.model);
}

TEST(ForecastBadSeries, NegativeOrFractionalValuesRuleOutOnlyTheCountModel) {
  auto values = counts(72);
  values[30] = -2;
  expect_error_mentioning([&] { fit_count(monthly(values)); }, "non-negative whole numbers");
  auto r = auto_forecast(monthly(values));
  ASSERT_TRUE(r.model);
  EXPECT_NE(r.chosen, "count");
  bool recorded = false;
  for (const auto& c : r.candidates)
    if (c.name == "count") recorded = c.message.find("whole numbers") != std::string::npos;
  EXPECT_TRUE(recorded);
  values[30] = 12.5;
  expect_error_mentioning([&] { fit_count(monthly(values)); }, "non-negative whole numbers");
}

TEST(ForecastBadSeries, AGapInThePeriods) {
  // Months with no row become missing values. (auto ARIMA's exact likelihood with missing values
  // is the slow part of this test: keep the series short.)
  auto values = counts(40);
  values[20] = values[21] = values[30] = NAN;
  const Series s = monthly(values);
  const auto structural = fit_structural(s);
  EXPECT_TRUE(structural->summary().usable());
  EXPECT_TRUE(std::isnan(structural->residuals()[20]));
  expect_finite_forecast(*structural);
  const auto count = fit_count(s);
  EXPECT_TRUE(count->summary().usable());
  expect_finite_forecast(*count);
  const auto r = auto_forecast(s);
  expect_finite_forecast(*r.model);
}

}  // namespace
}  // namespace harmcast::timeseries
