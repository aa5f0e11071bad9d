#pragma once
// Runs the harmcast binary as a user would and captures what it printed and its exit code.
#include <filesystem>
#include <string>

namespace harmcast::testing {

struct CommandResult {
  int exit_code = -1;
  std::string out;  // stdout
  std::string err;  // stderr
};

// `arguments` is appended to the binary's path as written (quote paths with spaces yourself).
CommandResult run_harmcast(const std::string& arguments);

// `harmcast run --quiet experiments/<name>.yaml --out <fresh temp dir>`, as a user runs an
// experiment; the output folder is removed when the run object goes.
struct ExperimentRun {
  explicit ExperimentRun(const std::string& name);
  ~ExperimentRun();
  ExperimentRun(const ExperimentRun&) = delete;
  ExperimentRun& operator=(const ExperimentRun&) = delete;

  std::filesystem::path config;  // the experiment's config file
  std::filesystem::path out;     // where the run wrote its results
  CommandResult result;
};

}  // namespace harmcast::testing
