#pragma once
// Internal calendar arithmetic shared by the Period sources (not part of the public interface).
// Days are counted from 1970-01-01 in the proleptic Gregorian calendar, after H. Hinnant,
// "chrono-Compatible Low-Level Date Algorithms" (howardhinnant.github.io/date_algorithms.html).
#include <cstdint>

namespace harmcast::calendar {

struct CivilDate {
  std::int64_t year;
  int month;  // 1..12
  int day;    // 1..31
};

// Division rounding towards minus infinity, and the matching non-negative remainder.
inline std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  std::int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}
inline std::int64_t floor_mod(std::int64_t a, std::int64_t b) { return a - floor_div(a, b) * b; }

std::int64_t days_from_civil(std::int64_t year, int month, int day);
CivilDate civil_from_days(std::int64_t days);

// Monday = 0 .. Sunday = 6 (1970-01-01 was a Thursday).
inline int weekday(std::int64_t days) { return static_cast<int>(floor_mod(days + 3, 7)); }

// Week ordinal of the ISO week containing `days`: 1970-01-05 (day 4) is the Monday of week 0.
inline std::int64_t week_of_day(std::int64_t days) { return floor_div(days - 4, 7); }
inline std::int64_t monday_of_week(std::int64_t week) { return 4 + 7 * week; }

// The Monday of ISO week 1 of `iso_year`: the Monday on or before 4 January.
inline std::int64_t iso_week_one_monday(std::int64_t iso_year) {
  const std::int64_t jan4 = days_from_civil(iso_year, 1, 4);
  return jan4 - weekday(jan4);
}

}  // namespace harmcast::calendar
