#pragma once
// The experiment runner: `harmcast run CONFIG` and `harmcast validate CONFIG`.
//
// A run first validates the whole config and loads and checks the data (stopping with every
// problem listed before any model is fitted; see stage_plan.hpp), then runs the stages in order —
// data, KPIs against baseline, forecasts, intervention analyses, service evaluations, regression
// models, area designs, scenarios, value for money — and writes, each atomically:
//   OUT/results.h5    every result table, the run notes and the provenance (config text, input
//                     fingerprints, seed, version, commit, times)
//   OUT/tables/*.csv  the same tables as CSV
//   OUT/report.html   the self-contained report
//   OUT/data/*.csv    for the synthetic city, the generated input data
// A series or service that fails is recorded as a run note in its place and the run goes on.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "engine/results/run_results.hpp"

namespace harmcast {

struct RunRequest {
  std::filesystem::path config_path;
  std::optional<std::filesystem::path> out_dir;  // overrides the config's output_dir
  std::optional<int> threads;                    // overrides the config's threads
  std::optional<std::uint64_t> seed;             // overrides the config's seed
  bool quiet = false;                            // no progress bar
  std::string command_line;                      // recorded in the provenance
  // `harmcast scenario`: only what the scenarios need (data, baseline fits, scenarios), the
  // store and the CSV tables; no KPIs, forecasts, evaluations or report.
  bool scenarios_only = false;
};

struct RunOutcome {
  std::filesystem::path out_dir;
  std::filesystem::path store;
  std::filesystem::path report;  // empty when the report is disabled
  std::vector<std::filesystem::path> tables;
  std::vector<RunNote> notes;
  double seconds = 0;
};

RunOutcome run_experiment(const RunRequest& request);

struct ValidationOutcome {
  std::string experiment;
  std::string data_description;
  std::size_t series = 0;
  std::string first_period, last_period;
  std::string gaps;  // Panel::describe_gaps()
};

// Validates the config and the data without fitting anything or writing any file.
ValidationOutcome validate_experiment(const RunRequest& request);

}  // namespace harmcast
