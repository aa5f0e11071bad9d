// End to end: `harmcast run experiments/default.yaml`, the README's main job, as a user runs it.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>

#include "engine/io/csv_reader.hpp"
#include "engine/results/run_results.hpp"
#include "tests/support/command.hpp"
#include "tests/support/paths.hpp"

namespace fs = std::filesystem;
using namespace harmcast;
using harmcast::testing::fresh_temp_dir;
using harmcast::testing::read_file;
using harmcast::testing::run_harmcast;
using harmcast::testing::source_dir;

namespace {

std::string default_config() { return (source_dir() / "experiments/default.yaml").string(); }

class DefaultExperiment : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    run_ = new harmcast::testing::ExperimentRun("default");
    out_ = &run_->out;
    result_ = &run_->result;
  }
  static void TearDownTestSuite() { delete run_; }
  static harmcast::testing::ExperimentRun* run_;
  static const fs::path* out_;
  static const harmcast::testing::CommandResult* result_;
};
harmcast::testing::ExperimentRun* DefaultExperiment::run_ = nullptr;
const fs::path* DefaultExperiment::out_ = nullptr;
const harmcast::testing::CommandResult* DefaultExperiment::result_ = nullptr;

}  // namespace

TEST_F(DefaultExperiment, SucceedsAndSaysWhereTheReportIs) {
  ASSERT_EQ(result_->exit_code, 0) << result_->err;
  EXPECT_NE(result_->out.find("report:  " + (*out_ / "report.html").string()), std::string::npos)
      << result_->out;
  for (const char* file : {"results.h5", "report.html", "tables/kpi_summary.csv",
                           "tables/data_summary.csv", "data/crime.csv", "data/truth.csv"}) {
    EXPECT_TRUE(fs::exists(*out_ / file)) << file;
  }
  // No temporary files are left behind.
  for (const auto& entry : fs::recursive_directory_iterator(*out_)) {
    EXPECT_EQ(entry.path().filename().string().find(".tmp-"), std::string::npos) << entry.path();
  }
}

TEST_F(DefaultExperiment, KpisCoverEveryCrimeTypeAndFindTheTrueTrends) {
  ASSERT_EQ(result_->exit_code, 0) << result_->err;
  const Table kpi = read_csv(*out_ / "tables/kpi_summary.csv");
  ASSERT_EQ(kpi.rows(), 13u);  // 12 police crime types + all recorded crime
  auto assessment = [&](const std::string& type) {
    for (std::size_t r = 0; r < kpi.rows(); ++r) {
      if (kpi.column("crime_type").text(r) == type) return kpi.column("verdict").text(r);
    }
    return std::string("absent");
  };
  // The generator's truth: violence without injury trends up 6% a year plus a recording
  // change; anti-social behaviour trends down 6% a year. Both must be found as real changes.
  EXPECT_EQ(assessment("violence_without_injury"), "real increase");
  EXPECT_EQ(assessment("anti_social_behaviour"), "real decrease");
  EXPECT_EQ(assessment("all recorded crime") == "absent", false);
}

TEST_F(DefaultExperiment, EveryServiceEvaluationCoversItsTrueEffect) {
  ASSERT_EQ(result_->exit_code, 0) << result_->err;
  const Table effects = read_csv(*out_ / "tables/evaluation_effects.csv");
  const Table truth = read_csv(*out_ / "data/truth.csv");
  auto true_att = [&](const std::string& service_code) {
    for (std::size_t k = 0; k < truth.rows(); ++k) {
      if (truth.column("component").text(k) == "service." + service_code &&
          truth.column("parameter").text(k) == "att_rd_reoffended_1y") {
        return truth.column("value").numeric(k);
      }
    }
    return std::nan("");
  };
  const std::vector<std::pair<std::string, std::string>> services = {
      {"Domestic-abuse advocacy (IDVA)", "idva"},
      {"Gang exit", "gang_exit"},
      {"Substance-misuse treatment", "substance_misuse_treatment"},
      {"Employment support after release", "employment_support"}};
  int checked = 0;
  for (std::size_t r = 0; r < effects.rows(); ++r) {
    if (effects.column("outcome").text(r) != "reoffended_1y") continue;
    for (const auto& [name, code] : services) {
      if (effects.column("service").text(r) != name) continue;
      // The generator's true ATT (risk difference among the treated) must lie in the 95% interval.
      const double t = true_att(code);
      ASSERT_FALSE(std::isnan(t)) << code;
      EXPECT_LE(effects.column("conf_low").numeric(r), t) << name;
      EXPECT_GE(effects.column("conf_high").numeric(r), t) << name;
      ++checked;
    }
  }
  EXPECT_EQ(checked, 4);
}

TEST_F(DefaultExperiment, InterventionAnalysisCoversTheTrueRecordingStep) {
  ASSERT_EQ(result_->exit_code, 0) << result_->err;
  const Table effects = read_csv(*out_ / "tables/intervention_effects.csv");
  const Table truth = read_csv(*out_ / "data/truth.csv");
  double true_step = std::nan("");
  for (std::size_t k = 0; k < truth.rows(); ++k) {
    if (truth.column("component").text(k) == "crime.level_shift" &&
        truth.column("parameter").text(k) == "violence_without_injury/all/2015-04") {
      true_step = truth.column("value").numeric(k);
    }
  }
  ASSERT_FALSE(std::isnan(true_step));
  ASSERT_EQ(effects.rows(), 1u);
  EXPECT_EQ(effects.column("series").text(0), "violence_without_injury");
  EXPECT_LE(effects.column("conf_low").numeric(0), true_step);
  EXPECT_GE(effects.column("conf_high").numeric(0), true_step);
  EXPECT_GT(effects.column("conf_low").numeric(0), 0.0);  // the step is found, not just covered
}

TEST_F(DefaultExperiment, StoreHoldsProvenanceAndTheSameTables) {
  ASSERT_EQ(result_->exit_code, 0) << result_->err;
  const RunResults stored = read_run_results(*out_ / "results.h5");
  EXPECT_EQ(stored.provenance.seed, 20240601u);
  EXPECT_EQ(stored.provenance.config_text, read_file(default_config()));
  EXPECT_EQ(stored.provenance.inputs.size(), 7u);
  ASSERT_NE(stored.find_table("/kpi/summary"), nullptr);
  EXPECT_EQ(stored.find_table("/kpi/summary")->rows(), 13u);
  const auto inspect = run_harmcast("inspect " + (*out_ / "results.h5").string());
  EXPECT_EQ(inspect.exit_code, 0);
  EXPECT_NE(inspect.out.find("seed      20240601"), std::string::npos) << inspect.out;
}

TEST_F(DefaultExperiment, ReportHasItsSectionsAndNoRawData) {
  ASSERT_EQ(result_->exit_code, 0) << result_->err;
  const std::string html = read_file(*out_ / "report.html");
  for (const char* needle :
       {"id=\"summary\"", "id=\"kpi\"", "id=\"provenance\"", "<svg", "Violence with injury"}) {
    EXPECT_NE(html.find(needle), std::string::npos) << needle;
  }
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("http://") == std::string::npos ||
                html.find("http://") == html.find("http://www.w3.org/2000/svg"),
            true);
}

TEST_F(DefaultExperiment, MethodsTableNamesEveryAnalysisWithItsConfiguredSettings) {
  ASSERT_EQ(result_->exit_code, 0) << result_->err;
  const Table m = read_csv(*out_ / "tables/methods_stages.csv");
  std::map<std::string, int> per_stage;
  for (std::size_t r = 0; r < m.rows(); ++r) ++per_stage[m.column("stage").text(r)];
  // experiments/default.yaml: 1 intervention analysis, 4 services, 3 models, 1 area design.
  const std::map<std::string, int> expected{{"KPIs", 1},
                                            {"Forecasts", 1},
                                            {"Intervention analysis", 1},
                                            {"Service evaluation", 4},
                                            {"Regression model", 3},
                                            {"Area design", 1},
                                            {"Scenarios", 1},
                                            {"Value for money", 1}};
  EXPECT_EQ(per_stage, expected);
  const auto settings_of = [&](const std::string& analysis) {
    for (std::size_t r = 0; r < m.rows(); ++r)
      if (m.column("analysis").text(r) == analysis) return m.column("settings").text(r);
    return std::string("(no row)");
  };
  EXPECT_NE(settings_of("Gang exit").find("caliper 0.2 SD"), std::string::npos);
  EXPECT_NE(settings_of("reoffending").find("cluster by ward"), std::string::npos);
  EXPECT_NE(settings_of("Violence-reduction pilot").find("W01, W03, W05; from 2019-04"),
            std::string::npos);
  const std::string html = read_file(*out_ / "report.html");
  EXPECT_NE(html.find("Methods and settings of each analysis"), std::string::npos);
}

TEST_F(DefaultExperiment, ValuesTheFourServices) {
  ASSERT_EQ(result_->exit_code, 0) << result_->err;
  const Table a = read_csv(*out_ / "tables/value_appraisal.csv");
  EXPECT_GE(a.rows(), 4u);  // the four services, then any scenario
  for (std::size_t r = 0; r < a.rows(); ++r) {
    EXPECT_GT(a.column("pv_costs").numeric(r), 0.0);
    EXPECT_GE(a.column("chance_of_loss").numeric(r), 0.0);
    EXPECT_LE(a.column("chance_of_loss").numeric(r), 1.0);
  }
  // IDVA costs by hand: 150 people x £750 x 1.2 optimism bias in each of 3 years, discounted
  // at 3.5%: 135,000 x (1 + 1/1.035 + 1/1.035^2) = £391,458.73.
  EXPECT_EQ(a.column("option").text(0), "Domestic-abuse advocacy (IDVA)");
  EXPECT_NEAR(a.column("pv_costs").numeric(0), 391458.727158160, 0.005);
  EXPECT_TRUE(fs::exists(*out_ / "tables/value_comparison.csv"));
  const std::string html = read_file(*out_ / "report.html");
  EXPECT_NE(html.find("id=\"value\""), std::string::npos);
}

TEST_F(DefaultExperiment, SameSeedGivesIdenticalResultsAndAnotherSeedDiffers) {
  ASSERT_EQ(result_->exit_code, 0) << result_->err;
  const fs::path again = fresh_temp_dir("default_again");
  ASSERT_EQ(run_harmcast("run --quiet --threads 1 " + default_config() + " --out " + again.string())
                .exit_code,
            0);
  // (EXPECT_TRUE: on failure, do not print megabytes of CSV.)
  EXPECT_TRUE(read_file(again / "tables/kpi_summary.csv") ==
              read_file(*out_ / "tables/kpi_summary.csv"));
  EXPECT_TRUE(read_file(again / "data/crime.csv") == read_file(*out_ / "data/crime.csv"));
  const fs::path other = fresh_temp_dir("default_other_seed");
  ASSERT_EQ(run_harmcast("run --quiet --seed 7 " + default_config() + " --out " + other.string())
                .exit_code,
            0);
  EXPECT_TRUE(read_file(other / "data/crime.csv") != read_file(*out_ / "data/crime.csv"));
  fs::remove_all(again);
  fs::remove_all(other);
}

TEST(RunFailure, LeavesEarlierOutputsUntouched) {
  const fs::path dir = fresh_temp_dir("failed_run");
  std::ofstream(dir / "report.html") << "the report from an earlier run";
  std::ofstream(dir / "config.yaml")
      << "name: broken\ndata:\n  source: files\n  crime:\n    path: crime.csv\n";
  std::ofstream(dir / "crime.csv") << "ward,crime_type,month,count\nW01,theft,2019-01\n";
  const auto result =
      run_harmcast("run --quiet " + (dir / "config.yaml").string() + " --out " + dir.string());
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_EQ(read_file(dir / "report.html"), "the report from an earlier run");
  EXPECT_FALSE(fs::exists(dir / "results.h5"));
  fs::remove_all(dir);
}
