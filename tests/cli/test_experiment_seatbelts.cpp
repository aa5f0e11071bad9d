// End to end: `harmcast run experiments/seatbelts.yaml` reproduces R's intervention analysis of
// the 1983 seat-belt law (forecast::Arima with the law and log petrol price as regressors; the
// values are in tests/data/timeseries/r_reference.csv, made by make_reference.R there).
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
using harmcast::testing::source_dir;
using harmcast::testing::test_data;

namespace {

constexpr double kRelativeTolerance = 1e-3;  // the agreement target for Arima

// R's value of `quantity` number `index` for the seatbelts case.
double r_value(const std::string& quantity, int index) {
  const Table ref = read_csv(test_data("timeseries/r_reference.csv"));
  for (std::size_t r = 0; r < ref.rows(); ++r) {
    if (ref.column("case").text(r) == "seatbelts" && ref.column("quantity").text(r) == quantity &&
        ref.column("index").numeric(r) == index) {
      return ref.column("value").numeric(r);
    }
  }
  ADD_FAILURE() << "no R value " << quantity << "[" << index << "]";
  return NAN;
}

// The row of `table` whose `key` column equals `value`.
std::size_t row_of(const Table& table, const std::string& key, const std::string& value) {
  for (std::size_t r = 0; r < table.rows(); ++r)
    if (table.column(key).text(r) == value) return r;
  ADD_FAILURE() << "no row with " << key << " = " << value;
  return 0;
}

class SeatbeltsExperiment : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    run_ = new harmcast::testing::ExperimentRun("seatbelts");
    out_ = &run_->out;
    result_ = &run_->result;
  }
  static void TearDownTestSuite() { delete run_; }
  static harmcast::testing::ExperimentRun* run_;
  static const fs::path* out_;
  static const harmcast::testing::CommandResult* result_;
};
harmcast::testing::ExperimentRun* SeatbeltsExperiment::run_ = nullptr;
const fs::path* SeatbeltsExperiment::out_ = nullptr;
const harmcast::testing::CommandResult* SeatbeltsExperiment::result_ = nullptr;

}  // namespace

TEST_F(SeatbeltsExperiment, LawEffectMatchesRArima) {
  ASSERT_EQ(result_->exit_code, 0) << result_->err;
  const Table effects = read_csv(*out_ / "tables/intervention_effects.csv");
  ASSERT_EQ(effects.rows(), 1u);
  EXPECT_EQ(effects.column("model").text(0), "Regression with ARIMA(0,1,1)(0,1,1)[12] errors");
  const double law = r_value("coef", 3), law_se = r_value("se", 3);
  EXPECT_NEAR(effects.column("estimate").numeric(0), law, kRelativeTolerance * std::abs(law));
  EXPECT_NEAR(effects.column("std_error").numeric(0), law_se, kRelativeTolerance * law_se);
  const double percent = 100 * std::expm1(law);
  EXPECT_NEAR(effects.column("percent_change").numeric(0), percent, 0.05);
  EXPECT_NEAR(effects.column("percent_low").numeric(0), 100 * std::expm1(law - 1.959964 * law_se),
              0.05);
}

TEST_F(SeatbeltsExperiment, EveryCoefficientMatchesR) {
  ASSERT_EQ(result_->exit_code, 0) << result_->err;
  const Table coef = read_csv(*out_ / "tables/intervention_coefficients.csv");
  // R's coefficient order: ma1, sma1, law, logpetrol.
  const std::vector<std::string> terms{"ma1", "sma1", "step", "petrol_price"};
  for (int i = 0; i < 4; ++i) {
    const std::size_t r = row_of(coef, "term", terms[i]);
    const double expected = r_value("coef", i + 1), se = r_value("se", i + 1);
    EXPECT_NEAR(coef.column("estimate").numeric(r), expected,
                kRelativeTolerance * std::abs(expected))
        << terms[i];
    EXPECT_NEAR(coef.column("std_error").numeric(r), se, kRelativeTolerance * se) << terms[i];
  }
}

TEST_F(SeatbeltsExperiment, CounterfactualUndoesTheStepAfterTheLawOnly) {
  ASSERT_EQ(result_->exit_code, 0) << result_->err;
  const Table series = read_csv(*out_ / "tables/intervention_series.csv");
  ASSERT_EQ(series.rows(), 192u);
  const double law = r_value("coef", 3);
  const std::size_t before = row_of(series, "period", "1983-01");
  const std::size_t after = row_of(series, "period", "1983-02");
  EXPECT_DOUBLE_EQ(series.column("counterfactual").numeric(before),
                   series.column("observed").numeric(before));
  EXPECT_NEAR(
      series.column("counterfactual").numeric(after) / series.column("observed").numeric(after),
      std::exp(-law), 1e-3);
}

TEST_F(SeatbeltsExperiment, ReportShowsTheAnalysis) {
  ASSERT_EQ(result_->exit_code, 0) << result_->err;
  const std::string html = read_file(*out_ / "report.html");
  EXPECT_NE(html.find("Intervention analyses"), std::string::npos);
  EXPECT_NE(html.find("21.8% lower"), std::string::npos);
  EXPECT_NE(html.find("without the intervention"), std::string::npos);
}

TEST(SeatbeltsConfig, MistakesInTheAnalysisAreListedWithLinesAndNothingRuns) {
  const fs::path dir = fresh_temp_dir("seatbelts_bad");
  std::string text = read_file(source_dir() / "experiments/seatbelts.yaml");
  const auto replace = [&text](const std::string& from, const std::string& to) {
    const auto at = text.find(from);
    ASSERT_NE(at, std::string::npos) << from;
    text.replace(at, from.size(), to);
  };
  replace("../datasets/data/seatbelts.csv",
          (source_dir() / "datasets/data/seatbelts.csv").string());
  replace("start: 1983-02", "start: 1990-02");
  replace("column: petrol_price", "column: petrol_prize");
  { std::ofstream(dir / "bad.yaml") << text; }
  const auto result = run_harmcast("run --quiet " + (dir / "bad.yaml").string() + " --out " +
                                   (dir / "out").string());
  EXPECT_EQ(result.exit_code, 1) << result.err;
  EXPECT_NE(result.err.find("intervention_analysis[0].start at line"), std::string::npos)
      << result.err;
  EXPECT_NE(result.err.find("intervention_analysis[0].covariates[0].column at line"),
            std::string::npos)
      << result.err;
  EXPECT_NE(result.err.find("did you mean \"petrol_price\""), std::string::npos) << result.err;
  EXPECT_FALSE(fs::exists(dir / "out" / "results.h5"));
  fs::remove_all(dir);
}
