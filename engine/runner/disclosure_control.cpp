#include "engine/runner/disclosure_control.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>

#include "engine/results/run_results.hpp"

namespace harmcast {

bool below_disclosure_threshold(double v, int threshold) {
  return std::isfinite(v) && std::fabs(v) > 0 && std::fabs(v) < threshold;
}

Table suppressed_copy(const Table& table, const SuppressionRule& rule, int threshold) {
  const std::size_t n = table.rows();
  auto listed = [](const std::vector<std::string>& names, const std::string& name) {
    return std::find(names.begin(), names.end(), name) != names.end();
  };
  std::vector<std::vector<std::string>> gone(n);
  std::vector<std::vector<bool>> blank(table.cols(), std::vector<bool>(n, false));
  const Column& sensitive = table.column(rule.sensitive_rows);
  std::size_t first_count = 0;  // the column whose blanking takes the linked ones with it
  for (std::size_t c = 0; c < table.cols(); ++c)
    if (table.column(c).name() == rule.counts.front()) first_count = c;
  for (std::size_t c = 0; c < table.cols(); ++c) {
    const std::string& name = table.column(c).name();
    if (!listed(rule.counts, name)) continue;
    for (std::size_t r = 0; r < n; ++r)
      if (sensitive.numeric(r) == 1 &&
          below_disclosure_threshold(table.column(c).numeric(r), threshold)) {
        blank[c][r] = true;
        gone[r].push_back(name);
      }
  }
  for (std::size_t c = 0; c < table.cols(); ++c) {
    const std::string& name = table.column(c).name();
    if (!listed(rule.linked, name)) continue;
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

}  // namespace harmcast
