// Column: construction with checked invariants, typed access and row selection.
#include <charconv>
#include <cmath>
#include <limits>
#include <unordered_map>

#include "engine/core/error.hpp"
#include "engine/table/table.hpp"

namespace harmcast {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::string column_where(const std::string& name) { return "column '" + name + "'"; }

// A missing mask is either empty (nothing missing) or one flag per value; all-zero masks are
// dropped so has_missing() is a cheap emptiness test.
std::vector<std::uint8_t> checked_mask(const std::string& name, std::vector<std::uint8_t> missing,
                                       std::size_t size) {
  if (missing.empty()) return missing;
  if (missing.size() != size) {
    throw Error(column_where(name),
                "the missing-value mask has " + std::to_string(missing.size()) +
                    " flags but the column has " + std::to_string(size) + " values",
                "Give one flag per row, or none.");
  }
  bool any = false;
  for (auto& flag : missing) {
    flag = flag != 0 ? 1 : 0;
    any = any || flag != 0;
  }
  if (!any) missing.clear();
  return missing;
}

[[noreturn]] void wrong_type(const std::string& name, ColumnType actual, const char* wanted) {
  throw Error(
      column_where(name),
      "is a " + to_string(actual) + " column, but " + std::string(wanted) + " was asked for",
      "Check the column's type (see the CSV reader's type inference or declare it).");
}

}  // namespace

std::string to_string(ColumnType type) {
  switch (type) {
    case ColumnType::Float:
      return "float";
    case ColumnType::Integer:
      return "integer";
    case ColumnType::Boolean:
      return "boolean";
    case ColumnType::Categorical:
      return "categorical";
    case ColumnType::Period:
      return "period";
  }
  throw InternalError("unknown ColumnType");
}

std::string format_double(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "Inf" : "-Inf";
  char buffer[64];
  auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, result.ptr);
}

Column Column::floats(std::string name, std::vector<double> values,
                      std::vector<std::uint8_t> missing) {
  Column column;
  column.missing_ = checked_mask(name, std::move(missing), values.size());
  for (std::size_t i = 0; i < column.missing_.size(); ++i) {
    if (column.missing_[i]) values[i] = kNaN;
  }
  column.name_ = std::move(name);
  column.type_ = ColumnType::Float;
  column.reals_ = std::move(values);
  return column;
}

Column Column::integers(std::string name, std::vector<std::int64_t> values,
                        std::vector<std::uint8_t> missing) {
  Column column;
  column.missing_ = checked_mask(name, std::move(missing), values.size());
  for (std::size_t i = 0; i < column.missing_.size(); ++i) {
    if (column.missing_[i]) values[i] = 0;
  }
  column.name_ = std::move(name);
  column.type_ = ColumnType::Integer;
  column.ints_ = std::move(values);
  return column;
}

Column Column::booleans(std::string name, std::vector<std::int64_t> values01,
                        std::vector<std::uint8_t> missing) {
  Column column = integers(std::move(name), std::move(values01), std::move(missing));
  for (std::size_t i = 0; i < column.ints_.size(); ++i) {
    if (column.ints_[i] != 0 && column.ints_[i] != 1) {
      throw Error(column_where(column.name_), "a boolean column holds 0 or 1, found " +
                                                  std::to_string(column.ints_[i]) + " in row " +
                                                  std::to_string(i + 1));
    }
  }
  column.type_ = ColumnType::Boolean;
  return column;
}

Column Column::categorical(std::string name, std::vector<std::int32_t> codes,
                           std::vector<std::string> levels, std::vector<std::uint8_t> missing) {
  Column column;
  column.missing_ = checked_mask(name, std::move(missing), codes.size());
  const auto level_count = static_cast<std::int64_t>(levels.size());
  for (std::size_t i = 0; i < codes.size(); ++i) {
    if (column.is_missing(i)) {
      codes[i] = 0;
    } else if (codes[i] < 0 || codes[i] >= level_count) {
      throw Error(column_where(name), "code " + std::to_string(codes[i]) + " in row " +
                                          std::to_string(i + 1) + " is not a level index (0.." +
                                          std::to_string(level_count - 1) + ")");
    }
  }
  column.name_ = std::move(name);
  column.type_ = ColumnType::Categorical;
  column.codes_ = std::move(codes);
  column.levels_ = std::move(levels);
  return column;
}

Column Column::categorical_from_strings(std::string name, const std::vector<std::string>& values,
                                        std::vector<std::uint8_t> missing) {
  missing = checked_mask(name, std::move(missing), values.size());
  std::vector<std::int32_t> codes(values.size(), 0);
  std::vector<std::string> levels;
  std::unordered_map<std::string_view, std::int32_t> index;
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (!missing.empty() && missing[i]) continue;
    auto [it, inserted] = index.emplace(values[i], static_cast<std::int32_t>(levels.size()));
    if (inserted) levels.push_back(values[i]);
    codes[i] = it->second;
  }
  return categorical(std::move(name), std::move(codes), std::move(levels), std::move(missing));
}

Column Column::periods(std::string name, Frequency frequency, std::vector<std::int64_t> ordinals,
                       std::vector<std::uint8_t> missing) {
  Column column = integers(std::move(name), std::move(ordinals), std::move(missing));
  column.type_ = ColumnType::Period;
  column.frequency_ = frequency;
  return column;
}

std::size_t Column::size() const {
  switch (type_) {
    case ColumnType::Float:
      return reals_.size();
    case ColumnType::Categorical:
      return codes_.size();
    default:
      return ints_.size();
  }
}

bool Column::is_numeric() const {
  return type_ == ColumnType::Float || type_ == ColumnType::Integer || type_ == ColumnType::Boolean;
}

bool Column::has_missing() const { return !missing_.empty(); }

std::size_t Column::count_missing() const {
  std::size_t count = 0;
  for (auto flag : missing_) count += flag;
  return count;
}

std::span<const double> Column::reals() const {
  if (type_ != ColumnType::Float) wrong_type(name_, type_, "float values");
  return reals_;
}

std::span<const std::int64_t> Column::ints() const {
  if (type_ != ColumnType::Integer && type_ != ColumnType::Boolean && type_ != ColumnType::Period) {
    wrong_type(name_, type_, "integer values");
  }
  return ints_;
}

std::span<const std::int32_t> Column::codes() const {
  if (type_ != ColumnType::Categorical) wrong_type(name_, type_, "categorical codes");
  return codes_;
}

const std::vector<std::string>& Column::levels() const {
  if (type_ != ColumnType::Categorical) wrong_type(name_, type_, "categorical levels");
  return levels_;
}

Frequency Column::frequency() const {
  if (type_ != ColumnType::Period) wrong_type(name_, type_, "a period frequency");
  return frequency_;
}

double Column::numeric(std::size_t row) const {
  if (!is_numeric()) wrong_type(name_, type_, "a numeric value");
  if (is_missing(row)) return kNaN;
  return type_ == ColumnType::Float ? reals_[row] : static_cast<double>(ints_[row]);
}

std::vector<double> Column::to_doubles() const {
  if (!is_numeric()) wrong_type(name_, type_, "numeric values");
  std::vector<double> out(size());
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = numeric(i);
  return out;
}

std::string Column::text(std::size_t row) const {
  if (is_missing(row)) return {};
  switch (type_) {
    case ColumnType::Float:
      return format_double(reals_[row]);
    case ColumnType::Integer:
      return std::to_string(ints_[row]);
    case ColumnType::Boolean:
      return ints_[row] != 0 ? "TRUE" : "FALSE";
    case ColumnType::Categorical:
      return levels_[static_cast<std::size_t>(codes_[row])];
    case ColumnType::Period:
      return Period(frequency_, ints_[row]).to_string();
  }
  throw InternalError("unknown ColumnType");
}

Period Column::period(std::size_t row) const {
  if (type_ != ColumnType::Period) wrong_type(name_, type_, "a period");
  if (is_missing(row)) {
    throw Error(column_where(name_), "row " + std::to_string(row + 1) + " is missing",
                "Check is_missing() before reading a period.");
  }
  return Period(frequency_, ints_[row]);
}

Column Column::take(std::span<const std::size_t> rows) const {
  const std::size_t n = size();
  for (std::size_t r : rows) {
    if (r >= n) {
      throw Error(column_where(name_), "row index " + std::to_string(r) +
                                           " is out of range (the column has " + std::to_string(n) +
                                           " rows)");
    }
  }
  return take_with_missing(rows);
}

Column Column::take_with_missing(std::span<const std::size_t> rows) const {
  const std::size_t n = size();
  Column out;
  out.name_ = name_;
  out.type_ = type_;
  out.frequency_ = frequency_;
  out.levels_ = levels_;
  std::vector<std::uint8_t> missing(rows.size(), 0);
  bool any_missing = false;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (rows[i] >= n || is_missing(rows[i])) {
      missing[i] = 1;
      any_missing = true;
    }
  }
  auto pick = [&](const auto& source, auto& target, auto filler) {
    target.resize(rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) {
      target[i] = missing[i] ? filler : source[rows[i]];
    }
  };
  switch (type_) {
    case ColumnType::Float:
      pick(reals_, out.reals_, kNaN);
      break;
    case ColumnType::Categorical:
      pick(codes_, out.codes_, std::int32_t{0});
      break;
    default:
      pick(ints_, out.ints_, std::int64_t{0});
      break;
  }
  if (any_missing) out.missing_ = std::move(missing);
  return out;
}

}  // namespace harmcast
