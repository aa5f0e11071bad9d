#pragma once
// RunResults: everything one experiment run produced, as named tables and texts.
//
// Every stage adds its results as Tables under a path ("/kpi/summary", "/forecast/points"),
// so one structure is written to the HDF5 store, to CSV files and read by the report writer,
// and `read_run_results` gives the same structure back from a store. Problems that did not stop
// the run (a series that could not be fitted, a service with too few people) are kept as notes
// beside the results they concern.
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "engine/store/provenance.hpp"
#include "engine/table/table.hpp"

namespace harmcast {

class ResultsStore;
class StoreReader;

struct RunNote {
  std::string stage;    // "kpi", "forecast", ...
  std::string subject;  // series id, service name, or empty for the whole stage
  std::string message;  // what happened and what was done about it
};

class RunResults {
 public:
  // Adds a table at `path` ("/stage/name"); a second table at the same path replaces the first.
  void add_table(const std::string& path, Table table);
  const Table* find_table(const std::string& path) const;  // nullptr when absent
  const std::vector<std::pair<std::string, Table>>& tables() const { return tables_; }

  void add_text(const std::string& path, std::string text);
  const std::string* find_text(const std::string& path) const;
  const std::vector<std::pair<std::string, std::string>>& texts() const { return texts_; }

  void add_note(RunNote note) { notes_.push_back(std::move(note)); }
  const std::vector<RunNote>& notes() const { return notes_; }

  Provenance provenance;

 private:
  std::vector<std::pair<std::string, Table>> tables_;
  std::vector<std::pair<std::string, std::string>> texts_;
  std::vector<RunNote> notes_;
};

// A float column of results in which NaN (a value that could not be computed) is flagged
// missing, so CSV shows an empty cell and the store a masked value.
Column result_floats(std::string name, std::vector<double> values);

// Writes every table, text, note and the provenance into `store` (not committed).
void write_run_results(const RunResults& results, ResultsStore& store);
// The same structure read back from a committed store.
RunResults read_run_results(const std::filesystem::path& store_path);
// Writes each table as CSV under `dir`, named by its path ("/kpi/summary" -> kpi_summary.csv);
// returns the files written. Each file is written atomically.
std::vector<std::filesystem::path> write_run_tables_csv(const RunResults& results,
                                                        const std::filesystem::path& dir);

}  // namespace harmcast
