#pragma once
// The data an experiment runs on: the synthetic city, or the user's files, loaded and checked
// before any model is fitted.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "engine/config/experiment_config.hpp"
#include "engine/store/provenance.hpp"
#include "engine/table/table.hpp"
#include "engine/time/panel.hpp"

namespace harmcast {

struct ExperimentData {
  Table crime_table;            // long form as read: id columns, time column, value column
  Panel crime;                  // the same as series on a common monthly index
  std::optional<Table> cohort;  // offender cohort, when configured
  std::optional<Table> services;
  std::optional<Table> service_costs;    // synthetic city only
  std::optional<Table> pilot;            // synthetic city only
  std::optional<Table> truth;            // synthetic city only: every true parameter
  std::vector<InputFingerprint> inputs;  // every file the run read, hashed
  std::string description;               // one line: where the data came from
};

// Loads and checks the data named by `config.data`. For the synthetic city the generated tables
// are written as CSV under `data_dir` first (so the run's inputs are files with fingerprints,
// and the user can open them); with an empty `data_dir` nothing is written and the inputs are
// fingerprinted from their CSV text. Throws harmcast::Error naming the file, column or key.
ExperimentData load_experiment_data(const ExperimentConfig& config,
                                    const std::filesystem::path& data_dir);

}  // namespace harmcast
