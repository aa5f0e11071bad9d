#pragma once
// Panel: many time series, each identified by the labels of one or more key columns (ward,
// crime type, ...), all on one regular Period index of a single frequency.
//
// Built from a long table with one row per (key, period):
//     ward  crime     month    count
//     W01   burglary  2017-01  12
//     W01   burglary  2017-02  9   ...
// Each series is a start Period plus a dense vector of values, one per consecutive period, with
// NaN marking a missing value. Missing values are never silently dropped or filled: a period
// inside a series' span with no row, or a row whose value is missing, becomes NaN and is listed
// in gaps(), so callers (models, reports) can decide and say what they did about it.
//
// Spans: by default a series runs from its own first to its own last period. With
// PanelOptions::common_span every series runs from the panel's first to its last period, and the
// periods before or after a series' own rows are gaps too.
//
// Aggregation: sum_over(keys) sums series over the named key columns, e.g. summing over "ward"
// gives city totals per crime type. As in R's sum() without na.rm, a total is missing when any
// summand is missing, including a series that has no value at that period because its span
// does not reach it. The summed panel lists those periods as gaps of kind MissingComponent.
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "engine/table/table.hpp"
#include "engine/time/period.hpp"

namespace harmcast {

struct PanelOptions {
  // Frequency of the panel. nullopt: taken from the data (a Period column's frequency, or the
  // first row's text), and every row must agree. Set it to map dates in the time column to the
  // period containing them (2017-05-17 -> 2017-05 for Month) or to reject other frequencies.
  std::optional<Frequency> frequency;
  // false: each series spans its own first..last period; true: all series span the panel's
  // first..last period (use when series must align, e.g. for a wide matrix or totals).
  bool common_span = false;
  // Joins the key labels of a series into its id ("W01 | burglary"). Must not be empty.
  std::string id_separator = " | ";

  // Throws harmcast::Error naming the field and the rule it breaks.
  void validate() const;
};

enum class GapKind {
  NoRow,             // no row for this period inside the series' span
  MissingValue,      // a row exists but its value is missing
  MissingComponent,  // (summed panels) at least one summand is missing or absent here
};
std::string to_string(GapKind kind);  // "no row", "missing value", "missing component"

struct PanelGap {
  std::size_t series = 0;  // index into the panel
  Period period;
  GapKind kind = GapKind::NoRow;
};

struct PanelSeries {
  std::vector<std::string> key;  // one label per key column, in key column order
  std::string id;                // labels joined by the separator; "all" when there are no keys
  Period start;                  // period of values[0]
  std::vector<double> values;    // one per consecutive period; NaN = missing

  std::size_t size() const { return values.size(); }
  Period end() const;  // the last period; throws harmcast::Error for an empty series
  Period period_at(std::size_t index) const { return start + static_cast<std::int64_t>(index); }
  std::size_t count_missing() const;
};

class Panel {
 public:
  Panel() = default;
  // Assembles a panel from finished series (generators, model output). Every series must have
  // `frequency`, one label per key name and a distinct key. NaN values are listed as gaps of
  // kind MissingValue. Ids are recomputed with `id_separator`.
  Panel(std::vector<std::string> key_names, Frequency frequency, std::vector<PanelSeries> series,
        std::string time_name = "period", std::string value_name = "value",
        std::string id_separator = " | ");

  // Builds the panel from a long table. `time_column` may be a Period column or any column whose
  // text parses as a period (Period::parse; errors name the column and the 1-based row).
  // Errors: a missing key or period, a duplicate (key, period) (naming the key and the period),
  // mixed frequencies, a non-numeric value column.
  static Panel from_table(const Table& table, const std::vector<std::string>& key_columns,
                          const std::string& time_column, const std::string& value_column,
                          const PanelOptions& options = {});

  std::size_t size() const { return series_.size(); }  // number of series
  bool empty() const { return series_.empty(); }
  Frequency frequency() const { return frequency_; }
  const std::vector<std::string>& key_names() const { return key_names_; }
  const std::string& time_name() const { return time_name_; }
  const std::string& value_name() const { return value_name_; }

  const PanelSeries& series(std::size_t index) const { return series_.at(index); }
  const std::vector<PanelSeries>& all_series() const { return series_; }
  // Earliest start and latest end over all series; throws harmcast::Error for an empty panel.
  Period first_period() const;
  Period last_period() const;

  // Every missing value, ordered by series then period.
  const std::vector<PanelGap>& gaps() const { return gaps_; }
  // One paragraph for logs and reports: "4 missing values in 2 of 30 series: W01 | burglary
  // 2017-03 (no row), ..." listing at most `max_listed`; "no missing values" when none.
  std::string describe_gaps(std::size_t max_listed = 10) const;

  // The series with these key labels (one per key column), if any.
  std::optional<std::size_t> find(const std::vector<std::string>& key) const;
  // As find, but throws harmcast::Error naming the key and listing some keys that exist.
  const PanelSeries& at(const std::vector<std::string>& key) const;

  // The series for which keep(series) is true, in their order, with their gaps.
  Panel select(const std::function<bool(const PanelSeries&)>& keep) const;
  // Sums over the named key columns (see the file comment); the other key columns, in their
  // order, identify the result's series (first-seen order). Summing over every key gives one
  // series with id "all". Throws harmcast::Error for a name that is not a key column.
  Panel sum_over(const std::vector<std::string>& summed_keys) const;

  // Back to long form: the key columns (categorical), the time column (Period) and the value
  // column (Float; missing where NaN), one row per period of every series' span, so gaps stay
  // visible as missing values and from_table(to_table()) reproduces the panel.
  Table to_table() const;

 private:
  void index_and_find_gaps();  // rebuilds lookup_ and gaps_ from NaNs (kind MissingValue)
  std::string lookup_key(const std::vector<std::string>& key) const;

  std::vector<std::string> key_names_;
  Frequency frequency_ = Frequency::Month;
  std::string time_name_ = "period";
  std::string value_name_ = "value";
  std::string id_separator_ = " | ";
  std::vector<PanelSeries> series_;
  std::vector<PanelGap> gaps_;
  std::unordered_map<std::string, std::size_t> lookup_;
};

}  // namespace harmcast
