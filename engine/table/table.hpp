#pragma once
// Table: a columnar data table with an explicit missing-value mask per column.
//
// Column types: Float (double), Integer (int64), Boolean (stored 0/1 in int64), Categorical
// (int32 codes into a level list; levels in first-seen order unless sorted on purpose), Period
// (int64 ordinals of one Frequency, see engine/time/period.hpp). A missing value is flagged in the
// mask; the stored value under a missing flag is 0 (NaN for floats) and must not be read as data.
//
// Operations are the few that models need: select, filter, group-and-sum, join on keys and
// long/wide reshape. Every column lookup by name that fails throws harmcast::Error naming the
// column, listing the table's columns and suggesting the closest name.
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/time/period.hpp"

namespace harmcast {

enum class ColumnType { Float, Integer, Boolean, Categorical, Period };
std::string to_string(ColumnType type);  // "float", "integer", "boolean", "categorical", "period"

// A double as text: the shortest form that reads back to the same double (std::to_chars), with
// R's spellings Inf, -Inf and NaN. Column::text and the CSV writer use it.
std::string format_double(double value);

class Column {
 public:
  Column() = default;

  // Constructors by type. `missing` may be empty (no missing values) or have one flag per row.
  static Column floats(std::string name, std::vector<double> values,
                       std::vector<std::uint8_t> missing = {});
  static Column integers(std::string name, std::vector<std::int64_t> values,
                         std::vector<std::uint8_t> missing = {});
  static Column booleans(std::string name, std::vector<std::int64_t> values01,
                         std::vector<std::uint8_t> missing = {});
  static Column categorical(std::string name, std::vector<std::int32_t> codes,
                            std::vector<std::string> levels,
                            std::vector<std::uint8_t> missing = {});
  // Builds codes from strings, levels in first-seen order.
  static Column categorical_from_strings(std::string name, const std::vector<std::string>& values,
                                         std::vector<std::uint8_t> missing = {});
  static Column periods(std::string name, Frequency frequency, std::vector<std::int64_t> ordinals,
                        std::vector<std::uint8_t> missing = {});

  const std::string& name() const { return name_; }
  void rename(std::string name) { name_ = std::move(name); }
  ColumnType type() const { return type_; }
  std::size_t size() const;
  bool is_numeric() const;  // Float, Integer or Boolean

  bool has_missing() const;
  std::size_t count_missing() const;
  bool is_missing(std::size_t row) const { return !missing_.empty() && missing_[row] != 0; }
  std::span<const std::uint8_t> missing_mask() const { return missing_; }  // may be empty

  // Typed access; each throws harmcast::Error if the column is of another type.
  std::span<const double> reals() const;           // Float
  std::span<const std::int64_t> ints() const;      // Integer, Boolean, Period ordinals
  std::span<const std::int32_t> codes() const;     // Categorical
  const std::vector<std::string>& levels() const;  // Categorical
  Frequency frequency() const;                     // Period

  // Value as a double for Float/Integer/Boolean; NaN where missing. Throws for other types.
  double numeric(std::size_t row) const;
  std::vector<double> to_doubles() const;  // the whole column via numeric()
  // Value as text as it would be written to CSV; "" where missing.
  std::string text(std::size_t row) const;
  Period period(std::size_t row) const;  // Period columns

  // A new column holding rows `rows` (in that order) of this one; categorical levels are kept.
  Column take(std::span<const std::size_t> rows) const;
  // As take(), but a row index of Column::npos (or any index >= size()) gives a missing value;
  // joins and reshapes use it for cells with no source row.
  static constexpr std::size_t npos = static_cast<std::size_t>(-1);
  Column take_with_missing(std::span<const std::size_t> rows) const;

 private:
  std::string name_;
  ColumnType type_ = ColumnType::Float;
  std::vector<double> reals_;
  std::vector<std::int64_t> ints_;
  std::vector<std::int32_t> codes_;
  std::vector<std::string> levels_;
  Frequency frequency_ = Frequency::Month;
  std::vector<std::uint8_t> missing_;
};

enum class JoinKind { Inner, Left };

class Table {
 public:
  Table() = default;

  std::size_t rows() const;
  std::size_t cols() const { return columns_.size(); }
  // Adds a column; throws if the name exists or the length differs from the table's rows.
  void add_column(Column column);
  void replace_column(Column column);  // by name; throws if absent
  bool has_column(std::string_view name) const;
  const Column& column(std::string_view name) const;  // throws Error with "did you mean"
  const Column& column(std::size_t index) const { return columns_.at(index); }
  std::vector<std::string> column_names() const;

  Table select(const std::vector<std::string>& names) const;
  Table filter(std::span<const std::uint8_t> keep) const;  // one flag per row
  Table take(std::span<const std::size_t> rows) const;
  // Sums `values` within groups of equal `keys`; groups in first-seen order. A sum over a group
  // with any missing value is missing (as R's sum without na.rm); `count` column optional.
  Table group_sum(const std::vector<std::string>& keys, const std::vector<std::string>& values,
                  const std::string& count_column = {}) const;
  // Joins on equal keys (same types; categorical compared by label). Right-side duplicate keys
  // are an error naming the key. Right-side non-key columns that clash get a "_right" suffix.
  Table join(const Table& right, const std::vector<std::string>& keys,
             JoinKind kind = JoinKind::Inner) const;
  // Wide -> long: each value column becomes rows (name_column = its name, value_column = value).
  Table to_long(const std::vector<std::string>& id_columns,
                const std::vector<std::string>& value_columns, const std::string& name_column,
                const std::string& value_column) const;
  // Long -> wide: one column per distinct label of name_column (first-seen order); duplicate
  // (id, name) pairs are an error naming the pair; absent cells are missing.
  Table to_wide(const std::vector<std::string>& id_columns, const std::string& name_column,
                const std::string& value_column) const;

 private:
  std::vector<Column> columns_;
};

}  // namespace harmcast
