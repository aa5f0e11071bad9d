// ETS building blocks and bad input: the admissibility root test, Nelder-Mead against R's
// optim (tests/data/timeseries/make_ets_extra_reference.R, R 4.2.2), simulated intervals of a
// multiplicative-trend model against R's, and the degenerate series (too short for a season,
// zeros, missing values) with their messages.
#include <gtest/gtest.h>

#include <cmath>
#include <complex>

#include "engine/core/error.hpp"
#include "models/timeseries/ets.hpp"
#include "models/timeseries/ets_admissible.hpp"
#include "models/timeseries/ets_nelder_mead.hpp"
#include "tests/timeseries/test_arima_reference_data.hpp"

namespace harmcast::timeseries {
namespace {

using harmcast::testing::classic_series;
using harmcast::testing::parse_value;
using harmcast::testing::read_csv_rows;

std::vector<double> extra_reference(const std::string& c, const std::string& q) {
  std::vector<double> out;
  for (const auto& r : read_csv_rows("timeseries/ets_extra_reference.csv"))
    if (r[0] == c && r[1] == q) out.push_back(parse_value(r[3]));
  return out;
}

// Monic polynomial coefficients (after the leading 1) of prod (z - r_i).
std::vector<double> from_roots(const std::vector<std::complex<double>>& roots) {
  std::vector<std::complex<double>> c = {1.0};
  for (auto r : roots) {
    std::vector<std::complex<double>> next(c.size() + 1, 0.0);
    for (std::size_t i = 0; i < c.size(); ++i) next[i] += c[i], next[i + 1] -= r * c[i];
    c = next;
  }
  std::vector<double> out;
  for (std::size_t i = 1; i < c.size(); ++i) out.push_back(c[i].real());
  return out;
}

// fit_ets(series, options) throws harmcast::Error whose message contains `what` and hint `hint`.
void expect_error(const Series& series, const EtsOptions& options, const std::string& what,
                  const std::string& hint) {
  try {
    fit_ets(series, options);
    ADD_FAILURE() << "expected an error about " << what;
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find(what), std::string::npos) << e.what();
    EXPECT_NE(e.hint().find(hint), std::string::npos) << e.hint();
  }
}

TEST(EtsAdmissible, SchurCohnFindsRootsOutsideTheDisc) {
  using C = std::complex<double>;
  const auto inside = from_roots({0.5, -0.9, std::polar(0.99, 1.0), std::polar(0.99, -1.0)});
  EXPECT_TRUE(roots_within(inside.data(), 4, 1.0));
  const auto outside = from_roots({0.5, -0.9, std::polar(1.01, 2.0), std::polar(1.01, -2.0)});
  EXPECT_FALSE(roots_within(outside.data(), 4, 1.0));
  EXPECT_TRUE(roots_within(outside.data(), 4, 1.02));
  const auto real_out = from_roots({C(1.2), C(0.1)});
  EXPECT_FALSE(roots_within(real_out.data(), 2, 1.0));
}

TEST(EtsAdmissible, UsualBoundsAndSeasonalRegion) {
  EtsStructure s{EtsType::kAdditive, EtsType::kAdditive, EtsType::kAdditive, false, 12};
  EtsLimits limits;
  EXPECT_TRUE(ets_parameters_allowed(s, {0.3, 0.05, 0.1, 1.0}, EtsBounds::kBoth, limits));
  EXPECT_FALSE(ets_parameters_allowed(s, {0.3, 0.4, 0.1, 1.0}, EtsBounds::kBoth, limits));  // b>a
  EXPECT_FALSE(ets_parameters_allowed(s, {0.5, 0.05, 0.6, 1.0}, EtsBounds::kBoth, limits));
  // Beyond the usual box but forecastable: allowed by "admissible" only.
  EXPECT_TRUE(ets_parameters_allowed(s, {1.2, 0.05, 0.01, 1.0}, EtsBounds::kAdmissible, limits));
  EXPECT_FALSE(ets_parameters_allowed(s, {1.2, 0.05, 0.01, 1.0}, EtsBounds::kBoth, limits));
  EXPECT_FALSE(ets_parameters_allowed(s, {1.9, 0.9, 0.5, 1.0}, EtsBounds::kAdmissible, limits));
}

TEST(EtsNelderMead, FollowsRsOptimOnRosenbrock) {
  const auto rosenbrock = [](const double* x, double) {
    return 100 * (x[1] - x[0] * x[0]) * (x[1] - x[0] * x[0]) + (1 - x[0]) * (1 - x[0]);
  };
  const NelderMeadResult r = nelder_mead(rosenbrock, {-1.2, 1.0});
  const auto par = extra_reference("rosenbrock", "par");
  // Same path as R's nmmin: the same evaluation count and the optimum to the last digits.
  EXPECT_EQ(r.evaluations, static_cast<int>(extra_reference("rosenbrock", "fncount")[0]));
  EXPECT_NEAR(r.x[0], par[0], 1e-12);
  EXPECT_NEAR(r.x[1], par[1], 1e-12);
  EXPECT_NEAR(r.value, extra_reference("rosenbrock", "value")[0], 1e-18);
  EXPECT_TRUE(r.converged);
}

TEST(EtsSimulatedIntervals, MultiplicativeTrendMatchesRWithinMonteCarloError) {
  EtsOptions o;
  o.model = "MMN";
  o.damped = false;
  o.simulation_paths = 50000;
  const auto fit = fit_ets(classic_series("AirPassengers"), o);
  EXPECT_EQ(fit->description(), "ETS(M,M,N)");
  ForecastRequest request;
  request.levels = {95};
  const Forecast fc = fit->forecast(request);
  const auto mean = extra_reference("AirPassengers_MMN", "mean");
  const auto lo = extra_reference("AirPassengers_MMN", "lo95");
  const auto hi = extra_reference("AirPassengers_MMN", "hi95");
  for (int t = 0; t < 12; ++t) {
    EXPECT_NEAR(fc.mean[t], mean[t], 1e-4 * mean[t]) << t;
    // R: 100,000 paths, here 50,000: the 2.5% / 97.5% quantiles carry ~0.5% Monte Carlo error
    // (R's own 5,000-path default varies by ~2% between seeds).
    EXPECT_NEAR(fc.intervals[0].lower[t], lo[t], 0.015 * lo[t]) << t;
    EXPECT_NEAR(fc.intervals[0].upper[t], hi[t], 0.015 * hi[t]) << t;
  }
  // The same seed gives the same intervals.
  EXPECT_EQ(fit->forecast(request).intervals[0].lower, fc.intervals[0].lower);
}

TEST(EtsBadSeries, TooShortForASeasonFitsANonSeasonalModel) {
  Series s = classic_series("USAccDeaths");
  s.values.resize(12);  // n <= m: R drops the season
  const auto fit = fit_ets(s);
  EXPECT_EQ(fit->structure().season, EtsType::kNone) << fit->description();
  EtsOptions o;
  o.model = "ANA";
  s.period = 1;
  expect_error(s, o, "seasonal period", "");
}

TEST(EtsBadSeries, ZerosExcludeMultiplicativeModels) {
  Series s = classic_series("USAccDeaths");
  s.values[10] = 0.0;
  const auto fit = fit_ets(s);
  EXPECT_EQ(fit->structure().error, EtsType::kAdditive);
  for (const auto& c : fit->candidates()) EXPECT_EQ(c.description[4], 'A') << c.description;
  EtsOptions o;
  o.model = "MNN";
  expect_error(s, o, "strictly positive", "additive errors");
}

TEST(EtsBadSeries, MissingValues) {
  Series all_missing;
  all_missing.period = 12;
  all_missing.values.assign(30, NAN);
  EXPECT_THROW(fit_ets(all_missing), Error);

  // Leading missing values: dropped, as R's na.contiguous; outputs stay aligned.
  Series leading = classic_series("USAccDeaths");
  leading.values[0] = leading.values[3] = NAN;
  const auto fit = fit_ets(leading);
  EXPECT_TRUE(std::isnan(fit->fitted()[3]));
  EXPECT_FALSE(std::isnan(fit->fitted()[4]));
  EXPECT_NE(fit->summary().message.find("dropped"), std::string::npos);

  // A gap late in the series: the longest complete run ends before the end -> clear error.
  Series gap = classic_series("USAccDeaths");
  gap.values[60] = NAN;
  expect_error(gap, {}, "does not reach the end", "impute");
}

TEST(EtsBadSeries, BadOptionsAndForbiddenModels) {
  const Series s = classic_series("USAccDeaths");
  EtsOptions o;
  o.model = "XYZ";
  EXPECT_THROW(fit_ets(s, o), Error);
  o.model = "ANM";  // additive error with multiplicative season: infinite variance
  EXPECT_THROW(fit_ets(s, o), Error);
  o.model = "ANN";
  o.damped = true;
  EXPECT_THROW(fit_ets(s, o), Error);
}

}  // namespace
}  // namespace harmcast::timeseries
