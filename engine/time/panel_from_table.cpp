// Panel::from_table: reading a long table (one row per key and period) into dense series.
//
// Steps: resolve the columns; read each row's period (a Period column, or text parsed with
// Period::parse), checking one frequency throughout; group rows by key labels (first-seen
// order); place each row at its period within its series' span, rejecting duplicates; record
// every period without a row and every row without a value as a gap.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <span>
#include <unordered_map>

#include "engine/core/error.hpp"
#include "engine/time/panel.hpp"

namespace harmcast {
namespace {

constexpr double kMissing = std::numeric_limits<double>::quiet_NaN();

std::string row_where(const std::string& column, std::size_t row) {
  return fmt::format("column '{}', row {}", column, row + 1);
}

// The period of every row, all of one frequency.
struct RowPeriods {
  Frequency frequency = Frequency::Month;
  std::vector<std::int64_t> ordinals;
};

void require_present(const Column& column, std::size_t row, const char* what) {
  if (column.is_missing(row)) {
    throw Error(row_where(column.name(), row), fmt::format("the {} is missing", what),
                "Every row of a panel needs a period and key labels; drop or fill the row.");
  }
}

RowPeriods read_periods(const Column& column, std::size_t rows, std::optional<Frequency> expected) {
  RowPeriods out;
  out.ordinals.resize(rows);
  if (column.type() == ColumnType::Period) {
    const Frequency stored = column.frequency();
    const Frequency target = expected.value_or(stored);
    const bool maps_days = stored == Frequency::Day && target != Frequency::Day;
    if (stored != target && !maps_days) {
      throw Error(fmt::format("column '{}'", column.name()),
                  fmt::format("holds {} periods but the panel frequency is {}", to_string(stored),
                              to_string(target)),
                  "Set PanelOptions::frequency to the column's frequency, or convert the column.");
    }
    out.frequency = target;
    for (std::size_t row = 0; row < rows; ++row) {
      require_present(column, row, "period");
      const Period p = column.period(row);
      out.ordinals[row] = maps_days ? p.to(target).ordinal() : p.ordinal();
    }
    return out;
  }
  // Each text is parsed on its own (with the caller's expectation only), so a date among months
  // is reported as mixed frequencies rather than silently mapped.
  // A categorical column's labels are parsed once each, on first use (so an error names the first
  // row using a bad label, and unused levels are never parsed).
  const bool categorical = column.type() == ColumnType::Categorical;
  std::vector<std::optional<Period>> parsed_levels(categorical ? column.levels().size() : 0);
  const std::span<const std::int32_t> codes =
      categorical ? column.codes() : std::span<const std::int32_t>();
  std::optional<Period> first;
  std::size_t first_row = 0;
  for (std::size_t row = 0; row < rows; ++row) {
    require_present(column, row, "period");
    std::optional<Period>* cached =
        categorical ? &parsed_levels[static_cast<std::size_t>(codes[row])] : nullptr;
    const Period p = cached && *cached
                         ? **cached
                         : Period::parse(column.text(row), expected, row_where(column.name(), row));
    if (cached) *cached = p;
    if (!first) {
      first = p;
      first_row = row;
    }
    if (p.frequency() != first->frequency()) {
      throw Error(row_where(column.name(), row),
                  fmt::format("\"{}\" is a {} but row {} (\"{}\") is a {}: the time column mixes "
                              "frequencies",
                              column.text(row), to_string(p.frequency()), first_row + 1,
                              column.text(first_row), to_string(first->frequency())),
                  "Use one frequency throughout, or set PanelOptions::frequency to map dates to "
                  "the period containing them.");
    }
    out.ordinals[row] = p.ordinal();
  }
  // An empty table: the expected frequency, else any.
  out.frequency = first ? first->frequency() : expected.value_or(Frequency::Month);
  return out;
}

// Per key column, an id per row such that equal labels have equal ids: the categorical code, or
// the index of the row's text among the column's distinct texts. Missing labels are an error.
std::vector<std::vector<std::int32_t>> key_label_ids(const std::vector<const Column*>& keys,
                                                     std::size_t rows) {
  std::vector<std::vector<std::int32_t>> ids(keys.size(), std::vector<std::int32_t>(rows));
  for (std::size_t k = 0; k < keys.size(); ++k) {
    const Column& key = *keys[k];
    const bool categorical = key.type() == ColumnType::Categorical;
    const std::span<const std::int32_t> codes =
        categorical ? key.codes() : std::span<const std::int32_t>();
    std::unordered_map<std::string, std::int32_t> interned;
    for (std::size_t row = 0; row < rows; ++row) {
      require_present(key, row, "key label");
      if (categorical) {
        ids[k][row] = codes[row];
      } else {
        auto it = interned.emplace(key.text(row), static_cast<std::int32_t>(interned.size())).first;
        ids[k][row] = it->second;
      }
    }
  }
  return ids;
}

}  // namespace

Panel Panel::from_table(const Table& table, const std::vector<std::string>& key_columns,
                        const std::string& time_column, const std::string& value_column,
                        const PanelOptions& options) {
  options.validate();
  for (const std::string& key : key_columns) {
    if (key == time_column || key == value_column) {
      throw Error(
          "panel key columns",
          fmt::format("\"{}\" is also the {} column", key, key == time_column ? "time" : "value"),
          "Key columns identify series; the time and value columns must be others.");
    }
  }
  std::vector<const Column*> keys;
  for (const std::string& key : key_columns) keys.push_back(&table.column(key));
  const Column& time = table.column(time_column);
  const Column& value = table.column(value_column);
  if (!value.is_numeric()) {
    // Name the first cell that is not a number: that is what the user has to fix.
    std::string example;
    for (std::size_t r = 0; r < table.rows() && example.empty(); ++r) {
      if (value.is_missing(r)) continue;
      const std::string cell = value.text(r);
      char* end = nullptr;
      std::strtod(cell.c_str(), &end);
      if (cell.empty() || end != cell.c_str() + cell.size())
        example = fmt::format(": data row {} holds '{}'", r + 1, cell);
    }
    throw Error(fmt::format("column '{}'", value_column),
                fmt::format("the value column must be numeric, but it is {}{}",
                            to_string(value.type()), example),
                "Fix or remove the text cells (in a CSV with one header line, data row N is line "
                "N + 1).");
  }

  const std::size_t rows = table.rows();
  const RowPeriods periods = read_periods(time, rows, options.frequency);

  Panel panel;
  panel.key_names_ = key_columns;
  panel.frequency_ = periods.frequency;
  panel.time_name_ = time_column;
  panel.value_name_ = value_column;
  panel.id_separator_ = options.id_separator;

  // Group rows by key labels, in first-seen order. Rows are matched on small integer label ids
  // (categorical codes, or interned text for other column types), packed into a short string.
  const std::vector<std::vector<std::int32_t>> label_ids = key_label_ids(keys, rows);
  std::unordered_map<std::string, std::size_t> series_of_signature;
  std::vector<std::vector<std::size_t>> rows_of_series;
  std::string signature(keys.size() * sizeof(std::int32_t), '\0');
  for (std::size_t row = 0; row < rows; ++row) {
    for (std::size_t k = 0; k < keys.size(); ++k) {
      std::memcpy(&signature[k * sizeof(std::int32_t)], &label_ids[k][row], sizeof(std::int32_t));
    }
    auto [it, inserted] = series_of_signature.emplace(signature, panel.series_.size());
    if (inserted) {
      PanelSeries series;
      for (const Column* key : keys) series.key.push_back(key->text(row));
      series.id = series.key.empty() ? std::string("all") : series.key.front();
      for (std::size_t k = 1; k < series.key.size(); ++k) {
        series.id += options.id_separator + series.key[k];
      }
      panel.lookup_.emplace(panel.lookup_key(series.key), panel.series_.size());
      panel.series_.push_back(std::move(series));
      rows_of_series.emplace_back();
    }
    rows_of_series[it->second].push_back(row);
  }

  // Spans: each series' own, or the panel's.
  std::int64_t panel_first = std::numeric_limits<std::int64_t>::max();
  std::int64_t panel_last = std::numeric_limits<std::int64_t>::min();
  for (std::int64_t ordinal : periods.ordinals) {
    panel_first = std::min(panel_first, ordinal);
    panel_last = std::max(panel_last, ordinal);
  }

  for (std::size_t s = 0; s < panel.series_.size(); ++s) {
    PanelSeries& series = panel.series_[s];
    const std::vector<std::size_t>& members = rows_of_series[s];
    std::int64_t first = panel_first, last = panel_last;
    if (!options.common_span) {
      first = last = periods.ordinals[members.front()];
      for (std::size_t row : members) {
        first = std::min(first, periods.ordinals[row]);
        last = std::max(last, periods.ordinals[row]);
      }
    }
    series.start = Period(panel.frequency_, first);
    series.values.assign(static_cast<std::size_t>(last - first + 1), kMissing);
    constexpr std::size_t kNoRow = std::numeric_limits<std::size_t>::max();
    std::vector<std::size_t> source(series.values.size(), kNoRow);
    for (std::size_t row : members) {
      const auto t = static_cast<std::size_t>(periods.ordinals[row] - first);
      if (source[t] != kNoRow) {
        throw Error("panel",
                    fmt::format("two rows for {} at {} (data rows {} and {})", series.id,
                                series.period_at(t).to_string(), source[t] + 1, row + 1),
                    "Sum the duplicate rows first, or add the column that tells them apart to "
                    "the key columns.");
      }
      source[t] = row;
      series.values[t] = value.numeric(row);
    }
    for (std::size_t t = 0; t < source.size(); ++t) {
      if (source[t] == kNoRow) {
        panel.gaps_.push_back({s, series.period_at(t), GapKind::NoRow});
      } else if (std::isnan(series.values[t])) {
        panel.gaps_.push_back({s, series.period_at(t), GapKind::MissingValue});
      }
    }
  }
  return panel;
}

}  // namespace harmcast
