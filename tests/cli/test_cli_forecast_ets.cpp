// `harmcast forecast --model ets`: every series forecast by the automatic ETS model, the same
// numbers as fit_ets gives on those values.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>

#include "engine/io/csv_reader.hpp"
#include "models/timeseries/ets.hpp"
#include "tests/support/command.hpp"
#include "tests/support/paths.hpp"

using namespace harmcast;
using namespace harmcast::testing;

TEST(CliForecastEts, ForecastsEverySeriesWithTheAutomaticEtsModel) {
  const auto dir = fresh_temp_dir("forecast_cli_ets");
  const auto data = dir / "series.csv";
  std::vector<double> values;
  {
    std::ofstream out(data);
    out << "area,month,count\n";
    for (int m = 0; m < 48; ++m) {
      // One decimal, so the CSV holds exactly these values.
      const double v =
          std::round(10 * (50 + 0.3 * m + 8 * std::sin(2 * M_PI * m / 12) + (m * 37 % 11) - 5)) /
          10;
      values.push_back(v);
      out << "east," << 2016 + m / 12 << "-" << (m % 12 < 9 ? "0" : "") << m % 12 + 1 << "," << v
          << "\n";
    }
  }
  const auto result = run_harmcast("forecast --data " + data.string() +
                                   " --id area --time month --value count --horizon 6"
                                   " --model ets --out " +
                                   (dir / "f.csv").string());
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const Table f = read_csv(dir / "f.csv");
  ASSERT_EQ(f.rows(), 6u);
  const auto fit = timeseries::fit_ets({values, 12, "east", {}});
  timeseries::ForecastRequest request;
  request.horizon = 6;
  const auto fc = fit->forecast(request);
  EXPECT_EQ(f.column("model").text(0), fit->description());
  for (int h = 0; h < 6; ++h) {
    EXPECT_NEAR(f.column("mean").numeric(h), fc.mean[h], 1e-6 * std::abs(fc.mean[h])) << h;
    EXPECT_NEAR(f.column("hi_95").numeric(h), fc.at_level(95).upper[h], 1e-6 * std::abs(fc.mean[h]))
        << h;
  }
  std::filesystem::remove_all(dir);
}
