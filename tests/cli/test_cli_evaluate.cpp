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
