// Table::to_long and Table::to_wide (as tidyr's pivot_longer / pivot_wider).
#include <unordered_map>
#include <unordered_set>

#include "engine/core/error.hpp"
#include "engine/table/row_keys.hpp"
#include "engine/table/table.hpp"

namespace harmcast {
namespace {

// The one column type that can hold every value column being stacked.
ColumnType stacked_type(const std::vector<const Column*>& columns) {
  const ColumnType first = columns.front()->type();
  bool all_numeric = true, all_boolean = true, all_integral = true, all_same = true;
  for (const Column* column : columns) {
    all_numeric = all_numeric && column->is_numeric();
    all_boolean = all_boolean && column->type() == ColumnType::Boolean;
    all_integral = all_integral && column->type() != ColumnType::Float;
    all_same = all_same && column->type() == first;
    if (first == ColumnType::Period && column->type() == ColumnType::Period &&
        column->frequency() != columns.front()->frequency()) {
      throw Error("to_long", "value columns '" + columns.front()->name() + "' and '" +
                                 column->name() + "' hold periods of different frequencies");
    }
  }
  if (all_numeric) {
    if (all_boolean) return ColumnType::Boolean;
    return all_integral ? ColumnType::Integer : ColumnType::Float;
  }
  if (all_same) return first;
  throw Error("to_long",
              "the value columns mix types that cannot share one column (" + to_string(first) +
                  " and others)",
              "Stack only numeric columns, only categorical columns or only period columns.");
}

std::vector<const Column*> lookup(const Table& table, const std::vector<std::string>& names) {
  std::vector<const Column*> columns;
  for (const auto& name : names) columns.push_back(&table.column(name));
  return columns;
}

void check_distinct(const std::vector<std::string>& names, const std::string& operation) {
  std::unordered_set<std::string> seen;
  for (const auto& name : names) {
    if (!seen.insert(name).second) {
      throw Error(operation, "column '" + name + "' is named twice",
                  "Each column may appear once among ids, values and new names.");
    }
  }
}

}  // namespace

Table Table::to_long(const std::vector<std::string>& id_columns,
                     const std::vector<std::string>& value_columns, const std::string& name_column,
                     const std::string& value_column) const {
  if (value_columns.empty()) {
    throw Error("to_long", "no value columns given", "Name the columns to stack.");
  }
  std::vector<std::string> all = id_columns;
  all.insert(all.end(), value_columns.begin(), value_columns.end());
  check_distinct(all, "to_long");
  std::vector<std::string> outputs = id_columns;
  outputs.push_back(name_column);
  outputs.push_back(value_column);
  check_distinct(outputs, "to_long");

  const auto ids = lookup(*this, id_columns);
  const auto values = lookup(*this, value_columns);
  const ColumnType type = stacked_type(values);
  const std::size_t n = rows(), m = values.size(), total = n * m;

  std::vector<std::size_t> id_rows(total);
  std::vector<std::int32_t> name_codes(total);
  std::vector<std::uint8_t> missing(total, 0);
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < m; ++j) {
      id_rows[i * m + j] = i;
      name_codes[i * m + j] = static_cast<std::int32_t>(j);
      missing[i * m + j] = values[j]->is_missing(i) ? 1 : 0;
    }
  }

  Table out;
  for (const Column* id : ids) out.columns_.push_back(id->take(id_rows));
  out.columns_.push_back(Column::categorical(name_column, std::move(name_codes), value_columns));

  if (type == ColumnType::Float) {
    std::vector<double> stacked(total);
    for (std::size_t k = 0; k < total; ++k) stacked[k] = values[k % m]->numeric(k / m);
    out.columns_.push_back(Column::floats(value_column, std::move(stacked), std::move(missing)));
  } else if (type == ColumnType::Categorical) {
    // Levels merged by label, first-seen across the value columns in order.
    std::vector<std::string> levels;
    std::unordered_map<std::string, std::int32_t> level_index;
    std::vector<std::vector<std::int32_t>> recode(m);
    for (std::size_t j = 0; j < m; ++j) {
      for (const auto& level : values[j]->levels()) {
        auto [it, inserted] = level_index.emplace(level, static_cast<std::int32_t>(levels.size()));
        if (inserted) levels.push_back(level);
        recode[j].push_back(it->second);
      }
    }
    std::vector<std::int32_t> codes(total, 0);
    for (std::size_t k = 0; k < total; ++k) {
      if (!missing[k]) codes[k] = recode[k % m][values[k % m]->codes()[k / m]];
    }
    out.columns_.push_back(
        Column::categorical(value_column, std::move(codes), std::move(levels), std::move(missing)));
  } else {
    std::vector<std::int64_t> stacked(total);
    for (std::size_t k = 0; k < total; ++k) stacked[k] = values[k % m]->ints()[k / m];
    if (type == ColumnType::Integer) {
      out.columns_.push_back(
          Column::integers(value_column, std::move(stacked), std::move(missing)));
    } else if (type == ColumnType::Boolean) {
      out.columns_.push_back(
          Column::booleans(value_column, std::move(stacked), std::move(missing)));
    } else {
      out.columns_.push_back(Column::periods(value_column, values.front()->frequency(),
                                             std::move(stacked), std::move(missing)));
    }
  }
  return out;
}

Table Table::to_wide(const std::vector<std::string>& id_columns, const std::string& name_column,
                     const std::string& value_column) const {
  std::vector<std::string> all = id_columns;
  all.push_back(name_column);
  all.push_back(value_column);
  check_distinct(all, "to_wide");
  const auto ids = lookup(*this, id_columns);
  const Column& names = column(name_column);
  const Column& values = column(value_column);

  // New column labels, first-seen.
  std::vector<std::string> labels;
  std::unordered_map<std::string, std::size_t> label_index;
  std::vector<std::size_t> label_of_row(rows());
  for (std::size_t row = 0; row < rows(); ++row) {
    if (names.is_missing(row)) {
      throw Error("to_wide",
                  "column '" + name_column + "' is missing in row " + std::to_string(row + 1) +
                      ", so that value has no column to go to",
                  "Drop or fill rows with a missing name first.");
    }
    auto [it, inserted] = label_index.emplace(names.text(row), labels.size());
    if (inserted) {
      for (const auto& id : id_columns) {
        if (id == it->first) {
          throw Error("to_wide", "the label '" + id + "' in column '" + name_column +
                                     "' would clash with the id column of that name");
        }
      }
      labels.push_back(it->first);
    }
    label_of_row[row] = it->second;
  }

  const detail::RowKeyEncoder encoder(ids, detail::CategoricalKeys::ByCode);
  std::unordered_map<std::string, std::size_t> group_of_key;
  std::vector<std::size_t> first_rows;
  std::vector<std::vector<std::size_t>> cells(labels.size());  // [label][group] -> source row
  std::string key;
  for (std::size_t row = 0; row < rows(); ++row) {
    encoder.encode(row, key);
    auto [it, inserted] = group_of_key.emplace(key, first_rows.size());
    if (inserted) {
      first_rows.push_back(row);
      for (auto& cell : cells) cell.push_back(Column::npos);
    }
    std::size_t& cell = cells[label_of_row[row]][it->second];
    if (cell != Column::npos) {
      const std::string id_text = id_columns.empty() ? "" : encoder.describe(row) + ", ";
      throw Error("to_wide",
                  "the pair (" + id_text + name_column + "=" + labels[label_of_row[row]] +
                      ") appears twice (rows " + std::to_string(cell + 1) + " and " +
                      std::to_string(row + 1) + ")",
                  "Each id and name pair must be unique; sum duplicates with group_sum first.");
    }
    cell = row;
  }

  Table out;
  for (const Column* id : ids) out.columns_.push_back(id->take(first_rows));
  for (std::size_t j = 0; j < labels.size(); ++j) {
    Column wide = values.take_with_missing(cells[j]);
    wide.rename(labels[j]);
    out.columns_.push_back(std::move(wide));
  }
  return out;
}

}  // namespace harmcast
