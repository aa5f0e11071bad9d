// experiments/lalonde.yaml end to end: the NSW job-training programme on MatchIt's lalonde,
// evaluated from a cohort file with a 0/1 treatment column. Reference: MatchIt 4.5.1 classic
// matcher (tests/data/matching/make_reference.R; /work/shared/anchors/RESULTS.md): no caliper,
// 185 pairs, difference in re78 $894.37; caliper 0.2, 113 pairs, $1,571.74 (full digits from
// tests/data/matching/matchit_effects.csv).
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

#include "engine/io/csv_reader.hpp"
#include "tests/support/command.hpp"
#include "tests/support/paths.hpp"

namespace fs = std::filesystem;
using namespace harmcast;
using harmcast::testing::fresh_temp_dir;
using harmcast::testing::run_harmcast;
using harmcast::testing::source_dir;

namespace {

// Difference of two means of the same rows: equal up to summation order and CSV round trip.
constexpr double kRelTol = 1e-6;

TEST(LalondeExperiment, ReproducesMatchItsClassicMatcher) {
  const fs::path out = fresh_temp_dir("lalonde_run");
  const auto result =
      run_harmcast("run --quiet " + (source_dir() / "experiments/lalonde.yaml").string() +
                   " --out " + out.string());
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const Table effects = read_csv(out / "tables/evaluation_effects.csv");
  ASSERT_EQ(effects.rows(), 2u);
  struct Expected {
    const char* name;
    double matched, estimate;
  };
  for (const Expected& e :
       {Expected{"NSW job training, nearest neighbour", 185, 894.36748027027113},
        Expected{"NSW job training, caliper 0.2", 113, 1571.7444544247783}}) {
    SCOPED_TRACE(e.name);
    bool found = false;
    for (std::size_t r = 0; r < effects.rows(); ++r) {
      if (effects.column("service").text(r) != e.name) continue;
      found = true;
      EXPECT_EQ(effects.column("outcome").text(r), "re78");
      EXPECT_EQ(effects.column("treated").numeric(r), 185);
      EXPECT_EQ(effects.column("matched_treated").numeric(r), e.matched);
      EXPECT_EQ(effects.column("matched_comparison").numeric(r), e.matched);
      EXPECT_NEAR(effects.column("estimate").numeric(r), e.estimate, kRelTol * e.estimate);
      // The experimental benchmark ($1,794) lies inside both 95% intervals.
      EXPECT_LT(effects.column("conf_low").numeric(r), 1794.0);
      EXPECT_GT(effects.column("conf_high").numeric(r), 1794.0);
    }
    EXPECT_TRUE(found);
  }
  EXPECT_TRUE(fs::exists(out / "report.html"));
  EXPECT_EQ(harmcast::testing::read_file(out / "report.html").find("KPIs:"), std::string::npos)
      << "a cohort-only run must not describe KPIs it did not compute";
  const auto validate =
      run_harmcast("validate " + (source_dir() / "experiments/lalonde.yaml").string());
  EXPECT_EQ(validate.exit_code, 0) << validate.err;
  EXPECT_NE(validate.out.find("no crime series"), std::string::npos) << validate.out;
  fs::remove_all(out);
}

}  // namespace
