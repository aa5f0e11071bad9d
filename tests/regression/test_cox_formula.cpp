// fit_cox from an R formula on a Table against
// survival::coxph (R 4.2.2, survival 3.5-3) values stored by tests/data/survival/make_reference.R
// in cox_reference.csv (cases rossi_efron, rossi_strata_wexp, rossi_cluster, rossi_weights,
// cohort5k_efron; the R calls are in that script). The `harmcast cox` command is tested in
// tests/cli/test_cox_command.cpp (it needs the application library).
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "engine/core/error.hpp"
#include "engine/io/csv_reader.hpp"
#include "models/regression/cox_formula.hpp"
#include "tests/regression/test_cox_data.hpp"
#include "tests/support/paths.hpp"

namespace harmcast {
namespace {

using testing::ReferenceTable;

const ReferenceTable& reference() {
  static const ReferenceTable table =
      ReferenceTable::read(harmcast::testing::test_data("survival/cox_reference.csv").string());
  return table;
}

void expect_case(const CoxResult& fit, const std::string& c) {
  const auto coef = reference().get(c, "coef");
  const auto se = reference().get(c, "se");
  ASSERT_EQ(fit.terms.size(), coef.size()) << c;
  for (std::size_t j = 0; j < coef.size(); ++j) {
    EXPECT_EQ(fit.terms[j].name, coef[j].first) << c;
    EXPECT_NEAR(fit.terms[j].estimate, coef[j].second, 1e-6 * std::fabs(coef[j].second)) << c;
    EXPECT_NEAR(fit.terms[j].std_error, se[j].second, 1e-6 * se[j].second) << c;
  }
  EXPECT_NEAR(fit.loglik, reference().scalar(c, "loglik"), 1e-8 * 700);
}

Table rossi_table() {
  Table t = read_csv(harmcast::testing::test_data("survival/rossi.csv"));
  std::vector<std::int64_t> cl, w;
  for (std::size_t i = 0; i < t.rows(); ++i) {
    cl.push_back(static_cast<std::int64_t>(i % 37));
    w.push_back(static_cast<std::int64_t>(1 + i % 3));
  }
  t.add_column(Column::integers("cl", cl));
  t.add_column(Column::integers("w", w));
  return t;
}

const std::string kRossi = "Surv(week, arrest) ~ fin + age + race + wexp + mar + paro + prio";

TEST(CoxFormula, RossiNamesAndValuesAsR) {
  expect_case(fit_cox(rossi_table(), kRossi, CoxOptions{}), "rossi_efron");
}

TEST(CoxFormula, StrataClusterAndWeights) {
  const Table t = rossi_table();
  expect_case(fit_cox(t, "Surv(week, arrest) ~ fin + age + race + mar + paro + prio + strata(wexp)",
                      CoxOptions{}),
              "rossi_strata_wexp");
  expect_case(fit_cox(t, kRossi + " + cluster(cl)", CoxOptions{}), "rossi_cluster");
  CoxFormulaOptions weights;
  weights.weights_column = "w";
  expect_case(fit_cox(t, kRossi, CoxOptions{}, weights), "rossi_weights");
}

TEST(CoxFormula, Cohort5kFactorsAsR) {
  const Table t = read_csv(harmcast::testing::test_data("survival/cohort_5k.csv"));
  const std::string f =
      "Surv(days_to_reoffence, reoffence_event) ~ treat + age + sex + age_first_offence + "
      "prior_offences + prior_custody + ogrs + offence_type + sentence_type + employed + "
      "accommodation + substance_misuse + mental_health + dv_flag + deprivation_decile + ward";
  expect_case(fit_cox(t, f, CoxOptions{}), "cohort5k_efron");
}

TEST(CoxFormula, ClearErrors) {
  const Table t = rossi_table();
  EXPECT_THROW(fit_cox(t, "week ~ fin", CoxOptions{}), Error);
  EXPECT_THROW(fit_cox(t, "Surv(week, arrest) ~ fni", CoxOptions{}), Error);
}

}  // namespace
}  // namespace harmcast
