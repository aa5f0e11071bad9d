// The `value:` section through the command line: `harmcast validate` and `harmcast run` both stop
// before anything runs, exit 1 and list every mistake with its key path and line.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "tests/support/command.hpp"
#include "tests/support/paths.hpp"

namespace fs = std::filesystem;
using harmcast::testing::fresh_temp_dir;
using harmcast::testing::run_harmcast;

namespace {

void write(const fs::path& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

// Two wards x one type x 48 months of counts: enough for a valid files config.
std::string crime_csv() {
  std::string text = "ward,crime_type,month,count\n";
  for (const char* ward : {"W01", "W02"}) {
    for (int m = 0; m < 48; ++m) {
      text += std::string(ward) + ",theft," + std::to_string(2017 + m / 12) + "-" +
              (m % 12 < 9 ? "0" : "") + std::to_string(m % 12 + 1) + "," +
              std::to_string(10 + m % 3) + "\n";
    }
  }
  return text;
}

// Line 11: an uncosted type; line 12: a negative cost; line 13: a price year with no deflator.
const char* kConfig =
    "name: value_cli\n"
    "data:\n"
    "  source: files\n"
    "  crime: {path: crime.csv}\n"
    "evaluations:\n"
    "  - {name: Advocacy, covariates: [age], outcomes: [n_reoffences]}\n"
    "value:\n"
    "  services:\n"
    "    - name: Advocacy\n"
    "      participants: 50\n"
    "      offence_mix: {shoplifting: 1}\n"
    "      cost_per_participant: -10\n"
    "      cost_price_year: 1985/86\n";

TEST(CliValue, ValidateAndRunListEveryValueMistakeWithLines) {
  const fs::path dir = fresh_temp_dir("cli_value");
  write(dir / "crime.csv", crime_csv());
  write(dir / "config.yaml", kConfig);
  const std::string config = (dir / "config.yaml").string();
  for (const std::string& command : std::vector<std::string>{
           "validate " + config, "run --quiet " + config + " --out " + (dir / "out").string()}) {
    const auto result = run_harmcast(command);
    EXPECT_EQ(result.exit_code, 1) << command << result.err;
    for (const char* expected :
         {"value.services[0].offence_mix.shoplifting at line 11: unit cost missing",
          "value.services[0].cost_per_participant at line 12: expected a non-negative number",
          "value.services[0].cost_price_year at line 13: price year 1985/86 has no deflator"}) {
      EXPECT_NE(result.err.find(expected), std::string::npos) << command << expected << "\n"
                                                              << result.err;
    }
    EXPECT_FALSE(fs::exists(dir / "out" / "results.h5")) << command;
  }
  fs::remove_all(dir);
}

}  // namespace
