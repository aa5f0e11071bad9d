#pragma once
// Period: a calendar period (day, ISO week, month, quarter, year) as a frequency plus an integer
// ordinal, so arithmetic is integer arithmetic and a Period fits in a table column.
//
// Ordinals:  Year    = calendar year                      (2017)
//            Quarter = year * 4 + (quarter - 1)            (2017-Q2 -> 8069)
//            Month   = year * 12 + (month - 1)             (2017-04 -> 24207)
//            Week    = days from 1970-01-05 (a Monday) to the week's Monday, divided by 7
//            Day     = days since 1970-01-01 (negative before)
// Parsing accepts 2017-04, 2017 Apr, Apr 2017, April 2017, 2017-Q2, 2017Q2, 2017 Q2, 2017-04-01,
// 2017-W14, 2017; a full date with an expected frequency of Month/Quarter/Year maps to the
// period containing it. Formatting is canonical: 2017-04, 2017-Q2, 2017-W14, 2017-04-01, 2017.
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace harmcast {

enum class Frequency { Day, Week, Month, Quarter, Year };

std::string to_string(Frequency frequency);  // "day", "week", "month", "quarter", "year"
std::optional<Frequency> frequency_from_string(std::string_view text);
int periods_per_year(Frequency frequency);  // 365 (day), 52, 12, 4, 1: the seasonal period

class Period {
 public:
  Period() = default;
  Period(Frequency frequency, std::int64_t ordinal) : frequency_(frequency), ordinal_(ordinal) {}

  static Period month(int year, int month);
  static Period quarter(int year, int quarter);
  static Period year(int year);
  static Period day(int year, int month, int day);

  // Parses text; with `expected`, dates are mapped to that frequency and a text of another
  // frequency is rejected. Returns nullopt when the text is not a period.
  static std::optional<Period> try_parse(std::string_view text,
                                         std::optional<Frequency> expected = std::nullopt);
  // As try_parse, but throws harmcast::Error naming `where` and the accepted forms.
  static Period parse(std::string_view text, std::optional<Frequency> expected = std::nullopt,
                      const std::string& where = {});

  Frequency frequency() const { return frequency_; }
  std::int64_t ordinal() const { return ordinal_; }
  int calendar_year() const;   // the year the period starts in (ISO year for weeks)
  int position_in_year() const;  // 1-based: month 1..12, quarter 1..4, week 1..53, day 1..366

  Period operator+(std::int64_t steps) const { return {frequency_, ordinal_ + steps}; }
  Period operator-(std::int64_t steps) const { return {frequency_, ordinal_ - steps}; }
  // Number of steps from `other` to this; both must have the same frequency.
  std::int64_t operator-(const Period& other) const;
  auto operator<=>(const Period&) const = default;

  std::string to_string() const;

 private:
  Frequency frequency_ = Frequency::Month;
  std::int64_t ordinal_ = 0;
};

}  // namespace harmcast
