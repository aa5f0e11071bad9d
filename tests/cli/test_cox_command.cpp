// `harmcast cox` (engine/cli/command_cox.cpp) on carData::Rossi against survival::coxph
// (R 4.2.2, survival 3.5-3) values stored by tests/data/survival/make_reference.R in
// cox_reference.csv (case rossi_efron:
// coxph(Surv(week, arrest) ~ fin + age + race + wexp + mar + paro + prio, data = Rossi)).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "engine/cli/command_cox.hpp"
#include "tests/regression/test_cox_data.hpp"
#include "tests/support/paths.hpp"

namespace harmcast {
namespace {

using testing::ReferenceTable;

const std::string kRossi = "Surv(week, arrest) ~ fin + age + race + wexp + mar + paro + prio";

const ReferenceTable& reference() {
  static const ReferenceTable table =
      ReferenceTable::read(harmcast::testing::test_data("survival/cox_reference.csv").string());
  return table;
}

TEST(CoxCommand, PrintsSummaryAndWritesCsv) {
  const auto dir = harmcast::testing::fresh_temp_dir("cox_cli");
  const std::string out = (dir / "coef.csv").string();
  const std::string data = harmcast::testing::test_data("survival/rossi.csv").string();
  CLI::App app;
  cli::register_cox_command(app);
  std::vector<std::string> argv = {"cox", "--data", data, "--formula", kRossi, "--out", out};
  std::reverse(argv.begin(), argv.end());
  ::testing::internal::CaptureStdout();
  app.parse(argv);
  const std::string printed = ::testing::internal::GetCapturedStdout();
  EXPECT_NE(printed.find("n= 432, number of events= 114"), std::string::npos) << printed;
  EXPECT_NE(printed.find("Score (logrank) test = 33.53  on 7 df"), std::string::npos) << printed;

  const auto csv = testing::SimpleCsv::read(out);
  ASSERT_EQ(csv.header, (std::vector<std::string>{"term", "estimate", "std_error", "statistic",
                                                  "p_value", "conf_low", "conf_high"}));
  const auto coef = reference().get("rossi_efron", "coef");
  const auto z = reference().get("rossi_efron", "z");
  const auto lower = reference().get("rossi_efron", "lower95");
  ASSERT_EQ(csv.rows(), coef.size());
  for (std::size_t j = 0; j < coef.size(); ++j) {
    EXPECT_EQ(csv.column("term")[j], coef[j].first);
    EXPECT_NEAR(std::stod(csv.column("estimate")[j]), coef[j].second,
                1e-6 * std::fabs(coef[j].second));
    EXPECT_NEAR(std::stod(csv.column("statistic")[j]), z[j].second, 1e-6 * std::fabs(z[j].second));
    EXPECT_NEAR(std::stod(csv.column("conf_low")[j]), std::log(lower[j].second), 1e-6);
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace harmcast
