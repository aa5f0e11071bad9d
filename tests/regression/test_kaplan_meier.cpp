// fit_kaplan_meier against survival::survfit (R 4.2.2, survival 3.5-3), conf.type = "log-log".
// Reference: tests/data/survival/km_reference.csv from make_reference.R:
//   survfit(Surv(week, arrest) ~ 1 and ~ fin, data = carData::Rossi, conf.type = "log-log")
//   survfit(Surv(time, event) ~ 1 and ~ sex, data = lung2, conf.type = "log-log") where lung2 is
//   survival::lung with status recoded to 0/1 (tests/data/survival/lung.csv)
// plus the medians and their limits from summary(fit)$table (as print.survfit shows them).
#include <gtest/gtest.h>

#include <cmath>

#include "engine/core/error.hpp"
#include "models/regression/kaplan_meier.hpp"
#include "tests/regression/test_cox_data.hpp"
#include "tests/support/paths.hpp"

namespace harmcast {
namespace {

using testing::ReferenceTable;
using testing::SimpleCsv;

const ReferenceTable& reference() {
  static const ReferenceTable table =
      ReferenceTable::read(harmcast::testing::test_data("survival/km_reference.csv").string());
  return table;
}

void expect_same(double actual, double expected, double tol, const std::string& what) {
  if (std::isnan(expected)) {
    EXPECT_TRUE(std::isnan(actual)) << what << ": harmcast " << actual << " vs R NA";
    return;
  }
  EXPECT_LE(std::fabs(actual - expected), tol * std::max(1e-300, std::fabs(expected)))
      << what << ": harmcast " << actual << " vs R " << expected;
}

void expect_curves(const KaplanMeierResult& fit, const std::string& c) {
  const auto& ref = reference();
  const auto time = ref.get(c, "time");
  std::size_t offset = 0;
  std::size_t curve_index = 0;
  for (const auto& curve : fit.curves) {
    SCOPED_TRACE(c + " " + curve.group);
    ASSERT_LE(offset + curve.time.size(), time.size());
    const auto check = [&](const std::string& q, const std::vector<double>& mine, double tol) {
      const auto& r = ref.get(c, q);
      for (std::size_t k = 0; k < mine.size(); ++k) {
        EXPECT_EQ(r[offset + k].first, curve.group);
        expect_same(mine[k], r[offset + k].second, tol, q + " at " + std::to_string(k));
      }
    };
    check("time", curve.time, 0);
    check("n_risk", curve.n_risk, 0);
    check("n_event", curve.n_event, 0);
    check("n_censor", curve.n_censor, 0);
    check("surv", curve.survival, 1e-13);
    check("std_err", curve.std_error, 1e-12);
    check("lower", curve.lower, 1e-12);
    check("upper", curve.upper, 1e-12);
    const auto med = ref.get(c, "median");
    expect_same(curve.median, med[curve_index].second, 0, "median");
    expect_same(curve.median_lower, ref.get(c, "median_lower")[curve_index].second, 0, "lcl");
    expect_same(curve.median_upper, ref.get(c, "median_upper")[curve_index].second, 0, "ucl");
    offset += curve.time.size();
    ++curve_index;
  }
  EXPECT_EQ(offset, time.size());
}

TEST(KaplanMeier, RossiOverallAndByFinancialAid) {
  const SimpleCsv csv =
      SimpleCsv::read(harmcast::testing::test_data("survival/rossi.csv").string());
  const Eigen::VectorXd time = csv.numeric("week");
  const Eigen::VectorXi event = csv.numeric("arrest").cast<int>();
  expect_curves(fit_kaplan_meier(time, event), "rossi_km");
  std::vector<std::string> group;
  for (const auto& f : csv.column("fin")) group.push_back("fin=" + f);
  expect_curves(fit_kaplan_meier(time, event, {}, group), "rossi_km_fin");
}

TEST(KaplanMeier, LungMediansAndLimits) {
  const SimpleCsv csv = SimpleCsv::read(harmcast::testing::test_data("survival/lung.csv").string());
  const Eigen::VectorXd time = csv.numeric("time");
  const Eigen::VectorXi event = csv.numeric("event").cast<int>();
  const auto fit = fit_kaplan_meier(time, event);
  expect_curves(fit, "lung_km");
  EXPECT_EQ(fit.curves[0].median, 310);  // print(survfit(...)): median 310, 0.95LCL 284, UCL 361
  std::vector<std::string> group;
  for (const auto& s : csv.column("sex")) group.push_back("sex=" + s);
  expect_curves(fit_kaplan_meier(time, event, {}, group), "lung_km_sex");
}

TEST(KaplanMeier, BadInputsAreErrors) {
  Eigen::VectorXd time(3);
  time << 1, 2, 3;
  Eigen::VectorXi event(3);
  event << 1, 2, 0;
  EXPECT_THROW(fit_kaplan_meier(time, event), Error);
  event << 1, 1, 0;
  time[1] = -1;
  EXPECT_THROW(fit_kaplan_meier(time, event), Error);
}

// Zero times are allowed, as survfit (R 4.2.2, survival 3.5-3):
//   summary(survfit(Surv(c(0, 0, 2, 3, 4, 5, 6, 7), c(1, 0, 0, 1, 1, 0, 1, 1)) ~ 1))
//   time 0: n.risk 8, n.event 1, surv 0.875; time 3: n.risk 5, surv 0.7; time 6: surv 0.2625
TEST(KaplanMeier, ZeroTimesAgreeWithSurvfit) {
  Eigen::VectorXd time(8);
  time << 0, 0, 2, 3, 4, 5, 6, 7;
  Eigen::VectorXi event(8);
  event << 1, 0, 0, 1, 1, 0, 1, 1;
  const KaplanMeierCurve curve = fit_kaplan_meier(time, event).curves.at(0);
  auto at = [&](double t) {
    for (std::size_t k = 0; k < curve.time.size(); ++k)
      if (curve.time[k] == t) return k;
    ADD_FAILURE() << "no time " << t;
    return std::size_t{0};
  };
  EXPECT_EQ(curve.n_risk[at(0)], 8.0);
  EXPECT_EQ(curve.n_event[at(0)], 1.0);
  EXPECT_NEAR(curve.survival[at(0)], 0.875, 1e-15);
  EXPECT_EQ(curve.n_risk[at(3)], 5.0);
  EXPECT_NEAR(curve.survival[at(3)], 0.7, 1e-15);
  EXPECT_NEAR(curve.survival[at(6)], 0.2625, 1e-15);
}

}  // namespace
}  // namespace harmcast
