#pragma once
// StoreReader: reads a results store written by ResultsStore (see results_store.hpp for the
// layout), and describe_store() prints its contents for `harmcast inspect FILE.h5`.
//
// Round trips are exact: tables come back with the same column order, types, values, missing
// masks, categorical levels (in order) and period frequencies. A path that is absent or of the
// wrong kind is a harmcast::Error naming the file and the object.
#include <Eigen/Core>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/store/results_store.hpp"
#include "engine/table/table.hpp"

namespace harmcast {

enum class StoreObjectKind { Missing, Group, Table, Array, Text, Strings, OtherDataset };
std::string to_string(StoreObjectKind kind);  // "missing", "group", "table", "array", ...

struct ArrayData {
  std::vector<double> values;     // row-major
  std::vector<std::size_t> dims;  // shape
};

class StoreReader {
 public:
  // Opens `path` read-only. Throws harmcast::Error if it does not exist or is not an HDF5 file.
  explicit StoreReader(std::filesystem::path path);
  ~StoreReader();
  StoreReader(const StoreReader&) = delete;
  StoreReader& operator=(const StoreReader&) = delete;

  const std::filesystem::path& path() const;
  bool exists(const std::string& object_path) const;
  StoreObjectKind kind(const std::string& object_path) const;
  // Names of the members of a group, in name order (table internals included).
  std::vector<std::string> children(const std::string& group_path) const;

  // Shape of a dataset ({} for a scalar such as a text) and its element type: "float64",
  // "float32", "int64", "int32", "int8", "uint8", ... or "string". Reads no data.
  std::vector<std::size_t> shape(const std::string& object_path) const;
  std::string element_type(const std::string& object_path) const;

  Table read_table(const std::string& object_path) const;
  ArrayData read_array(const std::string& object_path) const;  // any numeric dataset as doubles
  Eigen::MatrixXd read_matrix(const std::string& object_path) const;  // 2-D (1-D: one column)
  std::vector<std::int64_t> read_int_array(const std::string& object_path) const;  // flattened
  std::string read_text(const std::string& object_path) const;
  std::vector<std::string> read_strings(const std::string& object_path) const;

  std::map<std::string, AttributeValue> attributes(const std::string& object_path) const;
  // One attribute, or nullopt when absent.
  std::optional<AttributeValue> attribute(const std::string& object_path,
                                          const std::string& name) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The listing printed by `harmcast inspect FILE.h5`: the provenance summary (version, commit,
// seed, start/end time, host, command, config, inputs with hashes), then a tree of groups with
// each table's rows x columns and column names:types, each array's shape, each text's length,
// and group attributes. Throws harmcast::Error as StoreReader does.
std::string describe_store(const std::filesystem::path& path);

// The text of an attribute value for listings: lists joined with ", ".
std::string attribute_text(const AttributeValue& value);

}  // namespace harmcast
