// fit_cox against survival::coxph (R 4.2.2, survival 3.5-3, carData 3.0-5). Every reference
// value comes from tests/data/survival/make_reference.R (run as its header says) and is stored
// in tests/data/survival/cox_reference.csv with 17 significant digits.
//   Rossi: coxph(Surv(week, arrest) ~ fin + age + race + wexp + mar + paro + prio, Rossi, ...)
//   cohort_5k: Rscript ../shared/anchors/gen_cohort.R DIR 5000 (seed 20240602), all 40 columns.
#include <gtest/gtest.h>

#include <cmath>

#include "models/regression/cox.hpp"
#include "tests/regression/test_cox_data.hpp"
#include "tests/support/paths.hpp"

namespace harmcast {
namespace {

using testing::DesignBuilder;
using testing::ReferenceTable;
using testing::SimpleCsv;

constexpr double kCoefTol = 1e-6;  // relative; the issue asks for 1e-5

void expect_rel(double actual, double expected, double tol, const std::string& what) {
  const double scale = std::max(std::fabs(expected), 1e-300);
  EXPECT_LE(std::fabs(actual - expected) / scale, tol)
      << what << ": harmcast " << actual << " vs R " << expected;
}

const ReferenceTable& reference() {
  static const ReferenceTable table =
      ReferenceTable::read(harmcast::testing::test_data("survival/cox_reference.csv").string());
  return table;
}

struct Rossi {
  SimpleCsv csv;
  Eigen::MatrixXd x;
  std::vector<std::string> names;
  Eigen::VectorXd time;
  Eigen::VectorXi event;
};

const Rossi& rossi() {
  static const Rossi data = [] {
    Rossi r;
    r.csv = SimpleCsv::read(harmcast::testing::test_data("survival/rossi.csv").string());
    DesignBuilder d{r.csv, {}, {}};
    d.factor("fin");
    d.numeric("age");
    d.factor("race");
    d.factor("wexp");
    d.factor("mar");
    d.factor("paro");
    d.numeric("prio");
    r.x = d.matrix();
    r.names = d.names;
    r.time = r.csv.numeric("week");
    r.event = r.csv.numeric("arrest").cast<int>();
    return r;
  }();
  return data;
}

// Compares everything make_reference.R records for one case.
void expect_matches_r(const CoxResult& fit, const std::string& c, double tol = kCoefTol) {
  const auto& ref = reference();
  const auto coef = ref.get(c, "coef");
  ASSERT_EQ(fit.terms.size(), coef.size());
  const Eigen::VectorXd se = ref.vector(c, "se");
  const Eigen::VectorXd z = ref.vector(c, "z");
  const Eigen::VectorXd p = ref.vector(c, "p");
  const Eigen::VectorXd lo = ref.vector(c, "lower95");
  const Eigen::VectorXd hi = ref.vector(c, "upper95");
  for (std::size_t j = 0; j < coef.size(); ++j) {
    const auto& t = fit.terms[j];
    const auto jj = static_cast<Eigen::Index>(j);
    EXPECT_EQ(t.name, coef[j].first);
    expect_rel(t.estimate, coef[j].second, tol, c + " coef " + t.name);
    expect_rel(t.std_error, se[jj], tol, c + " se " + t.name);
    expect_rel(t.z, z[jj], tol, c + " z " + t.name);
    expect_rel(t.p_value, p[jj], 10 * tol, c + " p " + t.name);
    expect_rel(t.conf_low, lo[jj], tol, c + " lower " + t.name);
    expect_rel(t.conf_high, hi[jj], tol, c + " upper " + t.name);
  }
  if (ref.entries.count(c + "/naive_se")) {
    const Eigen::VectorXd naive = ref.vector(c, "naive_se");
    for (std::size_t j = 0; j < coef.size(); ++j)
      expect_rel(fit.terms[j].naive_std_error, naive[static_cast<Eigen::Index>(j)], tol,
                 c + " naive se " + fit.terms[j].name);
  }
  expect_rel(fit.loglik_null, ref.scalar(c, "loglik0"), 1e-10, c + " loglik0");
  expect_rel(fit.loglik, ref.scalar(c, "loglik"), 1e-10, c + " loglik");
  EXPECT_EQ(fit.iterations, static_cast<int>(ref.scalar(c, "iter"))) << c;
  expect_rel(fit.likelihood_ratio.statistic, ref.scalar(c, "lr_test"), 1e-7, c + " LR");
  EXPECT_EQ(fit.likelihood_ratio.df, static_cast<int>(ref.scalar(c, "lr_df")));
  expect_rel(fit.likelihood_ratio.p_value, ref.scalar(c, "lr_p"), 1e-6, c + " LR p");
  expect_rel(fit.wald.statistic, ref.scalar(c, "wald_test"), tol, c + " Wald");
  expect_rel(fit.wald.p_value, ref.scalar(c, "wald_p"), 1e-2, c + " Wald p (R rounds the test)");
  expect_rel(fit.score.statistic, ref.scalar(c, "score_test"), 1e-8, c + " score");
  expect_rel(fit.score.p_value, ref.scalar(c, "score_p"), 1e-6, c + " score p");
  if (ref.entries.count(c + "/robust_score_test")) {
    ASSERT_TRUE(fit.has_robust_score);
    expect_rel(fit.robust_score.statistic, ref.scalar(c, "robust_score_test"), 1e-8,
               c + " robust score");
  }
  expect_rel(fit.concordance.concordance, ref.scalar(c, "concordance"), 1e-10, c + " C");
  expect_rel(fit.concordance.std_error, ref.scalar(c, "concordance_se"), 1e-8, c + " se(C)");
  EXPECT_EQ(static_cast<double>(fit.n), ref.scalar(c, "n"));
  EXPECT_EQ(fit.n_events, ref.scalar(c, "nevent"));
  EXPECT_EQ(fit.status, FitStatus::kConverged);
  EXPECT_TRUE(fit.warnings.empty());
}

TEST(CoxReference, RossiEfron) {
  const auto& r = rossi();
  const auto fit = fit_cox(r.x, r.time, r.event, r.names, CoxOptions{});
  expect_matches_r(fit, "rossi_efron");
  // The published figures (Fox & Weisberg), as a readable cross-check of the stored table.
  EXPECT_NEAR(fit.terms[0].estimate, -0.37942, 5e-6);
  EXPECT_NEAR(fit.terms[0].std_error, 0.19138, 5e-6);
  EXPECT_NEAR(fit.loglik, -658.75, 5e-3);
}

TEST(CoxReference, RossiBreslow) {
  const auto& r = rossi();
  CoxOptions options;
  options.ties = CoxTies::Breslow;
  expect_matches_r(fit_cox(r.x, r.time, r.event, r.names, options), "rossi_breslow");
}

TEST(CoxReference, RossiRobust) {
  const auto& r = rossi();
  CoxOptions options;
  options.robust = true;
  expect_matches_r(fit_cox(r.x, r.time, r.event, r.names, options), "rossi_robust");
}

TEST(CoxReference, RossiCluster) {
  const auto& r = rossi();
  CoxRowData rows;
  rows.cluster.resize(r.x.rows());
  for (Eigen::Index i = 0; i < r.x.rows(); ++i) rows.cluster[i] = static_cast<int>(i % 37);
  expect_matches_r(fit_cox(r.x, r.time, r.event, r.names, CoxOptions{}, rows), "rossi_cluster");
}

TEST(CoxReference, RossiStrataWexp) {
  const auto& r = rossi();
  // Drop the wexp column (index 3) and stratify on it.
  Eigen::MatrixXd x(r.x.rows(), r.x.cols() - 1);
  x << r.x.leftCols(3), r.x.rightCols(r.x.cols() - 4);
  std::vector<std::string> names = r.names;
  names.erase(names.begin() + 3);
  CoxRowData rows;
  rows.strata = r.x.col(3).cast<int>();
  expect_matches_r(fit_cox(x, r.time, r.event, names, CoxOptions{}, rows), "rossi_strata_wexp");
}

TEST(CoxReference, RossiCaseWeights) {
  const auto& r = rossi();
  CoxRowData rows;
  rows.weights.resize(r.x.rows());
  for (Eigen::Index i = 0; i < r.x.rows(); ++i) rows.weights[i] = 1.0 + static_cast<double>(i % 3);
  expect_matches_r(fit_cox(r.x, r.time, r.event, r.names, CoxOptions{}, rows), "rossi_weights");
  CoxOptions breslow;
  breslow.ties = CoxTies::Breslow;
  expect_matches_r(fit_cox(r.x, r.time, r.event, r.names, breslow, rows), "rossi_weights_breslow");
}

TEST(CoxReference, Cohort5kFullDesign) {
  const SimpleCsv csv =
      SimpleCsv::read(harmcast::testing::test_data("survival/cohort_5k.csv").string());
  const auto design = testing::cohort_design(csv);
  ASSERT_EQ(design.names.size(), 40u);
  const Eigen::MatrixXd x = design.matrix();
  const Eigen::VectorXd time = csv.numeric("days_to_reoffence");
  const Eigen::VectorXi event = csv.numeric("reoffence_event").cast<int>();
  expect_matches_r(fit_cox(x, time, event, design.names, CoxOptions{}), "cohort5k_efron");
  CoxOptions breslow;
  breslow.ties = CoxTies::Breslow;
  expect_matches_r(fit_cox(x, time, event, design.names, breslow), "cohort5k_breslow");
}

TEST(CoxReference, ResultsDoNotDependOnThreadCount) {
  const SimpleCsv csv =
      SimpleCsv::read(harmcast::testing::test_data("survival/cohort_5k.csv").string());
  const auto design = testing::cohort_design(csv);
  const Eigen::MatrixXd x = design.matrix();
  const Eigen::VectorXd time = csv.numeric("days_to_reoffence");
  const Eigen::VectorXi event = csv.numeric("reoffence_event").cast<int>();
  CoxOptions one, two;
  one.threads = 1;
  two.threads = 2;
  const auto a = fit_cox(x, time, event, design.names, one);
  const auto b = fit_cox(x, time, event, design.names, two);
  EXPECT_EQ(a.coefficients, b.coefficients);
  EXPECT_EQ(a.loglik, b.loglik);
}

}  // namespace
}  // namespace harmcast
