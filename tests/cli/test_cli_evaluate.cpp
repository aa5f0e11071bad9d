// `harmcast evaluate` end to end on MatchIt's Lalonde data. Reference: MatchIt 4.5.1 classic
// matcher (R 4.2.2), tests/data/matching/make_reference.R; see ../shared/anchors/RESULTS.md:
// caliper 0.2 gives 113 pairs and a difference in re78 of $1,571.74.
#include <gtest/gtest.h>

#include "tests/support/command.hpp"
#include "tests/support/paths.hpp"

using namespace harmcast::testing;

TEST(CliEvaluate, LalondeWithCaliperMatchesMatchIt) {
  const auto dir = fresh_temp_dir("evaluate");
  const auto json = dir / "evaluation.json";
  const auto result =
      run_harmcast("evaluate --data " + test_data("matching/lalonde.csv").string() +
                   " --formula \"treat ~ age + educ + race + married + nodegree + re74 + re75\""
                   " --outcome re78 --caliper 0.2 --out " +
                   json.string());
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("113 of 185 treated units matched"), std::string::npos) << result.out;
  const std::string text = read_file(json);
  EXPECT_NE(text.find("\"n_matched_treated\": 113"), std::string::npos);
  EXPECT_NE(text.find("\"estimate\": 1571.7"), std::string::npos) << text;
  std::filesystem::remove_all(dir);
}

TEST(CliEvaluate, TreatmentThatIsNotZeroOneIsAClearError) {
  const auto result = run_harmcast("evaluate --data " + test_data("matching/lalonde.csv").string() +
                                   " --formula \"age ~ educ + re74\" --outcome re78");
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_EQ(result.err.rfind("error: ", 0), 0u) << result.err;
  EXPECT_NE(result.err.find("age"), std::string::npos) << result.err;
}

// --time-quantile on the anchor cohort's first 5,000 rows, caliper 0.2: the 10th percentiles of
// days to reoffence are survfit's on MatchIt's matched sample (treated 67, comparison 33 days;
// tests/data/matching/make_time_quantile_reference.R).
TEST(CliEvaluate, TimeQuantileOfTimeToEvent) {
  const auto dir = fresh_temp_dir("evaluate_quantile");
  const auto json = dir / "evaluation.json";
  const auto result = run_harmcast(
      "evaluate --data " + test_data("regression/cohort_5k.csv").string() +
      " --formula \"treat ~ age + sex + age_first_offence + prior_offences + prior_custody + ogrs"
      " + offence_type + sentence_type + employed + accommodation + substance_misuse +"
      " mental_health + dv_flag + deprivation_decile + ward\""
      " --outcome days_to_reoffence:reoffence_event --caliper 0.2 --time-quantile 0.1"
      " --bootstrap 200 --out " +
      json.string());
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("10th percentile time treated 67, comparison 33"), std::string::npos)
      << result.out;
  const std::string text = read_file(json);
  EXPECT_NE(text.find("\"kind\": \"time-quantile\""), std::string::npos) << text;
  EXPECT_NE(text.find("\"time_quantile\": 0.1"), std::string::npos) << text;
  const auto bad =
      run_harmcast("evaluate --data " + test_data("matching/lalonde.csv").string() +
                   " --formula \"treat ~ age + educ\" --outcome re78 --time-quantile 1");
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.err.find("time_quantile"), std::string::npos) << bad.err;
  std::filesystem::remove_all(dir);
}

// --pool-ties on scores that tie (discrete covariates): R's Matching::Match(ties = TRUE, M = 1,
// Var.calc = 0) gives ATT 1.37915722525 with Abadie-Imbens SE 0.0903073815388
// (tests/data/matching/make_ai_ties_reference.R); without pooling the SE differs.
TEST(CliEvaluate, PooledTiesMatchRMatching) {
  const auto dir = fresh_temp_dir("evaluate_ties");
  const auto json = dir / "evaluation.json";
  const std::string base = "evaluate --data " + test_data("matching/ai_ties_sample.csv").string() +
                           " --formula \"treat ~ age_band + prior\" --score ps_tied --outcome y"
                           " --replace --order data --se ai --out " +
                           json.string();
  auto result = run_harmcast(base + " --pool-ties");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("ties pooled"), std::string::npos) << result.out;
  std::string text = read_file(json);
  EXPECT_NE(text.find("\"estimate\": 1.379157"), std::string::npos) << text;
  EXPECT_NE(text.find("\"std_error\": 0.0903073"), std::string::npos) << text;
  result = run_harmcast(base);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  text = read_file(json);
  EXPECT_EQ(text.find("\"std_error\": 0.0903073"), std::string::npos) << text;
  result = run_harmcast("evaluate --data " + test_data("matching/ai_ties_sample.csv").string() +
                        " --formula \"treat ~ age_band\" --outcome y --pool-ties");
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.err.find("pooled ties need matching with replacement"), std::string::npos)
      << result.err;
  std::filesystem::remove_all(dir);
}
