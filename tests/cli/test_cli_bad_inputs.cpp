// Bad input through the command line, as a user meets it: every case must end with exit code 1
// and one clear message naming the file/line/column or config key and what was expected — never
// a crash, an abort or a stack dump.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <functional>

#include "tests/support/command.hpp"
#include "tests/support/paths.hpp"

namespace fs = std::filesystem;
using harmcast::testing::fresh_temp_dir;
using harmcast::testing::run_harmcast;

namespace {

void write(const fs::path& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

// A small valid crime file: two wards x two types x 48 months.
std::string crime_csv() {
  std::string text = "ward,crime_type,month,count\n";
  for (const char* ward : {"W01", "W02"}) {
    for (const char* type : {"burglary", "theft"}) {
      for (int m = 0; m < 48; ++m) {
        text += std::string(ward) + "," + type + "," + std::to_string(2017 + m / 12) + "-" +
                (m % 12 < 9 ? "0" : "") + std::to_string(m % 12 + 1) + "," +
                std::to_string(10 + (m * 7) % 5) + "\n";
      }
    }
  }
  return text;
}

std::string files_config(const std::string& crime_file, const std::string& extra = {}) {
  return "name: bad_input_case\ndata:\n  source: files\n  crime:\n    path: " + crime_file + "\n" +
         extra;
}

struct BadInput {
  std::string name;
  // Prepares files in `dir` and returns the command-line arguments to run.
  std::function<std::string(const fs::path& dir)> setup;
  std::vector<std::string> expected;  // fragments the error message must contain
};

// Replaces the first occurrence of `from` in the valid crime file.
std::string crime_with(const std::string& from, const std::string& to) {
  std::string text = crime_csv();
  text.replace(text.find(from), from.size(), to);
  return text;
}

std::string validate_with_crime(const fs::path& dir, const std::string& crime_text) {
  write(dir / "crime.csv", crime_text);
  write(dir / "config.yaml", files_config("crime.csv"));
  return "validate " + (dir / "config.yaml").string();
}

const std::vector<BadInput>& cases() {
  static const std::vector<BadInput> all = {
      {"ragged_csv_row",
       [](const fs::path& d) {
         return validate_with_crime(d, crime_with("W01,burglary,2017-03,", "W01,burglary,"));
       },
       {"crime.csv:4", "expected 4 fields", "found 3"}},
      {"unterminated_quote",
       [](const fs::path& d) {
         return validate_with_crime(d, crime_with("W02,theft,2017-05", "\"W02,theft,2017-05"));
       },
       {"crime.csv", "quote"}},
      {"bad_date",
       [](const fs::path& d) { return validate_with_crime(d, crime_with("2017-06", "2017-13")); },
       {"crime.csv", "month", "2017-13"}},
      {"duplicate_key",
       [](const fs::path& d) {
         return validate_with_crime(d, crime_csv() + "W01,theft,2018-02,4\n");
       },
       {"W01 | theft", "2018-02"}},
      {"non_numeric_count",
       [](const fs::path& d) { return validate_with_crime(d, crime_with(",10\n", ",ten\n")); },
       {"count"}},
      {"empty_csv",
       [](const fs::path& d) { return validate_with_crime(d, ""); },
       {"crime.csv", "empty"}},
      {"missing_data_file",
       [](const fs::path& d) {
         write(d / "config.yaml", files_config("no_such_crime.csv"));
         return "validate " + (d / "config.yaml").string();
       },
       {"no_such_crime.csv"}},
      {"missing_config_file",
       [](const fs::path& d) { return "validate " + (d / "nowhere.yaml").string(); },
       {"nowhere.yaml"}},
      {"empty_config_file",
       [](const fs::path& d) {
         write(d / "config.yaml", "");
         return "validate " + (d / "config.yaml").string();
       },
       {"config.yaml", "empty"}},
      {"yaml_syntax_error",
       [](const fs::path& d) {
         write(d / "config.yaml", "name: x\ndata: [unclosed\n");
         return "validate " + (d / "config.yaml").string();
       },
       {"config.yaml:"}},
      {"unknown_yaml_key_with_suggestion",
       [](const fs::path& d) {
         write(d / "config.yaml", "name: x\nforcast:\n  horizon: 12\n");
         return "validate " + (d / "config.yaml").string();
       },
       {"forcast", "line 2", "did you mean \"forecast\""}},
      {"wrong_yaml_type",
       [](const fs::path& d) {
         write(d / "config.yaml", "name: x\nforecast:\n  horizon: 36m\n");
         return "validate " + (d / "config.yaml").string();
       },
       {"forecast.horizon", "line 3", "positive integer", "36m"}},
      {"every_config_mistake_listed_at_once",
       [](const fs::path& d) {
         write(d / "config.yaml",
               "name: x\nseed: -4\nkpi:\n  level: 2\nforecast:\n  model: prophet\n");
         return "run --quiet " + (d / "config.yaml").string() + " --out " + (d / "out").string();
       },
       {"seed", "kpi.level", "forecast.model", "prophet"}},
      {"evaluation_config_mistakes",
       [](const fs::path& d) {
         write(d / "config.yaml",
               "name: x\nevaluations:\n  - name: X\n    servise: idva\n    covariates: [age]\n"
               "    caliper: -1\n  - service: gang_exit\n");
         return "validate " + (d / "config.yaml").string();
       },
       {"evaluations[0].servise at line 4", "did you mean \"service\"",
        "evaluations[0].caliper at line 6", "evaluations[1].name at line 7"}},
      {"unknown_group_by_column",
       [](const fs::path& d) {
         write(d / "crime.csv", crime_csv());
         write(d / "config.yaml", files_config("crime.csv", "kpi:\n  group_by: [offence]\n"));
         return "run --quiet " + (d / "config.yaml").string() + " --out " + (d / "out").string();
       },
       {"kpi.group_by", "offence"}},
      {"output_folder_is_a_file",
       [](const fs::path& d) {
         write(d / "crime.csv", crime_csv());
         write(d / "config.yaml", files_config("crime.csv"));
         write(d / "taken", "a file, not a folder");
         return "run --quiet " + (d / "config.yaml").string() + " --out " + (d / "taken").string();
       },
       {"taken", "not a folder"}},
      {"inspect_not_hdf5",
       [](const fs::path& d) {
         write(d / "results.h5", "this is not an HDF5 file");
         return "inspect " + (d / "results.h5").string();
       },
       {"results.h5"}},
      {"inspect_missing_file",
       [](const fs::path& d) { return "inspect " + (d / "absent.h5").string(); },
       {"absent.h5"}},
      {"synth_negative_scale",
       [](const fs::path& d) { return "synth --out " + (d / "city").string() + " --scale -1"; },
       {"scale"}},
      {"unknown_subcommand",
       [](const fs::path&) { return std::string("frobnicate"); },
       {"frobnicate"}},
      {"unknown_option",
       [](const fs::path& d) { return "validate --colour " + (d / "x.yaml").string(); },
       {"--colour"}},
  };
  return all;
}

class CliBadInput : public ::testing::TestWithParam<std::size_t> {};

}  // namespace

TEST_P(CliBadInput, EndsWithOneClearErrorAndExitCodeOne) {
  const BadInput& c = cases()[GetParam()];
  const fs::path dir = fresh_temp_dir("bad_input_" + c.name);
  const auto result = run_harmcast(c.setup(dir));
  EXPECT_EQ(result.exit_code, 1) << c.name << "\nstderr: " << result.err;
  EXPECT_EQ(result.err.rfind("error: ", 0), 0u) << c.name << "\nstderr: " << result.err;
  for (const auto& fragment : c.expected) {
    EXPECT_NE(result.err.find(fragment), std::string::npos)
        << c.name << ": expected \"" << fragment << "\" in\n"
        << result.err;
  }
  EXPECT_EQ(result.err.find("terminate called"), std::string::npos) << result.err;
  fs::remove_all(dir);
}

INSTANTIATE_TEST_SUITE_P(Table, CliBadInput, ::testing::Range<std::size_t>(0, cases().size()),
                         [](const ::testing::TestParamInfo<std::size_t>& info) {
                           return cases()[info.param].name;
                         });

TEST(CliBadInput, GapInASeriesIsReportedNotDropped) {
  const fs::path dir = fresh_temp_dir("gap");
  std::string text = crime_csv();
  const std::string row = "W02,burglary,2018-03,";
  const auto at = text.find(row);
  text.erase(at, text.find('\n', at) - at + 1);
  write(dir / "crime.csv", text);
  write(dir / "config.yaml", files_config("crime.csv"));
  const auto result = run_harmcast("validate " + (dir / "config.yaml").string());
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("W02 | burglary 2018-03 (no row)"), std::string::npos) << result.out;
  fs::remove_all(dir);
}

// Numeric options say what they need in words, not CLI11's whole double range.
TEST(CliBadInput, NegativeNumbersNameTheOptionAndTheRule) {
  auto result = run_harmcast("forecast --data x.csv --id a --time b --value c --horizon -1");
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.err.find("--horizon: must be positive, got -1"), std::string::npos)
      << result.err;
  EXPECT_EQ(result.err.find("179769"), std::string::npos) << result.err;
  result = run_harmcast("run experiments/default.yaml --threads -2");
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.err.find("--threads: must be zero or positive, got -2"), std::string::npos)
      << result.err;
  result = run_harmcast("evaluate --data x.csv --formula \"t ~ a\" --outcome y --tie-tolerance x");
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.err.find("--tie-tolerance: expected a number, got 'x'"), std::string::npos)
      << result.err;
}
