// `harmcast validate` and `harmcast run` list the mistakes of every stage section at once, each
// with its key path and line, and run nothing (engine/runner/stage_plan.hpp).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "tests/support/command.hpp"
#include "tests/support/paths.hpp"

namespace fs = std::filesystem;
using harmcast::testing::fresh_temp_dir;
using harmcast::testing::read_file;
using harmcast::testing::run_harmcast;
using harmcast::testing::source_dir;

namespace {

// The default experiment with one mistake in each of several stage sections.
fs::path default_config_with_mistakes(const fs::path& dir) {
  std::string text = read_file(source_dir() / "experiments/default.yaml");
  const auto replace = [&text](const std::string& from, const std::string& to) {
    const auto at = text.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    if (at != std::string::npos) text.replace(at, from.size(), to);
  };
  replace("    shape: step\n    transform: log\n", "    shape: stair\n    transform: log\n");
  replace("    service: gang_exit\n", "    service: gang_exit\n    ratio: 0\n");
  replace("    family: negbin\n", "    family: negbinomial\n");
  replace("    designs: [its, did, synth]\n", "    designs: [its, did, synth]\n    colour: red\n");
  const fs::path file = dir / "mistakes.yaml";
  std::ofstream(file) << text;
  return file;
}

}  // namespace

TEST(ConfigEverySection, ValidateListsTheMistakesOfEverySectionTogether) {
  const fs::path dir = fresh_temp_dir("every_section");
  const fs::path config = default_config_with_mistakes(dir);
  const std::vector<std::string> commands{"validate ",
                                          "run --quiet --out " + (dir / "out").string() + " "};
  for (const std::string& command : commands) {
    const auto result = run_harmcast(command + config.string());
    EXPECT_EQ(result.exit_code, 1) << command << result.err;
    EXPECT_NE(result.err.find("4 problems in the config"), std::string::npos) << result.err;
    for (const char* key :
         {"intervention_analysis[0].shape at line", "evaluations[1].ratio at line",
          "models[1].family at line", "area_evaluations[0].colour at line"}) {
      EXPECT_NE(result.err.find(key), std::string::npos) << key << "\n" << result.err;
    }
    // Sorted by line, whichever section they are in.
    EXPECT_LT(result.err.find("intervention_analysis[0]"), result.err.find("evaluations[1]"));
    EXPECT_LT(result.err.find("area_evaluations[0]"), result.err.find("models[1]"));
  }
  EXPECT_FALSE(fs::exists(dir / "out" / "results.h5"));
  EXPECT_FALSE(fs::exists(dir / "out" / "report.html"));
  fs::remove_all(dir);
}

TEST(ConfigEverySection, PooledTiesWithoutReplacementNamesTheKey) {
  const fs::path dir = fresh_temp_dir("pool_ties");
  std::string text = read_file(source_dir() / "experiments/default.yaml");
  const std::string from = "    service: gang_exit\n";
  const auto at = text.find(from);
  ASSERT_NE(at, std::string::npos);
  text.replace(at, from.size(), from + "    pool_ties: true\n");
  std::ofstream(dir / "ties.yaml") << text;
  const auto result = run_harmcast("validate " + (dir / "ties.yaml").string());
  EXPECT_EQ(result.exit_code, 1) << result.err;
  EXPECT_NE(result.err.find("evaluations[1].pool_ties at line"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("add replace: true"), std::string::npos) << result.err;
  fs::remove_all(dir);
}
