// Interrupted time series against R 4.2.2 (MASS 7.3-58.2) on the series stored by
// tests/data/causal/make_reference.R:
//   glm(y ~ t + factor(month) + step + t_after, family = quasipoisson)        (month, slope)
//   glm(y ~ t + factor(month) + step, family = poisson)                       (month, no slope)
//   glm(y ~ t + s1 + c1 + s2 + c2 + step + t_after, family = quasipoisson)   (Fourier K = 2)
//   MASS::glm.nb(y ~ t + factor(month) + step + t_after)
//   sandwich::NeweyWest(<the quasi-Poisson fit>, lag = 3, prewhite = FALSE, adjust = FALSE)
// and the counterfactual/averted delta-method SEs computed in R from vcov(fit).
#include <gtest/gtest.h>

#include <cmath>

#include "engine/core/error.hpp"
#include "engine/core/random.hpp"
#include "models/causal/interrupted_time_series.hpp"
#include "tests/causal/test_causal_data.hpp"

namespace harmcast::causal {
namespace {

ItsInput series() {
  ItsInput in;
  const auto rows = testdata::read_csv("causal/its_series.csv");
  in.start = Period::parse(rows.front().at(0));
  for (const auto& row : rows) in.counts.push_back(std::stod(row.at(1)));
  in.intervention_start = Period::month(2019, 1);
  return in;
}

const auto& reference() {
  static const auto ref = testdata::read_reference("causal/its_reference.csv");
  return ref;
}

double rel(double a, double b) { return std::fabs(a - b) / std::max(std::fabs(b), 1e-12); }

// Our names: (Intercept), t, season2..12 / sin1, cos1, ..., step, t_after; R's: factor(month)2.
std::string r_name(const std::string& ours) {
  if (ours.rfind("season", 0) == 0) return "factor(month)" + ours.substr(6);
  if (ours == "sin1") return "s1";
  if (ours == "cos1") return "c1";
  if (ours == "sin2") return "s2";
  if (ours == "cos2") return "c2";
  return ours;
}

void expect_matches(const ItsResult& fit, const std::string& which, double tol) {
  const auto& ref = reference().at(which);
  ASSERT_EQ(fit.status == FitStatus::kFailed, false) << fit.message;
  for (std::size_t j = 0; j < fit.names.size(); ++j) {
    const std::string name = r_name(fit.names[j]);
    EXPECT_LT(rel(fit.coefficients(j), ref.at("coef:" + name)), tol) << which << " " << name;
    EXPECT_LT(rel(fit.std_error(j), ref.at("se:" + name)), tol) << which << " " << name;
  }
}

TEST(CausalIts, QuasiPoissonMonthDummiesMatchesR) {
  ItsOptions options;  // quasi-Poisson, month dummies, slope change
  const ItsResult fit = fit_interrupted_time_series(series(), options);
  expect_matches(fit, "quasipoisson_month_slope", 1e-6);
  const auto& ref = reference().at("quasipoisson_month_slope");
  EXPECT_LT(rel(fit.dispersion, ref.at("dispersion")), 1e-6);
  EXPECT_LT(rel(fit.step.estimate, std::exp(ref.at("coef:step"))), 1e-6);
  EXPECT_LT(rel(fit.step.p_value, ref.at("p:step")), 1e-5);  // t test with n - p df as R
  EXPECT_LT(rel(fit.expected_with, ref.at("expected_with")), 1e-6);
  EXPECT_LT(rel(fit.expected_without, ref.at("expected_without")), 1e-6);
  EXPECT_LT(rel(fit.averted.std_error, ref.at("averted_se")), 1e-5);
  EXPECT_LT(rel(fit.post_ratio.std_error, ref.at("log_ratio_se")), 1e-5);
  EXPECT_EQ(fit.pre_periods, 48);
  EXPECT_EQ(fit.post_periods, 24);
}

TEST(CausalIts, NeweyWestMatchesSandwich) {
  // sandwich::NeweyWest(quasipoisson fit, lag = 3, prewhite = FALSE, adjust = FALSE)
  ItsOptions options;
  options.standard_errors = ItsStandardErrors::NeweyWest;
  options.newey_west_lag = 3;
  const ItsResult fit = fit_interrupted_time_series(series(), options);
  const auto& ref = reference().at("newey_west_lag3");
  for (std::size_t j = 0; j < fit.names.size(); ++j) {
    EXPECT_LT(rel(fit.std_error(j), ref.at("se:" + r_name(fit.names[j]))), 1e-6) << fit.names[j];
  }
}

TEST(CausalIts, PoissonStepOnlyMatchesR) {
  ItsOptions options;
  options.model = CountModel::Poisson;
  options.slope_change = false;
  const ItsResult fit = fit_interrupted_time_series(series(), options);
  expect_matches(fit, "poisson_month_step", 1e-6);
  EXPECT_LT(rel(fit.step.p_value, reference().at("poisson_month_step").at("p:step")), 1e-5);
  // with a step only, the post-period ratio is the step ratio
  EXPECT_LT(rel(fit.post_ratio.estimate, fit.step.estimate), 1e-10);
}

TEST(CausalIts, FourierSeasonalityMatchesR) {
  ItsOptions options;
  options.seasonality = Seasonality::Fourier;
  options.fourier_harmonics = 2;
  const ItsResult fit = fit_interrupted_time_series(series(), options);
  expect_matches(fit, "quasipoisson_fourier2_slope", 1e-6);
}

TEST(CausalIts, NegativeBinomialMatchesGlmNb) {
  ItsOptions options;
  options.model = CountModel::NegativeBinomial;
  const ItsResult fit = fit_interrupted_time_series(series(), options);
  expect_matches(fit, "negbin_month_slope", 1e-5);
  EXPECT_LT(rel(fit.theta, reference().at("negbin_month_slope").at("theta")), 1e-5);
}

TEST(CausalIts, SimulationIntervalsAgreeWithDeltaMethod) {
  ItsOptions delta;
  const ItsResult a = fit_interrupted_time_series(series(), delta);
  ItsOptions sim = delta;
  sim.simulation_draws = 20000;
  sim.seed = 11;
  const ItsResult b = fit_interrupted_time_series(series(), sim);
  // The averted count is nearly linear in b here: percentile and Wald limits agree closely.
  const double width = a.averted.conf_high - a.averted.conf_low;
  EXPECT_LT(std::fabs(b.averted.conf_low - a.averted.conf_low), 0.05 * width);
  EXPECT_LT(std::fabs(b.averted.conf_high - a.averted.conf_high), 0.05 * width);
  EXPECT_NE(b.interval_method.find("simulation"), std::string::npos);
}

TEST(CausalIts, RecoversKnownStepInSimulations) {
  // 200 series from the model of make_reference.R (NB size 20, step ratio 0.8): the quasi-Poisson
  // 95% interval of the step must cover 0.8 in 88-99% of them (binomial sd about 1.5%).
  RandomStream stream(99, 0);
  int covered = 0;
  const int reps = 200;
  ItsOptions options;
  options.slope_change = false;
  for (int r = 0; r < reps; ++r) {
    ItsInput in;
    in.start = Period::month(2015, 1);
    in.intervention_start = Period::month(2019, 1);
    for (int t = 1; t <= 72; ++t) {
      const int month = (t - 1) % 12 + 1;
      const double mu =
          std::exp(std::log(60.0) + 0.004 * t + 0.15 * std::cos(2 * M_PI * (month - 7) / 12.0) +
                   (t >= 49 ? std::log(0.8) : 0.0));
      in.counts.push_back(static_cast<double>(stream.negative_binomial(20.0, mu)));
    }
    const ItsResult fit = fit_interrupted_time_series(in, options);
    covered += fit.step.conf_low <= 0.8 && 0.8 <= fit.step.conf_high;
  }
  std::printf("step interval covered the truth in %d of %d series\n", covered, reps);
  EXPECT_GE(covered, static_cast<int>(0.88 * reps));
  EXPECT_LE(covered, static_cast<int>(0.99 * reps));
}

TEST(CausalIts, ClearErrors) {
  ItsInput in = series();
  ItsOptions options;
  in.intervention_start = Period::month(2015, 4);
  EXPECT_THROW(fit_interrupted_time_series(in, options), Error);  // too few pre periods
  in = series();
  in.counts[5] = -1;
  EXPECT_THROW(fit_interrupted_time_series(in, options), Error);
  options.fourier_harmonics = 9;
  EXPECT_THROW(options.validate(), Error);
}

}  // namespace
}  // namespace harmcast::causal
