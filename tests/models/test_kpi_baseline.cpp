// KPI against baseline: reference values from R 4.2.2,
// glm(y ~ factor(season) + recent, family = quasipoisson) on the same counts, with IRLS run to
// full convergence (glm.control(epsilon = 1e-15)) since we solve the likelihood equations exactly;
// the script is
// tests/data/kpi/baseline_comparison_reference.R and its output baseline_comparison_reference.txt.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "engine/core/error.hpp"
#include "models/kpi/baseline_comparison.hpp"

using namespace harmcast::kpi;

namespace {

struct Reference {
  double beta, se, p, phi;
  int df;
  double lo, hi;
};

void expect_matches(const BaselineComparison& got, const Reference& r) {
  const double rel = 1e-8;
  EXPECT_NEAR(std::log(got.rate_ratio), r.beta, rel * std::fabs(r.beta) + 1e-12);
  EXPECT_NEAR(got.dispersion_estimated, r.phi, rel * r.phi);
  EXPECT_EQ(got.degrees_of_freedom, r.df);
  EXPECT_NEAR(got.p_value, r.p, 1e-7 * r.p);
  EXPECT_NEAR(got.ratio_low, r.lo, rel * r.lo);
  EXPECT_NEAR(got.ratio_high, r.hi, rel * r.hi);
}

BaselineComparisonOptions unfloored(int recent, int baseline, int ppy) {
  BaselineComparisonOptions o;
  o.recent_periods = recent;
  o.baseline_periods = baseline;
  o.periods_per_year = ppy;
  o.floor_dispersion_at_one = false;  // as R's quasipoisson
  return o;
}

}  // namespace

TEST(KpiBaseline, RealDropMatchesRQuasiPoisson) {
  const std::vector<double> y = {54, 61, 38, 31, 34, 23, 38, 41, 39, 48, 53, 58, 59, 49, 48, 35,
                                 31, 39, 35, 27, 40, 46, 49, 47, 50, 61, 44, 35, 30, 39, 40, 26,
                                 38, 43, 47, 46, 38, 41, 30, 24, 20, 26, 21, 33, 32, 33, 46, 48};
  const auto got = compare_with_baseline(y, 0, unfloored(12, 36, 12));
  expect_matches(got, {-0.257906409963, 0.047938573455, 5.07480401144e-06, 0.716356157939, 35,
                       0.701014373413, 0.851644636966});
  EXPECT_EQ(got.verdict, ChangeVerdict::RealDecrease);
  EXPECT_TRUE(got.moving_as_desired);
  // Balanced windows: the rate ratio is the recent total over the mean annual baseline total.
  EXPECT_NEAR(got.rate_ratio, got.recent_total / got.baseline_mean_total, 1e-10);
}

TEST(KpiBaseline, OverdispersedSeriesShowsNoClearChange) {
  const std::vector<double> y = {40, 28, 44, 38, 41, 29, 32, 26, 18, 11, 30, 34, 56, 45, 36, 18,
                                 18, 27, 43, 17, 10, 16, 8,  21, 23, 28, 35, 26, 10, 35, 17, 12,
                                 36, 13, 30, 12, 32, 27, 20, 41, 36, 32, 6,  12, 12, 19, 11, 24};
  const auto got = compare_with_baseline(y, 0, unfloored(12, 36, 12));
  expect_matches(got, {-0.165639056834, 0.146604607275, 0.266229501958, 4.558515874236, 35,
                       0.629227607019, 1.141090197141});
  EXPECT_EQ(got.verdict, ChangeVerdict::NoClearChange);
  EXPECT_FALSE(got.moving_as_desired);
}

TEST(KpiBaseline, UnbalancedWindowsStartingMidYear) {
  const std::vector<double> y = {18, 15, 16, 11, 11, 7,  5,  21, 12, 10, 13, 9,  17, 13, 5,
                                 12, 9,  6,  19, 10, 12, 12, 21, 12, 19, 21, 11, 16, 10, 13};
  const auto got = compare_with_baseline(y, 3, unfloored(6, 24, 12));
  expect_matches(got, {0.251314428281, 0.160456969369, 0.135716001317, 1.410457094101, 17,
                       0.916475279062, 1.803716109158});
}

TEST(KpiBaseline, QuarterlySeries) {
  const std::vector<double> y = {107, 78, 90, 83, 112, 86, 87, 67, 99, 97, 97, 88, 97, 86, 89, 93};
  const auto got = compare_with_baseline(y, 1, unfloored(4, 12, 4));
  expect_matches(got, {0.003659656418, 0.053916349640, 0.947101982242, 0.795055052895, 11,
                       0.891357739232, 1.130125560300});
}

TEST(KpiBaseline, DispersionFloorWidensUnderdispersedIntervals) {
  const std::vector<double> y = {107, 78, 90, 83, 112, 86, 87, 67, 99, 97, 97, 88, 97, 86, 89, 93};
  auto options = unfloored(4, 12, 4);
  options.floor_dispersion_at_one = true;
  const auto got = compare_with_baseline(y, 1, options);
  EXPECT_DOUBLE_EQ(got.dispersion, 1.0);
  EXPECT_LT(got.ratio_low, 0.891357739227);
  EXPECT_GT(got.ratio_high, 1.130125560307);
}

TEST(KpiBaseline, DegenerateSeriesAreNotAssessedWithAReason) {
  const auto options = unfloored(12, 36, 12);
  std::vector<double> short_series(30, 5.0);
  EXPECT_EQ(compare_with_baseline(short_series, 0, options).verdict, ChangeVerdict::NotAssessed);
  std::vector<double> with_gap(48, 5.0);
  with_gap[40] = NAN;
  const auto gap = compare_with_baseline(with_gap, 0, options);
  EXPECT_EQ(gap.verdict, ChangeVerdict::NotAssessed);
  EXPECT_NE(gap.message.find("no value"), std::string::npos);
  std::vector<double> zeros(48, 0.0);
  EXPECT_EQ(compare_with_baseline(zeros, 0, options).verdict, ChangeVerdict::NotAssessed);
  std::vector<double> negative(48, 3.0);
  negative[2] = -1;
  EXPECT_EQ(compare_with_baseline(negative, 0, options).verdict, ChangeVerdict::NotAssessed);
}

TEST(KpiBaseline, InvalidOptionsNameTheField) {
  BaselineComparisonOptions o;
  o.level = 1.5;
  try {
    o.validate();
    FAIL() << "expected an error";
  } catch (const harmcast::Error& e) {
    EXPECT_EQ(e.where(), "kpi.level");
  }
}
