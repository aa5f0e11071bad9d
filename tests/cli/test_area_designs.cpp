// Area designs through the runner (`area_evaluations:` in a config) and `harmcast area`, on the
// synthetic city's violence-reduction pilot: wards W01, W03, W05 from 2019-04, true effect x0.85
// on violence with injury (datasets/synthetic/area_pilot.hpp). As tests/cli/test_causal_pilot.cpp
// (the models directly, default seed): each design's 95% interval must contain 0.85 and its
// estimate lie in [0.78, 0.92].
#include <gtest/gtest.h>

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

constexpr double kTruth = 0.85;

void write(const fs::path& path, const std::string& text) { std::ofstream(path) << text; }

const char* kPilotConfig = R"(name: pilot
data:
  source: synthetic
forecast:
  enabled: false
area_evaluations:
  - name: Violence-reduction pilot
    treated: [W01, W03, W05]
    start: 2019-04
    crime_types: [violence_with_injury]
)";

TEST(AreaDesigns, RunnerRecoversThePilotEffectWithEachDesign) {
  const fs::path dir = fresh_temp_dir("area_run");
  write(dir / "config.yaml", kPilotConfig);
  const auto result = run_harmcast("run --quiet " + (dir / "config.yaml").string() + " --out " +
                                   (dir / "out").string());
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const Table effects = read_csv(dir / "out/tables/area_effects.csv");
  ASSERT_EQ(effects.rows(), 3u);
  for (std::size_t r = 0; r < effects.rows(); ++r) {
    const std::string design = effects.column("design").text(r);
    SCOPED_TRACE(design);
    const double ratio = effects.column("rate_ratio").numeric(r);
    EXPECT_LE(effects.column("conf_low").numeric(r), kTruth);
    EXPECT_GE(effects.column("conf_high").numeric(r), kTruth);
    EXPECT_GE(ratio, 0.78);
    EXPECT_LE(ratio, 0.92);
    EXPECT_EQ(effects.column("start").text(r), "2019-04");
    EXPECT_EQ(effects.column("post_periods").numeric(r), 24);  // 2019-04 .. 2021-03
  }
  const Table series = read_csv(dir / "out/tables/area_series.csv");
  EXPECT_EQ(series.rows(), 3u * 96u);
  const std::string report = read_file(dir / "out/report.html");
  EXPECT_NE(report.find("Area interventions"), std::string::npos);
  for (const char* legend : {">recorded<", ">ITS<", ">DiD<", ">synthetic control<"})
    EXPECT_NE(report.find(legend), std::string::npos) << legend;
  fs::remove_all(dir);
}

TEST(AreaDesigns, ConfigProblemsNameTheKeyAndLine) {
  const fs::path dir = fresh_temp_dir("area_bad_config");
  write(dir / "config.yaml",
        "name: x\narea_evaluations:\n  - name: A\n    treated: [W01]\n    designs: [its, "
        "regression]\n  - name: B\n    start: 2019-13\n");
  const auto result = run_harmcast("validate " + (dir / "config.yaml").string());
  EXPECT_EQ(result.exit_code, 1) << result.err;
  for (const char* fragment :
       {"area_evaluations[0].designs at line 5", "unknown design \"regression\"",
        "area_evaluations[0].start", "area_evaluations[1].treated", "area_evaluations[1].start"})
    EXPECT_NE(result.err.find(fragment), std::string::npos) << fragment << "\n" << result.err;
  fs::remove_all(dir);
}

class AreaCommand : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new fs::path(fresh_temp_dir("area_command"));
    const auto r = run_harmcast("synth --out " + dir_->string());
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  static void TearDownTestSuite() {
    fs::remove_all(*dir_);
    delete dir_;
  }
  static std::string crime_args() {
    return "area --data " + (*dir_ / "crime.csv").string() +
           " --id ward --time month --value count";
  }
  static fs::path* dir_;
};
fs::path* AreaCommand::dir_ = nullptr;

TEST_F(AreaCommand, PrintsEachDesignsRateRatio) {
  const auto r = run_harmcast(crime_args() +
                              " --where crime_type=violence_with_injury --treated W01,W03,W05 "
                              "--start 2019-04");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const char* fragment :
       {"20 areas (3 treated), 96 periods", "its: rate ratio 0.8", "did: rate ratio 0.8",
        "synth: rate ratio 0.8", "violence with injury was"})
    EXPECT_NE(r.out.find(fragment), std::string::npos) << fragment << "\n" << r.out;
}

TEST_F(AreaCommand, BadArgumentsAreClearErrors) {
  struct Case {
    std::string args, fragment;
  };
  const std::vector<Case> cases = {
      {" --where crime_type=violence_with_injury --treated W01,W99 --start 2019-04", "W99"},
      {" --where crime_type=violence_with_injury --treated W01 --start 2019-04 --design arima",
       "unknown design \"arima\""},
      {" --where crime_type --treated W01 --start 2019-04", "expected COLUMN=VALUE"},
      {" --where crime_type=knife --treated W01 --start 2019-04", "no rows are left"},
      {" --where crime_type=violence_with_injury --treated W01 --start 2030-01", "2030-01"},
      // every crime type per ward and month: several rows per area and period
      {" --treated W01 --start 2019-04", "select one breakdown with --where"},
  };
  for (const auto& c : cases) {
    const auto r = run_harmcast(crime_args() + c.args);
    EXPECT_EQ(r.exit_code, 1) << c.args << "\n" << r.err;
    EXPECT_EQ(r.err.rfind("error: ", 0), 0u) << r.err;
    EXPECT_NE(r.err.find(c.fragment), std::string::npos) << c.args << "\n" << r.err;
  }
}

}  // namespace
