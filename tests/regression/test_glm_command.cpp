// `harmcast glm` end to end, run as a user would (the binary is built with the whole
// application; this test is skipped when it has not been built yet). Checks the printed summary,
// the coefficient CSV against R 4.2.2 (tests/data/regression/make_reference.R) and clear errors.
#include <gtest/gtest.h>

#include <filesystem>

#include "engine/io/csv_reader.hpp"
#include "tests/support/command.hpp"
#include "tests/support/paths.hpp"

namespace harmcast {
namespace {

bool binary_missing() { return !std::filesystem::exists(testing::harmcast_binary()); }

TEST(GlmCommand, PrintsSummaryAndWritesCoefficientsAsR) {
  if (binary_missing()) GTEST_SKIP() << "harmcast binary not built";
  const auto dir = testing::fresh_temp_dir("glm_command");
  const auto out = dir / "coef.csv";
  const auto r = testing::run_harmcast(
      "glm --data " + testing::test_data("regression/warpbreaks.csv").string() +
      " --formula \"breaks ~ wool * tension\" --family poisson --out " + out.string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("Residual deviance: 182.3051"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("woolB:tensionM"), std::string::npos);
  const Table t = read_csv(out);
  EXPECT_EQ(t.column_names(),
            (std::vector<std::string>{"term", "estimate", "std_error", "statistic", "p_value",
                                      "conf_low", "conf_high"}));
  ASSERT_EQ(t.rows(), 6u);
  EXPECT_EQ(t.column("term").text(5), "woolB:tensionM");
  // R 4.2.2: coef(glm(breaks ~ wool * tension, poisson, warpbreaks))["woolB:tensionM"]
  EXPECT_NEAR(t.column("estimate").numeric(5), 0.449813640618291, 1e-9);
  std::filesystem::remove_all(dir);
}

TEST(GlmCommand, NegativeBinomialWithClusterStandardErrors) {
  if (binary_missing()) GTEST_SKIP() << "harmcast binary not built";
  const auto r = testing::run_harmcast(
      "glm --data " + testing::test_data("regression/quine.csv").string() +
      " --formula \"Days ~ Eth + Sex + Age + Lrn\" --family negbin --se cluster --cluster Age");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // MASS 7.3-58.2: glm.nb(Days ~ Eth + Sex + Age + Lrn, quine)$theta = 1.274893
  EXPECT_NE(r.out.find("Theta:  1.27489"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("cluster-robust, 4 clusters"), std::string::npos) << r.out;
}

TEST(GlmCommand, BadInputIsAClearError) {
  if (binary_missing()) GTEST_SKIP() << "harmcast binary not built";
  const std::string data = testing::test_data("regression/warpbreaks.csv").string();
  auto r = testing::run_harmcast("glm --data " + data +
                                 " --formula \"breaks ~ wool +\" --family poisson");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("column 16"), std::string::npos) << r.err;
  r = testing::run_harmcast("glm --data " + data + " --formula \"breaks ~ wol\" --family poisson");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("Did you mean 'wool'"), std::string::npos) << r.err;
  r = testing::run_harmcast("glm --data " + data +
                            " --formula \"breaks ~ wool\" --family poisson --se cluster");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("--cluster"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace harmcast
