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

// Runs a synthetic-city experiment whose only stage is `evaluations` (the YAML list given) and
// returns its effects table; the folder is removed by the caller.
Table run_evaluations(const fs::path& dir, const std::string& evaluations) {
  std::ofstream(dir / "config.yaml") << "name: tte\ndata:\n  source: synthetic\nforecast:\n"
                                        "  enabled: false\nevaluations:\n"
                                     << evaluations;
  const auto result = run_harmcast("run --quiet " + (dir / "config.yaml").string() + " --out " +
                                   (dir / "out").string());
  EXPECT_EQ(result.exit_code, 0) << result.err;
  return read_csv(dir / "out/tables/evaluation_effects.csv");
}

TEST(EvaluationTimeToEvent, HazardRatioAndMedianRowsInTheEffectsTable) {
  const fs::path dir = fresh_temp_dir("tte_run");
  const Table effects = run_evaluations(dir, R"(  - name: Gang exit
    service: gang_exit
    covariates: [age, sex, prior_offences, prior_custody, ogrs, offence_type, sentence_type,
                 employed, accommodation, substance_misuse, mental_health, dv_flag,
                 deprivation_decile]
    outcomes: [reoffended_1y, days_to_reoffence:reoffence_event]
    bootstrap_replicates: 200
)");
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

// time_quantile: 0.1 in the config: a time-quantile row with a number (the 10th percentile is
// reached in both groups), labelled so in the report.
TEST(EvaluationTimeToEvent, TimeQuantileFromTheConfig) {
  const fs::path dir = fresh_temp_dir("tte_quantile_run");
  const Table effects = run_evaluations(dir, R"(  - name: Gang exit
    service: gang_exit
    covariates: [age, sex, prior_offences, ogrs, employed]
    outcomes: [days_to_reoffence:reoffence_event]
    bootstrap_replicates: 200
    time_quantile: 0.1
)");
  ASSERT_EQ(effects.rows(), 2u);
  EXPECT_EQ(effects.column("kind").text(1), "time-quantile");
  EXPECT_DOUBLE_EQ(effects.column("time_quantile").numeric(1), 0.1);
  EXPECT_TRUE(std::isfinite(effects.column("estimate").numeric(1)));
  EXPECT_NE(effects.column("sentence").text(1).find("10th percentile"), std::string::npos);
  EXPECT_NE(read_file(dir / "out/report.html").find("(10th percentile time)"), std::string::npos);
  fs::remove_all(dir);
}

}  // namespace
