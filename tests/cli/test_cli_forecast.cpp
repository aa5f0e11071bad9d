// `harmcast forecast` end to end: forecasts, held-out actuals and accuracy for every series.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>

#include "engine/io/csv_reader.hpp"
#include "tests/support/command.hpp"
#include "tests/support/paths.hpp"

using namespace harmcast;
using namespace harmcast::testing;

namespace {

// Two monthly series of 60 months with a clear seasonal pattern.
std::filesystem::path write_series(const std::filesystem::path& dir) {
  const auto path = dir / "series.csv";
  std::ofstream out(path);
  out << "area,month,count\n";
  for (const char* area : {"north", "south"}) {
    for (int m = 0; m < 60; ++m) {
      const int level =
          (area[0] == 'n' ? 40 : 90) + 10 * ((m % 12) >= 5 && (m % 12) <= 7) + (m * 37 % 11) - 5;
      out << area << "," << 2015 + m / 12 << "-" << (m % 12 < 9 ? "0" : "") << m % 12 + 1 << ","
          << level << "\n";
    }
  }
  return path;
}

}  // namespace

TEST(CliForecast, WritesForecastsWithHeldOutActualsAndAccuracy) {
  const auto dir = fresh_temp_dir("forecast_cli");
  const auto data = write_series(dir);
  const auto result =
      run_harmcast("forecast --data " + data.string() +
                   " --id area --time month --value count --horizon 6 --holdout 6"
                   " --model snaive --out " +
                   (dir / "f.csv").string() + " --accuracy " + (dir / "a.csv").string());
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const Table f = read_csv(dir / "f.csv");
  EXPECT_EQ(f.column_names(), (std::vector<std::string>{"id", "period", "model", "mean", "lo_80",
                                                        "hi_80", "lo_95", "hi_95", "actual"}));
  ASSERT_EQ(f.rows(), 12u);
  // Seasonal naive: the forecast for 2019-07 is the value of 2018-07; the actual is 2019-07's.
  EXPECT_EQ(f.column("period").text(0), "2019-07");
  EXPECT_EQ(f.column("id").text(0), "north");
  EXPECT_DOUBLE_EQ(f.column("mean").numeric(0), 48);    // month 42: 40 + 10 + (1554 % 11) - 5
  EXPECT_DOUBLE_EQ(f.column("actual").numeric(0), 52);  // month 54: 40 + 10 + (1998 % 11) - 5
  const Table a = read_csv(dir / "a.csv");
  ASSERT_EQ(a.rows(), 2u);
  EXPECT_EQ(a.column("evaluated").numeric(0), 6);
  EXPECT_GT(a.column("mase").numeric(0), 0);
  std::filesystem::remove_all(dir);
}

TEST(CliForecast, UnknownModelAndAccuracyWithoutHoldoutAreClearErrors) {
  const auto dir = fresh_temp_dir("forecast_cli_bad");
  const auto data = write_series(dir);
  const auto bad_model =
      run_harmcast("forecast --data " + data.string() + " --id area --model prophet --out " +
                   (dir / "f.csv").string());
  EXPECT_EQ(bad_model.exit_code, 1);
  EXPECT_NE(bad_model.err.find("unknown model \"prophet\""), std::string::npos) << bad_model.err;
  const auto no_holdout = run_harmcast("forecast --data " + data.string() +
                                       " --id area --accuracy " + (dir / "a.csv").string());
  EXPECT_EQ(no_holdout.exit_code, 1);
  EXPECT_NE(no_holdout.err.find("--holdout"), std::string::npos) << no_holdout.err;
  EXPECT_FALSE(std::filesystem::exists(dir / "a.csv"));
  std::filesystem::remove_all(dir);
}

// `--model count|structural|auto`: every family forecasts from the command line, and the
// forecasts table names the model used for each series.
TEST(CliForecast, CountStructuralAndAutoForecastFromTheCommandLine) {
  const auto dir = fresh_temp_dir("forecast_cli_families");
  const auto data = write_series(dir);
  for (const std::string model : {"count", "structural", "auto"}) {
    const auto out = dir / (model + ".csv");
    const auto result = run_harmcast("forecast --data " + data.string() +
                                     " --id area --time month --value count --horizon 6"
                                     " --holdout 6 --threads 1 --model " +
                                     model + " --out " + out.string());
    ASSERT_EQ(result.exit_code, 0) << model << ": " << result.err;
    const Table f = read_csv(out);
    ASSERT_EQ(f.rows(), 12u) << model;
    for (std::size_t r = 0; r < f.rows(); ++r) {
      EXPECT_TRUE(std::isfinite(f.column("mean").numeric(r))) << model;
      EXPECT_LE(f.column("lo_95").numeric(r), f.column("hi_95").numeric(r));
    }
    const std::string first = f.column("model").text(0);
    if (model == "count") {
      EXPECT_EQ(first.rfind("Count ", 0), 0u) << first;
    }
    if (model == "structural") {
      EXPECT_EQ(first.rfind("Structural(", 0), 0u) << first;
    }
    if (model == "count")  // integer quantiles of simulated counts, never negative
      for (std::size_t r = 0; r < f.rows(); ++r) {
        EXPECT_GE(f.column("lo_95").numeric(r), 0);
        EXPECT_EQ(f.column("lo_95").numeric(r), std::round(f.column("lo_95").numeric(r)));
      }
    EXPECT_FALSE(first.empty()) << model;
  }
  std::filesystem::remove_all(dir);
}
