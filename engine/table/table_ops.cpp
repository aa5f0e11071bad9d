// Table::group_sum and Table::join: both key rows by RowKeyEncoder and one hash map.
#include <unordered_map>
#include <unordered_set>

#include "engine/core/error.hpp"
#include "engine/table/row_keys.hpp"
#include "engine/table/table.hpp"

namespace harmcast {
namespace {

std::vector<const Column*> lookup_all(const Table& table, const std::vector<std::string>& names) {
  std::vector<const Column*> columns;
  std::unordered_set<std::string> seen;
  for (const auto& name : names) {
    if (!seen.insert(name).second) {
      throw Error("column '" + name + "'", "is named twice in the key list",
                  "Name each key column once.");
    }
    columns.push_back(&table.column(name));
  }
  return columns;
}

struct ValueSum {
  bool integral = false;  // integer/boolean input: sum stays an integer (as R's sum)
  std::vector<double> real_sums;
  std::vector<std::int64_t> int_sums;
  std::vector<std::uint8_t> missing;
};

}  // namespace

Table Table::group_sum(const std::vector<std::string>& keys, const std::vector<std::string>& values,
                       const std::string& count_column) const {
  const auto key_columns = lookup_all(*this, keys);
  const auto value_columns = lookup_all(*this, values);
  for (const Column* column : value_columns) {
    if (!column->is_numeric()) {
      throw Error("column '" + column->name() + "'",
                  "cannot be summed: it is " + to_string(column->type()),
                  "Sum only float, integer or boolean columns.");
    }
    for (const auto& key : keys) {
      if (key == column->name()) {
        throw Error("column '" + key + "'", "is both a key and a value in group_sum");
      }
    }
  }
  if (!count_column.empty()) {
    for (const auto& name : keys) {
      if (name == count_column) {
        throw Error("column '" + count_column + "'", "the count column clashes with a key");
      }
    }
    for (const auto& name : values) {
      if (name == count_column) {
        throw Error("column '" + count_column + "'", "the count column clashes with a value");
      }
    }
  }

  const detail::RowKeyEncoder encoder(key_columns, detail::CategoricalKeys::ByCode);
  std::unordered_map<std::string, std::size_t> group_of_key;
  std::vector<std::size_t> group_of_row(rows());
  std::vector<std::size_t> first_rows;
  std::string key;
  for (std::size_t row = 0; row < rows(); ++row) {
    encoder.encode(row, key);
    auto [it, inserted] = group_of_key.emplace(key, first_rows.size());
    if (inserted) first_rows.push_back(row);
    group_of_row[row] = it->second;
  }
  const std::size_t groups = first_rows.size();

  Table out;
  for (const Column* column : key_columns) out.columns_.push_back(column->take(first_rows));
  for (const Column* column : value_columns) {
    ValueSum sum;
    sum.integral = column->type() != ColumnType::Float;
    sum.missing.assign(groups, 0);
    if (sum.integral) {
      sum.int_sums.assign(groups, 0);
      const auto ints = column->ints();
      for (std::size_t row = 0; row < rows(); ++row) {
        if (column->is_missing(row)) {
          sum.missing[group_of_row[row]] = 1;
        } else {
          sum.int_sums[group_of_row[row]] += ints[row];
        }
      }
      out.columns_.push_back(
          Column::integers(column->name(), std::move(sum.int_sums), std::move(sum.missing)));
    } else {
      sum.real_sums.assign(groups, 0.0);
      const auto reals = column->reals();
      for (std::size_t row = 0; row < rows(); ++row) {
        if (column->is_missing(row)) {
          sum.missing[group_of_row[row]] = 1;
        } else {
          sum.real_sums[group_of_row[row]] += reals[row];
        }
      }
      out.columns_.push_back(
          Column::floats(column->name(), std::move(sum.real_sums), std::move(sum.missing)));
    }
  }
  if (!count_column.empty()) {
    std::vector<std::int64_t> counts(groups, 0);
    for (std::size_t row = 0; row < rows(); ++row) ++counts[group_of_row[row]];
    out.columns_.push_back(Column::integers(count_column, std::move(counts)));
  }
  return out;
}

Table Table::join(const Table& right, const std::vector<std::string>& keys, JoinKind kind) const {
  if (keys.empty()) {
    throw Error("join", "no key columns given", "Name at least one column to join on.");
  }
  const auto left_keys = lookup_all(*this, keys);
  const auto right_keys = lookup_all(right, keys);
  for (std::size_t k = 0; k < keys.size(); ++k) {
    const Column& l = *left_keys[k];
    const Column& r = *right_keys[k];
    if (l.type() != r.type()) {
      throw Error(
          "join key '" + keys[k] + "'",
          "is " + to_string(l.type()) + " on the left but " + to_string(r.type()) + " on the right",
          "Convert one side so both key columns have the same type.");
    }
    if (l.type() == ColumnType::Period && l.frequency() != r.frequency()) {
      throw Error("join key '" + keys[k] + "'", "has " + to_string(l.frequency()) +
                                                    " periods on the left but " +
                                                    to_string(r.frequency()) + " on the right");
    }
  }

  const detail::RowKeyEncoder right_encoder(right_keys, detail::CategoricalKeys::ByLabel);
  std::unordered_map<std::string, std::size_t> right_row_of_key;
  std::string key;
  for (std::size_t row = 0; row < right.rows(); ++row) {
    right_encoder.encode(row, key);
    auto [it, inserted] = right_row_of_key.emplace(key, row);
    if (!inserted) {
      throw Error("join",
                  "the key (" + right_encoder.describe(row) + ") appears twice in the " +
                      "right table (rows " + std::to_string(it->second + 1) + " and " +
                      std::to_string(row + 1) + ")",
                  "Make the right table's keys unique, e.g. with group_sum, before joining.");
    }
  }

  const detail::RowKeyEncoder left_encoder(left_keys, detail::CategoricalKeys::ByLabel);
  std::vector<std::size_t> left_rows, right_rows;
  for (std::size_t row = 0; row < rows(); ++row) {
    left_encoder.encode(row, key);
    auto it = right_row_of_key.find(key);
    if (it != right_row_of_key.end()) {
      left_rows.push_back(row);
      right_rows.push_back(it->second);
    } else if (kind == JoinKind::Left) {
      left_rows.push_back(row);
      right_rows.push_back(Column::npos);
    }
  }

  Table out;
  for (const auto& column : columns_) out.columns_.push_back(column.take(left_rows));
  const std::unordered_set<std::string> key_set(keys.begin(), keys.end());
  for (const auto& column : right.columns_) {
    if (key_set.count(column.name())) continue;
    Column taken = column.take_with_missing(right_rows);
    std::string name = column.name();
    while (out.has_column(name)) name += "_right";
    taken.rename(name);
    out.columns_.push_back(std::move(taken));
  }
  return out;
}

}  // namespace harmcast
