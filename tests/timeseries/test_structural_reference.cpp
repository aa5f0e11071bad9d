// Structural models against R's StructTS (R 4.2.2) and statsmodels 0.13.5 UnobservedComponents
// with the exact diffuse initialisation, values stored in tests/data/timeseries/
// structural_reference.csv (structural_reference.R) and structural_statsmodels.csv
// (structural_reference.py), on Nile (1871-1970) and log10(UKgas) (1960Q1-1986Q4).
#include <gtest/gtest.h>

#include <cmath>
#include <map>

#include "engine/core/error.hpp"
#include "models/timeseries/structural.hpp"
#include "tests/timeseries/test_arima_reference_data.hpp"

namespace harmcast::timeseries {
namespace {

using harmcast::testing::read_csv_rows;

// Issue 4's bar for the Nile variances against StructTS.
constexpr double kStructTsVarianceTolerance = 0.005;
// Same likelihood as statsmodels: log-likelihoods agree to optimiser precision.
constexpr double kLoglikTolerance = 1e-6;
// Estimated variances where the likelihood is flat (two optimisers, different stopping rules).
constexpr double kVarianceTolerance = 0.01;
constexpr double kForecastTolerance = 1e-4;  // relative, forecasts and standard errors

class Reference {
 public:
  explicit Reference(const std::string& file) {
    for (const auto& row : read_csv_rows("timeseries/" + file))
      values_[row[0] + "/" + row[1]] = std::stod(row[2]);
  }
  double operator()(const std::string& c, const std::string& name) const {
    const auto it = values_.find(c + "/" + name);
    if (it == values_.end()) throw std::runtime_error("no reference " + c + "/" + name);
    return it->second;
  }

 private:
  std::map<std::string, double> values_;
};

const Reference& structts() {
  static const Reference r("structural_reference.csv");
  return r;
}
const Reference& statsmodels() {
  static const Reference r("structural_statsmodels.csv");
  return r;
}

Series nile() {
  Series s;
  s.id = "Nile";
  for (const auto& row : read_csv_rows("timeseries/nile.csv"))
    s.values.push_back(std::stod(row[1]));
  return s;
}

Series log_ukgas() {
  Series s;
  s.id = "log10(UKgas)";
  s.period = 4;
  for (const auto& row : read_csv_rows("timeseries/ukgas.csv"))
    s.values.push_back(std::log10(std::stod(row[1])));
  return s;
}

void expect_relative(double actual, double expected, double tolerance, const std::string& what) {
  EXPECT_LE(std::abs(actual - expected), tolerance * std::abs(expected))
      << what << ": " << actual << " vs " << expected;
}

StructuralOptions level_only() {
  StructuralOptions o;
  o.trend = StructuralTrend::kLocalLevel;
  return o;
}

TEST(StructuralReference, NileLocalLevelMatchesStructTsAndStatsmodels) {
  const auto model = fit_structural(nile(), level_only());
  ASSERT_EQ(model->summary().status, FitStatus::kConverged) << model->summary().brief();
  expect_relative(model->variances().level, 1469.1, kStructTsVarianceTolerance, "level (D&K)");
  expect_relative(model->variances().irregular, 15099, kStructTsVarianceTolerance, "eps (D&K)");
  expect_relative(model->variances().level, structts()("nile_level", "var_level"),
                  kStructTsVarianceTolerance, "level vs StructTS");
  expect_relative(model->variances().irregular, structts()("nile_level", "var_irregular"),
                  kStructTsVarianceTolerance, "irregular vs StructTS");
  expect_relative(*model->log_likelihood(), statsmodels()("nile_level", "loglik"), kLoglikTolerance,
                  "loglik vs statsmodels");
  const auto components = model->smoothed_components();
  for (int t : {1, 28, 50, 100})
    expect_relative(components.level[t - 1],
                    statsmodels()("nile_level", "smoothed_level_" + std::to_string(t)),
                    kForecastTolerance, "smoothed level");
  ForecastRequest request;
  request.horizon = 5;
  request.levels = {95};
  const auto f = model->forecast(request);
  const double z = normal_quantile(0.975);
  for (int h = 1; h <= 5; ++h) {
    const std::string k = std::to_string(h);
    expect_relative(f.mean[h - 1], structts()("nile_level", "forecast_" + k), kForecastTolerance,
                    "forecast vs StructTS");
    expect_relative((f.intervals[0].upper[h - 1] - f.mean[h - 1]) / z,
                    statsmodels()("nile_level", "forecast_se_" + k), kForecastTolerance,
                    "forecast se vs statsmodels");
  }
}

TEST(StructuralReference, NileLocalLinearTrendMatchesStatsmodels) {
  StructuralOptions o;
  o.trend = StructuralTrend::kLocalLinearTrend;
  const auto model = fit_structural(nile(), o);
  ASSERT_TRUE(model->summary().usable());
  // Both put the slope variance at (or next to) zero.
  EXPECT_LT(model->variances().slope, 1e-4 * model->variances().level);
  expect_relative(*model->log_likelihood(), statsmodels()("nile_trend", "loglik"), kLoglikTolerance,
                  "loglik");
  expect_relative(model->variances().level, statsmodels()("nile_trend", "var_level"),
                  kVarianceTolerance, "level");
  expect_relative(model->variances().irregular, statsmodels()("nile_trend", "var_irregular"),
                  kVarianceTolerance, "irregular");
  // StructTS differs here (level 1427, irregular 15047): its finite prior P_1 = 1e6 var(y)/100
  // on the slope is not diffuse enough for this likelihood; statsmodels' exact diffuse
  // likelihood is larger at our estimates (-631.711 vs -631.737 at StructTS's).
}

TEST(StructuralReference, UkGasBasicStructuralModelMatchesStatsmodels) {
  const auto model = fit_structural(log_ukgas());  // trend + dummy seasonal (StructTS "BSM")
  ASSERT_TRUE(model->summary().usable()) << model->summary().brief();
  EXPECT_EQ(model->description(), "Structural(trend, dummy seasonal[4])");
  EXPECT_GE(*model->log_likelihood(), statsmodels()("ukgas_bsm", "loglik") - kLoglikTolerance);
  expect_relative(*model->log_likelihood(), statsmodels()("ukgas_bsm", "loglik"), kLoglikTolerance,
                  "loglik");
  const auto& v = model->variances();
  expect_relative(v.seasonal, statsmodels()("ukgas_bsm", "var_seasonal"), kVarianceTolerance,
                  "seas");
  expect_relative(v.irregular, statsmodels()("ukgas_bsm", "var_irregular"), kVarianceTolerance,
                  "irregular");
  EXPECT_LT(v.level, 1e-3 * v.irregular);  // statsmodels: 6e-11
  ForecastRequest request;
  request.horizon = 8;
  request.levels = {95};
  const auto f = model->forecast(request);
  const double z = normal_quantile(0.975);
  for (int h = 1; h <= 8; ++h) {
    const std::string k = std::to_string(h);
    expect_relative(f.mean[h - 1], statsmodels()("ukgas_bsm", "forecast_" + k), kForecastTolerance,
                    "forecast");
    expect_relative((f.intervals[0].upper[h - 1] - f.mean[h - 1]) / z,
                    statsmodels()("ukgas_bsm", "forecast_se_" + k), kVarianceTolerance, "se");
  }
}

TEST(StructuralReference, UkGasTrigonometricSeasonalMatchesStatsmodels) {
  StructuralOptions o;
  o.seasonal = StructuralSeasonal::kTrigonometric;
  const auto model = fit_structural(log_ukgas(), o);
  ASSERT_TRUE(model->summary().usable());
  EXPECT_GE(*model->log_likelihood(), statsmodels()("ukgas_trig", "loglik") - kLoglikTolerance);
  expect_relative(*model->log_likelihood(), statsmodels()("ukgas_trig", "loglik"), kLoglikTolerance,
                  "loglik");
  expect_relative(model->variances().seasonal, statsmodels()("ukgas_trig", "var_seasonal"),
                  kVarianceTolerance, "seasonal");
}

TEST(StructuralReference, NileWithAswanStepRegressorMatchesStatsmodels) {
  Series s = nile();
  s.xreg.names = {"dam"};
  s.xreg.columns.assign(1, std::vector<double>(s.values.size()));
  for (std::size_t t = 0; t < s.values.size(); ++t) s.xreg.columns[0][t] = 1871 + t >= 1899;
  const auto model = fit_structural(s, level_only());
  ASSERT_TRUE(model->summary().usable());
  expect_relative(*model->log_likelihood(), statsmodels()("nile_step", "loglik"), kLoglikTolerance,
                  "loglik");
  expect_relative(model->coefficients()[0], statsmodels()("nile_step", "beta"), 1e-3, "beta");
  expect_relative(model->coefficient_std_errors()[0], statsmodels()("nile_step", "beta_se"), 1e-2,
                  "beta se");
  ForecastRequest request;
  request.horizon = 3;
  request.levels = {95};
  request.future_xreg.names = {"dam"};
  request.future_xreg.columns = {{1, 1, 1}};
  const auto f = model->forecast(request);
  for (int h = 1; h <= 3; ++h)
    expect_relative(f.mean[h - 1], statsmodels()("nile_step", "forecast_" + std::to_string(h)),
                    1e-3, "forecast");
  request.future_xreg = {};
  EXPECT_THROW(model->forecast(request), Error);  // future regressors are required
}

}  // namespace
}  // namespace harmcast::timeseries
