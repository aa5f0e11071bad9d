// ARIMA against R: coefficients, standard errors, likelihood, criteria and forecasts from
// stats::arima / forecast::Arima (R 4.2.2, forecast 8.20), stored in
// tests/data/timeseries/r_reference.csv by tests/data/timeseries/make_reference.R.
#include <gtest/gtest.h>

#include <cmath>

#include "engine/core/error.hpp"
#include "models/timeseries/arima.hpp"
#include "tests/timeseries/test_arima_reference_data.hpp"

namespace harmcast::timeseries {
namespace {

using harmcast::testing::classic_series;
using harmcast::testing::close;
using harmcast::testing::read_csv_rows;
using harmcast::testing::RReference;

const RReference& reference() {
  static const RReference ref;
  return ref;
}

struct SeatbeltsData {
  Series series;
  Regressors future;
};

// log(drivers) with law and log(PetrolPrice); future regressors = the last 12 rows again.
SeatbeltsData seatbelts() {
  SeatbeltsData data;
  data.series.id = "Seatbelts";
  data.series.period = 12;
  data.series.xreg.names = {"law", "logpetrol"};
  data.series.xreg.columns.resize(2);
  for (const auto& row : read_csv_rows("timeseries/seatbelts.csv")) {
    data.series.values.push_back(std::log(std::stod(row[3])));
    data.series.xreg.columns[0].push_back(std::stod(row[5]));
    data.series.xreg.columns[1].push_back(std::log(std::stod(row[4])));
  }
  data.future.names = data.series.xreg.names;
  data.future.columns.resize(2);
  for (int j = 0; j < 2; ++j)
    data.future.columns[j].assign(data.series.xreg.columns[j].end() - 12,
                                  data.series.xreg.columns[j].end());
  return data;
}

void expect_matches_r(const ArimaModel& model, const std::string& c, const Regressors& future,
                      double coef_tol) {
  const auto& ref = reference();
  const auto& coef = ref(c, "coef");
  ASSERT_EQ(model.coefficients().size(), coef.size()) << c;
  for (std::size_t j = 0; j < coef.size(); ++j) {
    const double scale = std::max(1.0, std::abs(coef[j]));
    EXPECT_NEAR(model.coefficients()[j].estimate, coef[j], coef_tol * scale)
        << c << " coefficient " << model.coefficients()[j].name;
    EXPECT_TRUE(close(model.coefficients()[j].std_error, ref(c, "se")[j], 0.03, 1e-4))
        << c << " s.e. of " << model.coefficients()[j].name << ": "
        << model.coefficients()[j].std_error << " vs R " << ref(c, "se")[j];
  }
  EXPECT_TRUE(close(model.sigma2(), ref.scalar(c, "sigma2"), 2e-3, 0))
      << c << " sigma2 " << model.sigma2();
  EXPECT_NEAR(*model.log_likelihood(), ref.scalar(c, "loglik"), 2e-3) << c;
  if (ref.has(c, "aicc") && !std::isnan(ref.scalar(c, "aicc"))) {
    EXPECT_NEAR(*model.aicc(), ref.scalar(c, "aicc"), 4e-3) << c;
    EXPECT_NEAR(*model.bic(), ref.scalar(c, "bic"), 4e-3) << c;
  }
  const auto& mean = ref(c, "mean");
  ForecastRequest request;
  request.horizon = static_cast<int>(mean.size());
  request.future_xreg = future;
  const Forecast fc = model.forecast(request);
  ASSERT_EQ(fc.horizon(), request.horizon);
  const double spread = std::abs(ref(c, "hi95")[0] - ref(c, "lo95")[0]);
  for (int t = 0; t < request.horizon; ++t) {
    EXPECT_NEAR(fc.mean[t], mean[t], 2e-3 * spread) << c << " mean h=" << t + 1;
    EXPECT_NEAR(fc.at_level(95).lower[t], ref(c, "lo95")[t], 4e-3 * spread) << c << " h=" << t + 1;
    EXPECT_NEAR(fc.at_level(80).upper[t], ref(c, "hi80")[t], 4e-3 * spread) << c << " h=" << t + 1;
  }
}

TEST(ArimaReference, SeatbeltsAirlineModelWithRegressorsMatchesR) {
  const auto data = seatbelts();
  ArimaOptions options;
  options.order = {0, 1, 1, 0, 1, 1};
  const auto model = fit_arima(data.series, options);
  EXPECT_EQ(model->description(), "Regression with ARIMA(0,1,1)(0,1,1)[12] errors");
  EXPECT_TRUE(model->summary().usable()) << model->summary().brief();
  // Published anchor: law -0.2461 (s.e. 0.0478).
  EXPECT_NEAR(model->coefficient("law"), -0.2461, 1e-3);
  expect_matches_r(*model, "seatbelts", data.future, 1e-3);
  // Residuals agree with R's (after the diffuse start of 13 values).
  const auto& r_resid = reference()("seatbelts", "residuals");
  for (std::size_t t = 13; t < r_resid.size(); ++t)
    EXPECT_NEAR(model->residuals()[t], r_resid[t], 2e-3) << "t=" << t;
}

struct FixedCase {
  const char* name;
  const char* series;
  ArimaOrder order;
  bool drift;
  bool take_log;
  ArimaMethod method;
};

class ArimaFixedOrder : public ::testing::TestWithParam<FixedCase> {};

TEST_P(ArimaFixedOrder, MatchesR) {
  const FixedCase& c = GetParam();
  Series series = classic_series(c.series);
  if (c.take_log)
    for (double& v : series.values) v = std::log(v);
  if (std::string(c.name) == "lynx_ar2_missing")
    for (int t : {9, 49, 50}) series.values[t] = std::nan("");
  ArimaOptions options;
  options.order = c.order;
  options.include_drift = c.drift;
  options.method = c.method;
  const auto model = fit_arima(series, options);
  EXPECT_TRUE(model->summary().usable()) << model->summary().brief();
  expect_matches_r(*model, c.name, {}, 2e-3);
}

INSTANTIATE_TEST_SUITE_P(
    ClassicSeries, ArimaFixedOrder,
    ::testing::Values(
        FixedCase{"lynx_ar2", "lynx", {2, 0, 0, 0, 0, 0}, false, false, ArimaMethod::kCssMl},
        FixedCase{
            "wwwusage_111", "WWWusage", {1, 1, 1, 0, 0, 0}, false, false, ArimaMethod::kCssMl},
        FixedCase{"logair_airline",
                  "AirPassengers",
                  {0, 1, 1, 0, 1, 1},
                  false,
                  true,
                  ArimaMethod::kCssMl},
        FixedCase{"nile_111_drift", "Nile", {1, 1, 1, 0, 0, 0}, true, false, ArimaMethod::kCssMl},
        FixedCase{
            "usacc_101_011", "USAccDeaths", {1, 0, 1, 0, 1, 1}, false, false, ArimaMethod::kCssMl},
        FixedCase{
            "usacc_sar", "USAccDeaths", {0, 1, 1, 1, 1, 0}, false, false, ArimaMethod::kCssMl},
        FixedCase{
            "lynx_ar2_missing", "lynx", {2, 0, 0, 0, 0, 0}, false, false, ArimaMethod::kCssMl},
        FixedCase{"usacc_css", "USAccDeaths", {1, 0, 1, 0, 1, 1}, false, false, ArimaMethod::kCss}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(ArimaErrors, TooShortForDifferencingIsAnError) {
  Series series;
  series.values = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
  series.period = 12;
  ArimaOptions options;
  options.order = {0, 1, 1, 0, 1, 1};
  EXPECT_THROW(fit_arima(series, options), Error);
}

TEST(ArimaErrors, CollinearRegressorsAreAnError) {
  Series series = classic_series("Nile");
  series.xreg.names = {"a", "b"};
  std::vector<double> step(series.values.size(), 0.0);
  for (std::size_t t = 50; t < step.size(); ++t) step[t] = 1.0;
  series.xreg.columns = {step, step};
  ArimaOptions options;
  options.order = {1, 0, 0, 0, 0, 0};
  EXPECT_THROW(fit_arima(series, options), Error);
}

TEST(ArimaErrors, SeasonalModelWithoutPeriodIsAnError) {
  Series series = classic_series("Nile");
  ArimaOptions options;
  options.order = {0, 0, 0, 1, 0, 0};
  EXPECT_THROW(fit_arima(series, options), Error);
}

}  // namespace
}  // namespace harmcast::timeseries
