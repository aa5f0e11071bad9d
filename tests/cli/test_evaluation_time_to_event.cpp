// Time-to-event outcomes in a configured service evaluation (`outcomes: [time:event]`): the
// effects table gets a hazard-ratio row (Cox with pair-clustered SEs; estimate = log HR, ratio
// columns = HR and its interval) and a median-time row. In the synthetic cohort about 28% reoffend
// within the year of follow-up, so the median time is not reached and must be reported as
// missing with a sentence that says so, not as a number.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "engine/io/csv_reader.hpp"
#include "tests/support/command.hpp"
#include "tests/support/paths.hpp"

namespace fs = std::filesystem;
using namespace harmcast;
using harmcast::testing::fresh_temp_dir;
using harmcast::testing::read_file;
using harmcast::testing::run_harmcast;

namespace {

TEST(EvaluationTimeToEvent, HazardRatioAndMedianRowsInTheEffectsTable) {
  const fs::path dir = fresh_temp_dir("tte_run");
  std::ofstream(dir / "config.yaml") << R"(name: tte
data:
  source: synthetic
forecast:
  enabled: false
evaluations:
  - name: Gang exit
    service: gang_exit
    covariates: [age, sex, prior_offences, prior_custody, ogrs, offence_type, sentence_type,
                 employed, accommodation, substance_misuse, mental_health, dv_flag,
                 deprivation_decile]
    outcomes: [reoffended_1y, days_to_reoffence:reoffence_event]
    bootstrap_replicates: 200
)";
  const auto result = run_harmcast("run --quiet " + (dir / "config.yaml").string() + " --out " +
                                   (dir / "out").string());
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const Table effects = read_csv(dir / "out/tables/evaluation_effects.csv");
  ASSERT_EQ(effects.rows(), 3u);
  EXPECT_EQ(effects.column("kind").text(0), "binary");
  EXPECT_EQ(effects.column("kind").text(1), "time-to-event");
  EXPECT_EQ(effects.column("kind").text(2), "median-time");
  const double log_hr = effects.column("estimate").numeric(1);
  EXPECT_NEAR(effects.column("ratio").numeric(1), std::exp(log_hr), 1e-9);
  EXPECT_NEAR(effects.column("ratio_low").numeric(1),
              std::exp(log_hr - 1.959963984540054 * effects.column("std_error").numeric(1)), 1e-6);
  EXPECT_LT(effects.column("ratio").numeric(1), 1.0);  // the service lowers the hazard (x0.75)
  EXPECT_NE(effects.column("se_method").text(1).find("clustered by pair"), std::string::npos);
  EXPECT_TRUE(effects.column("estimate").is_missing(2));
  EXPECT_NE(effects.column("sentence").text(2).find("not reached"), std::string::npos);
  const std::string report = read_file(dir / "out/report.html");
  EXPECT_NE(report.find("hazard ratio"), std::string::npos);
  EXPECT_NE(report.find("not reached"), std::string::npos);
  fs::remove_all(dir);
}

}  // namespace
