// Table: column bookkeeping, lookup with "did you mean", select, filter and take.
#include "engine/table/table.hpp"

#include <unordered_set>

#include "engine/core/error.hpp"
#include "engine/table/name_suggestion.hpp"

namespace harmcast {

std::size_t Table::rows() const { return columns_.empty() ? 0 : columns_.front().size(); }

void Table::add_column(Column column) {
  if (column.name().empty()) {
    throw Error("table", "a column needs a name", "Give every column a non-empty name.");
  }
  if (has_column(column.name())) {
    throw Error("column '" + column.name() + "'", "the table already has a column of that name",
                "Rename one of them, or use replace_column.");
  }
  if (!columns_.empty() && column.size() != rows()) {
    throw Error("column '" + column.name() + "'", "has " + std::to_string(column.size()) +
                                                      " rows but the table has " +
                                                      std::to_string(rows()));
  }
  columns_.push_back(std::move(column));
}

void Table::replace_column(Column column) {
  for (auto& existing : columns_) {
    if (existing.name() == column.name()) {
      if (columns_.size() > 1 && column.size() != rows()) {
        throw Error("column '" + column.name() + "'", "has " + std::to_string(column.size()) +
                                                          " rows but the table has " +
                                                          std::to_string(rows()));
      }
      existing = std::move(column);
      return;
    }
  }
  (void)this->column(column.name());  // throws the "did you mean" error
}

bool Table::has_column(std::string_view name) const {
  for (const auto& column : columns_) {
    if (column.name() == name) return true;
  }
  return false;
}

const Column& Table::column(std::string_view name) const {
  for (const auto& column : columns_) {
    if (column.name() == name) return column;
  }
  throw Error("column '" + std::string(name) + "'", "the table has no column of that name",
              did_you_mean_hint(name, column_names()));
}

std::vector<std::string> Table::column_names() const {
  std::vector<std::string> names;
  names.reserve(columns_.size());
  for (const auto& column : columns_) names.push_back(column.name());
  return names;
}

Table Table::select(const std::vector<std::string>& names) const {
  Table out;
  std::unordered_set<std::string> seen;
  for (const auto& name : names) {
    if (!seen.insert(name).second) {
      throw Error("column '" + name + "'", "is selected twice", "Select each column once.");
    }
    out.columns_.push_back(column(name));
  }
  return out;
}

Table Table::filter(std::span<const std::uint8_t> keep) const {
  if (keep.size() != rows()) {
    throw Error("table filter",
                "got " + std::to_string(keep.size()) + " keep flags for " + std::to_string(rows()) +
                    " rows",
                "Give one flag per row.");
  }
  std::vector<std::size_t> kept;
  for (std::size_t i = 0; i < keep.size(); ++i) {
    if (keep[i]) kept.push_back(i);
  }
  return take(kept);
}

Table Table::take(std::span<const std::size_t> rows) const {
  Table out;
  out.columns_.reserve(columns_.size());
  for (const auto& column : columns_) out.columns_.push_back(column.take(rows));
  return out;
}

}  // namespace harmcast
