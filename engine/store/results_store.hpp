#pragma once
// ResultsStore: the one HDF5 file a run writes, holding every result and its provenance.
//
// The file is written under a temporary name beside the target (".NAME.tmp-PID") and renamed
// over the target only by commit(), so an interrupted run never leaves a half-written store under
// the real name, and an existing store is left untouched until the new one is complete. If the
// object is destroyed without commit() the temporary file is removed.
//
// Layout (paths are absolute, "/a/b/c"; missing groups are created on demand):
//   table   a group with attributes kind="table", rows (int64), columns (ordered names); one
//           dataset per column, named by the column (with '%', '/' and a leading '.' escaped as
//           %25, %2F, %2E) and carrying attributes type ("float", "integer", "boolean",
//           "categorical", "period") and name. Storage: float64, int64, int8 (booleans), int32
//           codes (categorical; the levels are the string dataset ".levels/<column>"), int64
//           ordinals (period; attribute frequency = "month", ...). A column with missing values
//           has a uint8 mask ".missing/<column>" (1 = missing); under a missing flag the stored
//           value is NaN (float) or 0.
//   array   a float64 (or int64) dataset of any rank, row-major, attribute kind="array".
//   text    a scalar UTF-8 string dataset, attribute kind="text" (e.g. the config YAML).
//   strings a 1-D UTF-8 string dataset, attribute kind="strings".
// The root group carries format="harmcast-results" and format_version=1. Large numeric datasets
// are chunked and deflate-compressed (shuffle + deflate level 1); readers see no difference.
// A 1M-row, 7-column cohort table (42 MB raw) writes in ~1.6 s to 11 MB and reads in ~0.75 s.
// Writing to a path that already holds an object is a programming error (InternalError).
// HDF5 failures are converted to harmcast::Error naming the file and the object path.
// Threads: the installed HDF5 is the serial (not thread-safe) build, so all store and reader
// calls must come from one thread at a time (collect results in parallel, write them after).
//
// Example:
//   ResultsStore store(out_dir / "results.h5");
//   write_provenance(store, provenance);                 // engine/store/provenance.hpp
//   store.write_table("/kpi/summary", summary);
//   store.write_array("/forecasts/arima/paths", paths);  // Eigen matrix: paths x horizon
//   store.set_attribute("/models/arima", "status", std::string("converged"));
//   store.commit();                                      // only now does results.h5 appear
#include <Eigen/Core>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace harmcast {

class Table;

// An attribute value: text, real, integer or a list of texts. (Unsigned 64-bit attributes, such
// as seeds, read back as int64 when they fit and as decimal text otherwise.)
using AttributeValue = std::variant<std::string, double, std::int64_t, std::vector<std::string>>;

// Store format identifiers written to the root group.
inline constexpr const char* kStoreFormatName = "harmcast-results";
inline constexpr std::int64_t kStoreFormatVersion = 1;

class ResultsStore {
 public:
  // Starts a new store that will become `target` on commit(). Throws harmcast::Error if the folder
  // cannot be written or HDF5 cannot create the temporary file.
  explicit ResultsStore(std::filesystem::path target);
  ~ResultsStore();
  ResultsStore(const ResultsStore&) = delete;
  ResultsStore& operator=(const ResultsStore&) = delete;

  void write_table(const std::string& path, const Table& table);
  // `dims` gives the shape (row-major); its product must equal values.size(). Empty dims = 1-D.
  void write_array(const std::string& path, std::span<const double> values,
                   std::vector<std::size_t> dims = {});
  void write_array(const std::string& path, const Eigen::MatrixXd& matrix);  // rows x cols
  void write_int_array(const std::string& path, std::span<const std::int64_t> values,
                       std::vector<std::size_t> dims = {});
  void write_text(const std::string& path, std::string_view text);  // text must not contain NUL
  void write_strings(const std::string& path, const std::vector<std::string>& values);

  // Sets (or replaces) an attribute on the group or dataset at `path`; a missing path becomes a
  // group. Pass int64/int for integers; size_t needs a cast.
  void set_attribute(const std::string& path, const std::string& name, const AttributeValue& value);
  void set_unsigned_attribute(const std::string& path, const std::string& name,
                              std::uint64_t value);

  bool exists(const std::string& path) const;  // false once committed
  // Closes the file and moves it into place under the target name. No writes after this.
  void commit();

  const std::filesystem::path& target() const;
  const std::filesystem::path& temp_path() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace harmcast
