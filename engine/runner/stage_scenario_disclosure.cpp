// Disclosure control of the scenario tables the report shows. A reoffending scenario over a small
// cohort segment turns a handful of people's recorded offences into its baseline, so its counts
// (expected offences, events averted, their intervals) can point at individuals. The published
// copies /scenarios/averted_published and /scenarios/targets_published blank every count of a
// cohort row that lies strictly between 0 and the disclosure threshold (data.disclosure_threshold,
// default 5, as the evaluation stage suppresses small counts of people), the sd with its mean,
// and say in `suppressed` which cells went. Area rows (recorded crime in places) are published
// as they are; the full tables stay for the value stage and the results store.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>

#include "engine/runner/stage_scenario.hpp"

namespace harmcast {
namespace {

bool below_threshold(double v, int threshold) {
  return std::isfinite(v) && std::fabs(v) > 0 && std::fabs(v) < threshold;
}

// A copy of `table` with the count columns of its cohort rows suppressed; `linked` are blanked
// with the first count column (the sd goes with the mean it would reveal).
Table suppressed_copy(const Table& table, const std::vector<std::string>& counts,
                      const std::vector<std::string>& linked, int threshold) {
  const std::size_t n = table.rows();
  std::vector<std::vector<std::string>> gone(n);
  std::vector<std::vector<bool>> blank(table.cols(), std::vector<bool>(n, false));
  const Column& cohort = table.column("cohort");
  std::size_t first_count = 0;  // the column whose blanking takes the linked ones with it
  for (std::size_t c = 0; c < table.cols(); ++c)
    if (table.column(c).name() == counts.front()) first_count = c;
  for (std::size_t c = 0; c < table.cols(); ++c) {
    const std::string& name = table.column(c).name();
    if (std::find(counts.begin(), counts.end(), name) == counts.end()) continue;
    for (std::size_t r = 0; r < n; ++r)
      if (cohort.numeric(r) == 1 && below_threshold(table.column(c).numeric(r), threshold)) {
        blank[c][r] = true;
        gone[r].push_back(name);
      }
  }
  for (std::size_t c = 0; c < table.cols(); ++c) {
    const std::string& name = table.column(c).name();
    if (std::find(linked.begin(), linked.end(), name) == linked.end()) continue;
    for (std::size_t r = 0; r < n; ++r)
      if (blank[first_count][r]) {
        blank[c][r] = true;
        gone[r].push_back(name);
      }
  }
  Table out;
  for (std::size_t c = 0; c < table.cols(); ++c) {
    const Column& column = table.column(c);
    if (std::none_of(blank[c].begin(), blank[c].end(), [](bool b) { return b; })) {
      out.add_column(column);
      continue;
    }
    std::vector<double> values = column.to_doubles();
    for (std::size_t r = 0; r < n; ++r)
      if (blank[c][r]) values[r] = NAN;
    out.add_column(result_floats(column.name(), std::move(values)));
  }
  std::vector<std::string> note(n);
  for (std::size_t r = 0; r < n; ++r)
    if (!gone[r].empty())
      note[r] = fmt::format("{} below {} not shown", fmt::join(gone[r], ", "), threshold);
  out.add_column(Column::categorical_from_strings("suppressed", note));
  return out;
}

}  // namespace

void add_published_scenario_tables(RunResults& results, int disclosure_threshold) {
  if (const Table* averted = results.find_table("/scenarios/averted")) {
    results.add_table(
        "/scenarios/averted_published",
        suppressed_copy(*averted,
                        {"mean", "lo_95", "hi_95", "lo_80", "hi_80", "median", "baseline_mean"},
                        {"sd"}, disclosure_threshold));
  }
  if (const Table* targets = results.find_table("/scenarios/targets")) {
    results.add_table(
        "/scenarios/targets_published",
        suppressed_copy(*targets, {"mean", "lo_95", "hi_95"}, {}, disclosure_threshold));
  }
}

}  // namespace harmcast
