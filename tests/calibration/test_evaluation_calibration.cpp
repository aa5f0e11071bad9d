// Calibration of the service evaluations on synthetic cohorts with known effects
// (engine/runner/evaluation_calibration.hpp): 40 cohorts here (the 200-cohort figure is recorded
// with `harmcast calibrate --seeds 200`). Pooled over the 4 services x 2 outcomes (320
// intervals), the count of intervals covering the truth must lie inside the central 99.9% of
// Binomial(320, 0.95) (about 292-315), so a miscalibrated SE (e.g. 15% too small, coverage ~0.91)
// fails; the mean standardised error must be small (|mean z| < 0.25, about 4.5 standard errors
// of the mean of 320 near-independent z's), so a bias of a quarter of an SE fails.
#include <gtest/gtest.h>

#include <boost/math/distributions/binomial.hpp>
#include <cmath>
#include <cstdio>

#include "engine/core/error.hpp"
#include "engine/runner/evaluation_calibration.hpp"

namespace harmcast {
namespace {

constexpr double kNominal = 0.95;
constexpr double kAcceptance = 0.999;  // central share of Binomial(n, 0.95) accepted
constexpr double kMaxMeanZ = 0.25;

TEST(EvaluationCalibration, IntervalsCoverTheTruthAtTheNominalRate) {
  CalibrationOptions options;
  options.seeds = 40;
  const CalibrationResult result = calibrate_service_evaluations(options);
  std::printf("%s", format_calibration(result, options).c_str());
  EXPECT_EQ(result.failed, 0);
  ASSERT_EQ(result.cells.size(), 9u);
  const CalibrationCell& pooled = result.cells.back();
  ASSERT_EQ(pooled.runs, 320);
  const boost::math::binomial_distribution<> binomial(pooled.runs, kNominal);
  const double low = boost::math::quantile(binomial, (1 - kAcceptance) / 2);
  const double high =
      boost::math::quantile(boost::math::complement(binomial, (1 - kAcceptance) / 2));
  EXPECT_GE(pooled.covered, low);
  EXPECT_LE(pooled.covered, high);
  EXPECT_LT(std::fabs(pooled.mean_z), kMaxMeanZ);
  for (std::size_t c = 0; c + 1 < result.cells.size(); ++c) {
    const CalibrationCell& cell = result.cells[c];
    SCOPED_TRACE(cell.service + " " + cell.outcome);
    EXPECT_EQ(cell.runs, 40);
    // Per cell only gross failures are detectable with 40 cohorts: coverage of at least 80%
    // (P(<= 31 of 40 | 0.95) < 0.001) and a bias under 0.6 SE (mean z has SD 1/sqrt(40) = 0.16).
    EXPECT_GE(cell.covered, 32);
    EXPECT_LT(std::fabs(cell.mean_z), 0.6);
    // The truth on the matched treated and on all treated differ only by the caliper's drops.
    EXPECT_NEAR(cell.mean_truth, cell.mean_truth_all_treated, 0.2 * cell.mean_se);
  }
}

TEST(EvaluationCalibration, SameSeedsSameFiguresOnAnyThreadCount) {
  CalibrationOptions options;
  options.seeds = 3;
  options.cohort_size = 8000;
  options.threads = 1;
  const CalibrationResult one = calibrate_service_evaluations(options);
  options.threads = 2;
  const CalibrationResult two = calibrate_service_evaluations(options);
  ASSERT_EQ(one.cells.size(), two.cells.size());
  for (std::size_t c = 0; c < one.cells.size(); ++c) {
    EXPECT_EQ(one.cells[c].covered, two.cells[c].covered);
    EXPECT_EQ(one.cells[c].mean_z, two.cells[c].mean_z);
  }
}

TEST(EvaluationCalibration, BadOptionsAreClearErrors) {
  CalibrationOptions options;
  options.seeds = 0;
  EXPECT_THROW(calibrate_service_evaluations(options), Error);
  options.seeds = 1;
  options.cohort_size = 50;
  EXPECT_THROW(calibrate_service_evaluations(options), Error);
}

}  // namespace
}  // namespace harmcast
