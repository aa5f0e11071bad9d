// The cross-family `auto` with regressors (intervention terms): only the families that take
// regressors are candidates, the others are recorded with the reason; the chosen model uses the
// regressors' future values; and the model forms given to the candidates are the ones fitted.
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "engine/core/error.hpp"
#include "engine/core/random.hpp"
#include "models/timeseries/auto_forecast.hpp"
#include "models/timeseries/ets.hpp"
#include "models/timeseries/intervention_analysis.hpp"

namespace harmcast::timeseries {
namespace {

constexpr int kLength = 96, kStart = 60, kHorizon = 12;
constexpr double kEffect = 0.5;  // on the log scale: counts x1.65 from month 60

// Poisson counts around a seasonal log-mean that steps up by kEffect at kStart (seeded).
Series stepped_series() {
  RandomStream stream(20240601, 7);
  Series s;
  s.id = "stepped";
  s.period = 12;
  s.xreg.names = {"pilot"};
  s.xreg.columns = {intervention_term(InterventionShape::kStep, kStart, kLength)};
  for (int t = 0; t < kLength; ++t) {
    const double log_mean = std::log(40.0) + 0.3 * std::sin(2 * std::numbers::pi * t / 12) +
                            kEffect * s.xreg.columns[0][t];
    s.values.push_back(static_cast<double>(stream.poisson(std::exp(log_mean))));
  }
  return s;
}

const CandidateResult& candidate(const AutoForecastResult& r, const std::string& name) {
  for (const auto& c : r.candidates)
    if (c.name == name) return c;
  throw std::runtime_error("no candidate " + name);
}

TEST(AutoForecastRegressors, OnlyFamiliesThatTakeRegressorsCompete) {
  const Series s = stepped_series();
  const auto r = auto_forecast(s);
  for (const char* name : {"ets", "snaive"}) {
    EXPECT_NE(candidate(r, name).message.find("takes no regressors"), std::string::npos)
        << name << ": " << candidate(r, name).message;
    EXPECT_TRUE(candidate(r, name).cv.origins.empty());
  }
  for (const char* name : {"arima", "structural", "count"})
    EXPECT_EQ(candidate(r, name).message, "") << name;
  EXPECT_TRUE(r.chosen == "arima" || r.chosen == "structural" || r.chosen == "count" ||
              r.chosen == "combination")
      << r.chosen;
}

TEST(AutoForecastRegressors, TheChosenModelForecastsWithTheStepInPlace) {
  // Training ends after the step: the forecasts continue at the stepped-up level (40 e^0.5 ~ 66),
  // well above the pre-step level of 40 that a model without the regressor would mix in.
  const Series s = stepped_series();
  const auto r = auto_forecast(s);
  ForecastRequest request;
  request.horizon = kHorizon;
  request.future_xreg.names = {"pilot"};
  request.future_xreg.columns = {std::vector<double>(kHorizon, 1.0)};
  const Forecast f = r.model->forecast(request);
  double mean = 0;
  for (double v : f.mean) mean += v / kHorizon;
  const double stepped_level = 40 * std::exp(kEffect) * std::cyl_bessel_i(0, 0.3);  // yearly mean
  EXPECT_NEAR(mean, stepped_level, 0.12 * stepped_level) << r.chosen;
  // Without future regressor values the model cannot forecast: it says so.
  ForecastRequest missing;
  missing.horizon = kHorizon;
  EXPECT_THROW(r.model->forecast(missing), Error);
}

TEST(AutoForecastRegressors, EtsRefusesRegressorsInsteadOfIgnoringThem) {
  try {
    fit_ets(stepped_series());
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("take no regressors"), std::string::npos) << e.what();
  }
}

TEST(AutoForecastRegressors, CandidateFormsAreTheOnesFitted) {
  Series s = stepped_series();
  s.xreg = {};
  CandidateForms forms;
  forms.count.distribution = CountDistribution::kPoisson;
  forms.count.past_obs = {1, 12};
  forms.count.past_mean = {};
  forms.count.harmonics = 1;
  forms.structural.trend = StructuralTrend::kLocalLevel;
  forms.structural.seasonal = StructuralSeasonal::kTrigonometric;
  AutoForecastOptions options;
  options.candidates = default_forecast_candidates(forms);
  const auto r = auto_forecast(s, options);
  EXPECT_EQ(candidate(r, "count").model,
            "Count Poisson(obs 1,12; mean none) + trend + Fourier K=1");
  EXPECT_EQ(candidate(r, "structural").model, "Structural(level, trigonometric seasonal[12])");
  // The refits at the origins keep the forms.
  for (const auto& o : candidate(r, "count").cv.origins)
    EXPECT_EQ(o.model, candidate(r, "count").model);
  for (const auto& o : candidate(r, "structural").cv.origins)
    EXPECT_EQ(o.model, candidate(r, "structural").model);
  // ETS origins keep the chosen form.
  for (const auto& o : candidate(r, "ets").cv.origins)
    EXPECT_EQ(o.model, candidate(r, "ets").model);
}

}  // namespace
}  // namespace harmcast::timeseries
