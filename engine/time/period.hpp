#pragma once
// Period: a calendar period (day, ISO week, month, quarter, year) as a frequency plus an integer
// ordinal, so arithmetic is integer arithmetic and a Period fits in a table column.
//
// Ordinals:  Year    = calendar year                      (2017)
//            Quarter = year * 4 + (quarter - 1)            (2017-Q2 -> 8069)
//            Month   = year * 12 + (month - 1)             (2017-04 -> 24207)
//            Week    = days from 1970-01-05 (a Monday) to the week's Monday, divided by 7
//            Day     = days since 1970-01-01 (negative before)
// All ordinals are defined for dates before 1970 too: they are then negative (Day, Week) and the
// divisions above are floor divisions, so 1969-12-31 is day -1 and the week of Monday
// 1969-12-29 is week -1. Days use the proleptic Gregorian calendar (Hinnant's days_from_civil).
//
// ISO 8601 weeks: weeks run Monday..Sunday; week 1 of ISO year Y is the week containing 4 January
// of Y (equivalently, the week containing Y's first Thursday). A week belongs to the ISO year of
// its Thursday, so 2016-01-01 (a Friday) lies in 2015-W53 and 2019-12-30 (a Monday) in 2020-W01.
// ISO year Y has 53 weeks when 1 January is a Thursday, or a Wednesday in a leap year; else 52.
// Hence for a week with Monday m (days since 1970-01-01): Thursday t = m + 3, ISO year = the
// calendar year of t, week number = (day_of_year(t) - 1) / 7 + 1.
// Reference: ISO 8601-1:2019, section 5.2.3.1; H. Hinnant, "chrono-Compatible Low-Level Date
// Algorithms" (howardhinnant.github.io/date_algorithms.html).
//
// Parsing accepts 2017-04, 2017 Apr, Apr 2017, April 2017, 2017-Q2, 2017Q2, 2017 Q2, Q2 2017,
// 2017-04-01, 2017-W14, 2017W14, 2017 (month names and the letters Q, W in any case; surrounding
// spaces ignored); a full date with an expected frequency of Week/Month/Quarter/Year maps to the
// period containing it. Impossible dates (2017-02-30, month 13, quarter 5, week 53 of a 52-week
// year) are rejected. Years have four digits when parsed. Formatting is canonical: 2017-04,
// 2017-Q2, 2017-W14, 2017-04-01, 2017.
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace harmcast {

enum class Frequency { Day, Week, Month, Quarter, Year };

std::string to_string(Frequency frequency);  // "day", "week", "month", "quarter", "year"
// Accepts the names above, "daily", "weekly", "monthly", "quarterly", "yearly", "annual" in any
// case; nullopt for anything else.
std::optional<Frequency> frequency_from_string(std::string_view text);
int periods_per_year(Frequency frequency);  // 365 (day), 52, 12, 4, 1: the seasonal period

// Calendar helpers (proleptic Gregorian).
bool is_leap_year(int year);
int days_in_month(int year, int month);
int iso_weeks_in_year(int iso_year);  // 52 or 53

class Period {
 public:
  Period() = default;
  Period(Frequency frequency, std::int64_t ordinal) : frequency_(frequency), ordinal_(ordinal) {}

  // Constructors from calendar fields; each throws harmcast::Error for an impossible field
  // (month outside 1..12, quarter outside 1..4, day not in the month, week not in the ISO year).
  static Period month(int year, int month);
  static Period quarter(int year, int quarter);
  static Period year(int year);
  static Period day(int year, int month, int day);
  static Period week(int iso_year, int week);

  // Parses text; with `expected`, dates are mapped to that frequency and a text of another
  // frequency is rejected. Returns nullopt when the text is not a period.
  static std::optional<Period> try_parse(std::string_view text,
                                         std::optional<Frequency> expected = std::nullopt);
  // As try_parse, but throws harmcast::Error naming `where` and the accepted forms.
  static Period parse(std::string_view text, std::optional<Frequency> expected = std::nullopt,
                      const std::string& where = {});

  Frequency frequency() const { return frequency_; }
  std::int64_t ordinal() const { return ordinal_; }
  int calendar_year() const;     // the year the period starts in (ISO year for weeks)
  int position_in_year() const;  // 1-based: month 1..12, quarter 1..4, week 1..53, day 1..366

  // The first and last day of the period, as Day periods.
  Period first_day() const;
  Period last_day() const;
  // The period of frequency `target` containing this period's first day (e.g. the quarter of a
  // month, the month of a day). Converting to a finer frequency gives the first sub-period.
  Period to(Frequency target) const;

  Period operator+(std::int64_t steps) const { return {frequency_, ordinal_ + steps}; }
  Period operator-(std::int64_t steps) const { return {frequency_, ordinal_ - steps}; }
  // Number of steps from `other` to this; both must have the same frequency (else Error).
  std::int64_t operator-(const Period& other) const;
  auto operator<=>(const Period&) const = default;

  std::string to_string() const;

 private:
  Frequency frequency_ = Frequency::Month;
  std::int64_t ordinal_ = 0;
};

}  // namespace harmcast
