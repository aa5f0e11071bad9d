// Model options of the forecast stage, in experiment configs and on `harmcast forecast`: the
// count model's distribution/lags/harmonics/trend, the structural model's trend and seasonal
// form, and intervention regressors, which reach the family asked for and auto's candidates.
// Every mistake is reported with its key path and line (or its flag).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "engine/io/csv_reader.hpp"
#include "tests/support/command.hpp"
#include "tests/support/paths.hpp"

namespace fs = std::filesystem;
using namespace harmcast;
using harmcast::testing::fresh_temp_dir;
using harmcast::testing::run_harmcast;

namespace {

// Two monthly series of 72 months (2016-01 to 2021-12), seasonal, the second stepping up by half
// from 2019-04.
fs::path write_series(const fs::path& dir) {
  const auto path = dir / "series.csv";
  std::ofstream out(path);
  out << "area,month,count\n";
  for (const char* area : {"north", "south"}) {
    for (int m = 0; m < 72; ++m) {
      const double step = area[0] == 's' && m >= 39 ? 1.5 : 1.0;
      const int level = static_cast<int>(
          step * ((area[0] == 'n' ? 40 : 90) + 10 * ((m % 12) >= 5 && (m % 12) <= 7)) +
          (m * 37 % 11) - 5);
      out << area << "," << 2016 + m / 12 << "-" << (m % 12 < 9 ? "0" : "") << m % 12 + 1 << ","
          << level << "\n";
    }
  }
  return path;
}

fs::path write_config(const fs::path& dir, const std::string& forecast_section) {
  write_series(dir);
  const fs::path file = dir / "config.yaml";
  std::ofstream(file) << "name: forecast_options\n"
                         "data:\n"
                         "  source: files\n"
                         "  crime: {path: series.csv, id_columns: [area]}\n"
                         "kpi:\n"
                         "  group_by: [area]\n"
                         "forecast:\n"
                         "  horizon: 6\n"
                         "  group_by: [area]\n"
                      << forecast_section << "report:\n  enabled: false\n";
  return file;
}

Table run_models_table(const fs::path& dir, const fs::path& config) {
  const auto result =
      run_harmcast("run --quiet " + config.string() + " --out " + (dir / "out").string());
  EXPECT_EQ(result.exit_code, 0) << result.err;
  return read_csv(dir / "out" / "tables" / "forecast_models.csv");
}

}  // namespace

TEST(ForecastOptions, ConfigMistakesAreListedWithKeyPathAndLine) {
  const fs::path dir = fresh_temp_dir("forecast_options_bad");
  const fs::path config = write_config(dir,
                                       "  model: ets\n"                                   // 10
                                       "  count: {distribution: nb, past_obs: [1, 1]}\n"  // 11
                                       "  structural:\n"                                  // 12
                                       "    trend: slope\n"                               // 13
                                       "    seasonal: dumy\n"                             // 14
                                       "  interventions:\n"                               // 15
                                       "    - {start: 2019-13, shape: jump}\n");          // 16
  const auto result = run_harmcast("validate " + config.string());
  EXPECT_EQ(result.exit_code, 1) << result.err;
  for (const char* expected :
       {"forecast.count.distribution at line 11: expected one of poisson, negbin, got \"nb\"",
        "forecast.count.past_obs at line 11: expected distinct lags",
        "forecast.structural.trend at line 13: expected one of level, trend",
        "forecast.structural.seasonal at line 14:", "did you mean \"dummy\"",
        "forecast.interventions at line 15: model ets takes no regressors",
        "forecast.interventions[0].start at line 16: expected a period",
        "forecast.interventions[0].shape at line 16: expected one of step, ramp, pulse"})
    EXPECT_NE(result.err.find(expected), std::string::npos) << expected << "\n" << result.err;
  fs::remove_all(dir);
}

TEST(ForecastOptions, CountFormAndInterventionReachTheFittedModel) {
  const fs::path dir = fresh_temp_dir("forecast_options_count");
  const fs::path config = write_config(dir,
                                       "  model: count\n"
                                       "  count: {distribution: poisson, past_obs: [1, 12], "
                                       "past_mean: [], harmonics: 1, trend: false}\n"
                                       "  interventions:\n"
                                       "    - {name: Pilot, start: 2019-04}\n");
  const Table models = run_models_table(dir, config);
  ASSERT_EQ(models.rows(), 2u);
  for (std::size_t i = 0; i < 2; ++i)
    EXPECT_EQ(models.column("model").text(i),
              "Count Poisson(obs 1,12; mean none) + Fourier K=1 + 1 regressors");
  fs::remove_all(dir);
}

TEST(ForecastOptions, AutoWithAnInterventionChoosesAmongFamiliesThatTakeIt) {
  const fs::path dir = fresh_temp_dir("forecast_options_auto");
  const fs::path config = write_config(dir,
                                       "  model: auto\n"
                                       "  structural: {trend: level, seasonal: trigonometric}\n"
                                       "  interventions:\n"
                                       "    - {name: Pilot, start: 2019-04, shape: step}\n");
  const Table models = run_models_table(dir, config);
  ASSERT_EQ(models.rows(), 2u);
  for (std::size_t i = 0; i < 2; ++i) {
    const std::string family = models.column("family").text(i);
    EXPECT_TRUE(family == "arima" || family == "structural" || family == "count" ||
                family == "combination")
        << family;
    EXPECT_EQ(models.column("status").text(i) == "failed", false)
        << models.column("message").text(i);
  }
  fs::remove_all(dir);
}

TEST(ForecastOptions, CommandLineFlagsSetTheFormsAndRejectBadValues) {
  const fs::path dir = fresh_temp_dir("forecast_options_cli");
  const fs::path data = write_series(dir);
  const std::string base = "forecast --data " + data.string() + " --id area --horizon 6 --out " +
                           (dir / "f.csv").string();
  const auto structural = run_harmcast(
      base + " --model structural --structural-trend level --structural-seasonal none");
  ASSERT_EQ(structural.exit_code, 0) << structural.err;
  EXPECT_EQ(read_csv(dir / "f.csv").column("model").text(0), "Structural(level)");
  const auto count = run_harmcast(base +
                                  " --model count --count-distribution poisson --count-past-obs 1"
                                  " --count-past-mean none --count-harmonics 2"
                                  " --intervention 2019-04:ramp:Pilot");
  ASSERT_EQ(count.exit_code, 0) << count.err;
  EXPECT_EQ(read_csv(dir / "f.csv").column("model").text(0),
            "Count Poisson(obs 1; mean none) + trend + Fourier K=2 + 1 regressors");
  const std::pair<std::string, std::string> bad[] = {
      {" --model count --count-past-obs 1,x", "--count-past-obs: expected distinct lags"},
      {" --model count --count-distribution nb", "--count-distribution"},
      {" --model structural --structural-seasonal dumy", "--structural-seasonal"},
      {" --model ets --intervention 2019-04", "--intervention: model ets takes no regressors"},
      {" --model arima --intervention 2019-04:jump", "unknown shape \"jump\""},
      {" --model arima --intervention 2019-13", "--intervention"},
  };
  for (const auto& [flags, message] : bad) {
    const auto result = run_harmcast(base + flags);
    EXPECT_EQ(result.exit_code, 1) << flags;
    EXPECT_NE(result.err.find(message), std::string::npos) << flags << "\n" << result.err;
  }
  // An intervention after the fitted data is a per-series note, with what to do instead.
  const auto late = run_harmcast(base + " --model arima --intervention 2030-01");
  EXPECT_NE(late.err.find("after the last fitted period 2021-12"), std::string::npos) << late.err;
  EXPECT_NE(late.err.find("scenarios"), std::string::npos) << late.err;
  fs::remove_all(dir);
}
