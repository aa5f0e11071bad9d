#include "models/matching/jdl_preset.hpp"

#include <fmt/format.h>

#include <cmath>
#include <cstdio>
#include <vector>

#include "engine/core/error.hpp"

namespace harmcast {

namespace {

// Day number of each row (NaN where missing) from a date column of any supported type.
std::vector<double> day_numbers(const Column& col) {
  std::vector<double> days(col.size(), NAN);
  for (std::size_t r = 0; r < col.size(); ++r) {
    if (col.is_missing(r)) continue;
    switch (col.type()) {
      case ColumnType::Categorical:
        days[r] = static_cast<double>(days_from_iso_date(col.text(r)));
        break;
      case ColumnType::Period:
        if (col.frequency() != Frequency::Day)
          throw Error("Justice Data Lab outcomes",
                      fmt::format("date column '{}' is not daily", col.name()),
                      "give dates as YYYY-MM-DD");
        days[r] = static_cast<double>(col.ints()[r]);
        break;
      default:
        days[r] = col.numeric(r);
        break;
    }
  }
  return days;
}

}  // namespace

void JdlOptions::validate() const {
  const char* where = "Justice Data Lab options";
  if (min_matched_treated < 1)
    throw Error(where,
                fmt::format("min_matched_treated must be at least 1, got {}", min_matched_treated));
  if (suppression_threshold < 0)
    throw Error(where,
                fmt::format("suppression_threshold must be >= 0, got {}", suppression_threshold));
  if (follow_up_days < 1 || proving_days < 0)
    throw Error(where, "follow_up_days must be positive and proving_days non-negative");
}

long long days_from_iso_date(const std::string& text) {
  int y = 0, m = 0, d = 0;
  char a = 0, b = 0;
  if (text.size() != 10 || std::sscanf(text.c_str(), "%4d%c%2d%c%2d", &y, &a, &m, &b, &d) != 5 ||
      a != '-' || b != '-' || m < 1 || m > 12 || d < 1 || d > 31)
    throw Error("date", fmt::format("'{}' is not a date of the form YYYY-MM-DD", text));
  // Howard Hinnant's days_from_civil.
  y -= m <= 2;
  const long long era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<long long>(doe) - 719468;
}

bool derive_jdl_outcomes(Table& data, const JdlOptions& options) {
  options.validate();
  if (!data.has_column(options.index_date_column) || !data.has_column(options.offence_date_column))
    return false;
  const auto index = day_numbers(data.column(options.index_date_column));
  const auto offence = day_numbers(data.column(options.offence_date_column));
  std::vector<double> proven;
  if (data.has_column(options.proven_date_column))
    proven = day_numbers(data.column(options.proven_date_column));
  const std::size_t n = data.rows();
  std::vector<std::int64_t> outcome(n), event(n);
  std::vector<double> days(n);
  std::vector<std::uint8_t> missing(n, 0);
  for (std::size_t r = 0; r < n; ++r) {
    if (std::isnan(index[r])) {
      missing[r] = 1;
      continue;
    }
    const double gap = offence[r] - index[r];  // NaN when there was no reoffence
    bool counts = gap > 0 && gap <= options.follow_up_days;
    if (counts && !proven.empty())
      counts = !std::isnan(proven[r]) &&
               proven[r] - index[r] <= options.follow_up_days + options.proving_days;
    outcome[r] = counts;
    event[r] = counts;
    days[r] = counts ? gap : options.follow_up_days;
  }
  auto put = [&](Column c) {
    if (data.has_column(c.name()))
      data.replace_column(std::move(c));
    else
      data.add_column(std::move(c));
  };
  put(Column::integers(options.outcome_column, outcome, missing));
  put(Column::integers(options.event_column, event, missing));
  put(Column::floats(options.days_column, days, missing));
  return true;
}

void check_jdl_minimum(const MatchResult& match, const JdlOptions& options) {
  if (match.n_matched_treated < static_cast<std::size_t>(options.min_matched_treated))
    throw Error("Justice Data Lab preset",
                fmt::format("only {} people who received the service were matched; the Justice "
                            "Data Lab needs at least {} to report",
                            match.n_matched_treated, options.min_matched_treated),
                "add more people who received the service (a longer period), or relax the "
                "caliper or exact-matching columns");
}

std::string suppress_count(std::size_t count, int threshold) {
  if (static_cast<long long>(count) < threshold) return fmt::format("<{}", threshold);
  return fmt::format("{}", count);
}

}  // namespace harmcast
