#include "engine/results/run_results.hpp"

#include <algorithm>
#include <cmath>

#include "engine/io/csv_writer.hpp"
#include "engine/store/results_store.hpp"
#include "engine/store/store_reader.hpp"

namespace harmcast {
namespace {

// Where the store keeps its own index of what the run wrote, so it can be read back in order.
constexpr const char* kTableIndex = "/run/table_paths";
constexpr const char* kTextIndex = "/run/text_paths";
constexpr const char* kNotes = "/run/notes";

template <typename Pairs>
auto find_by_path(Pairs& pairs, const std::string& path) {
  return std::find_if(pairs.begin(), pairs.end(), [&](const auto& p) { return p.first == path; });
}

Table notes_table(const std::vector<RunNote>& notes) {
  std::vector<std::string> stage, subject, message;
  for (const auto& n : notes) {
    stage.push_back(n.stage);
    subject.push_back(n.subject);
    message.push_back(n.message);
  }
  Table t;
  t.add_column(Column::categorical_from_strings("stage", stage));
  t.add_column(Column::categorical_from_strings("subject", subject));
  t.add_column(Column::categorical_from_strings("message", message));
  return t;
}

}  // namespace

Column result_floats(std::string name, std::vector<double> values) {
  std::vector<std::uint8_t> missing(values.size());
  for (std::size_t i = 0; i < values.size(); ++i) missing[i] = std::isnan(values[i]);
  return Column::floats(std::move(name), std::move(values), std::move(missing));
}

void RunResults::add_table(const std::string& path, Table table) {
  auto it = find_by_path(tables_, path);
  if (it != tables_.end()) {
    it->second = std::move(table);
  } else {
    tables_.emplace_back(path, std::move(table));
  }
}

const Table* RunResults::find_table(const std::string& path) const {
  auto it = find_by_path(tables_, path);
  return it == tables_.end() ? nullptr : &it->second;
}

void RunResults::add_text(const std::string& path, std::string text) {
  auto it = find_by_path(texts_, path);
  if (it != texts_.end()) {
    it->second = std::move(text);
  } else {
    texts_.emplace_back(path, std::move(text));
  }
}

const std::string* RunResults::find_text(const std::string& path) const {
  auto it = find_by_path(texts_, path);
  return it == texts_.end() ? nullptr : &it->second;
}

void write_run_results(const RunResults& results, ResultsStore& store) {
  std::vector<std::string> table_paths, text_paths;
  for (const auto& [path, table] : results.tables()) {
    store.write_table(path, table);
    table_paths.push_back(path);
  }
  for (const auto& [path, text] : results.texts()) {
    store.write_text(path, text);
    text_paths.push_back(path);
  }
  store.write_strings(kTableIndex, table_paths);
  store.write_strings(kTextIndex, text_paths);
  store.write_table(kNotes, notes_table(results.notes()));
  write_provenance(store, results.provenance);
}

RunResults read_run_results(const std::filesystem::path& store_path) {
  StoreReader reader(store_path);
  RunResults results;
  for (const auto& path : reader.read_strings(kTableIndex)) {
    results.add_table(path, reader.read_table(path));
  }
  for (const auto& path : reader.read_strings(kTextIndex)) {
    results.add_text(path, reader.read_text(path));
  }
  const Table notes = reader.read_table(kNotes);
  for (std::size_t r = 0; r < notes.rows(); ++r) {
    results.add_note({notes.column("stage").text(r), notes.column("subject").text(r),
                      notes.column("message").text(r)});
  }
  results.provenance = read_provenance(reader);
  return results;
}

std::vector<std::filesystem::path> write_run_tables_csv(const RunResults& results,
                                                        const std::filesystem::path& dir) {
  std::vector<std::filesystem::path> written;
  for (const auto& [path, table] : results.tables()) {
    std::string name = path.substr(path.find_first_not_of('/'));
    std::replace(name.begin(), name.end(), '/', '_');
    const auto file = dir / (name + ".csv");
    write_csv(table, file);
    written.push_back(file);
  }
  return written;
}

}  // namespace harmcast
