#include "engine/time/period.hpp"

#include <fmt/format.h>

#include <cctype>
#include <string>

#include "engine/core/error.hpp"
#include "engine/time/calendar.hpp"

namespace harmcast {

namespace calendar {

std::int64_t days_from_civil(std::int64_t year, int month, int day) {
  year -= month <= 2 ? 1 : 0;
  const std::int64_t era = floor_div(year, 400);
  const std::int64_t year_of_era = year - era * 400;  // [0, 399]
  const std::int64_t day_of_year = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  const std::int64_t day_of_era =
      year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;  // [0, 146096]
  return era * 146097 + day_of_era - 719468;
}

CivilDate civil_from_days(std::int64_t days) {
  days += 719468;
  const std::int64_t era = floor_div(days, 146097);
  const std::int64_t day_of_era = days - era * 146097;  // [0, 146096]
  const std::int64_t year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const std::int64_t day_of_year =
      day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const std::int64_t shifted_month = (5 * day_of_year + 2) / 153;  // March = 0
  const int day = static_cast<int>(day_of_year - (153 * shifted_month + 2) / 5 + 1);
  const int month = static_cast<int>(shifted_month < 10 ? shifted_month + 3 : shifted_month - 9);
  return {year_of_era + era * 400 + (month <= 2 ? 1 : 0), month, day};
}

}  // namespace calendar

using calendar::floor_div;
using calendar::floor_mod;

std::string to_string(Frequency frequency) {
  switch (frequency) {
    case Frequency::Day:
      return "day";
    case Frequency::Week:
      return "week";
    case Frequency::Month:
      return "month";
    case Frequency::Quarter:
      return "quarter";
    case Frequency::Year:
      return "year";
  }
  throw InternalError("to_string(Frequency): unknown enumerator");
}

std::optional<Frequency> frequency_from_string(std::string_view text) {
  std::string lower;
  for (char c : text) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower == "day" || lower == "daily") return Frequency::Day;
  if (lower == "week" || lower == "weekly") return Frequency::Week;
  if (lower == "month" || lower == "monthly") return Frequency::Month;
  if (lower == "quarter" || lower == "quarterly") return Frequency::Quarter;
  if (lower == "year" || lower == "yearly" || lower == "annual") return Frequency::Year;
  return std::nullopt;
}

int periods_per_year(Frequency frequency) {
  switch (frequency) {
    case Frequency::Day:
      return 365;
    case Frequency::Week:
      return 52;
    case Frequency::Month:
      return 12;
    case Frequency::Quarter:
      return 4;
    case Frequency::Year:
      return 1;
  }
  throw InternalError("periods_per_year: unknown enumerator");
}

bool is_leap_year(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int days_in_month(int year, int month) {
  static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12) {
    throw Error("days_in_month", fmt::format("month {} is outside 1..12", month));
  }
  return month == 2 && is_leap_year(year) ? 29 : kDays[month - 1];
}

int iso_weeks_in_year(int iso_year) {
  const int jan1 = calendar::weekday(calendar::days_from_civil(iso_year, 1, 1));
  const bool thursday = jan1 == 3;
  const bool leap_wednesday = jan1 == 2 && is_leap_year(iso_year);
  return thursday || leap_wednesday ? 53 : 52;
}

Period Period::month(int year, int month) {
  if (month < 1 || month > 12) {
    throw Error("Period::month", fmt::format("month {} of {} is outside 1..12", month, year));
  }
  return {Frequency::Month, static_cast<std::int64_t>(year) * 12 + (month - 1)};
}

Period Period::quarter(int year, int quarter) {
  if (quarter < 1 || quarter > 4) {
    throw Error("Period::quarter", fmt::format("quarter {} of {} is outside 1..4", quarter, year));
  }
  return {Frequency::Quarter, static_cast<std::int64_t>(year) * 4 + (quarter - 1)};
}

Period Period::year(int year) { return {Frequency::Year, year}; }

Period Period::day(int year, int month, int day) {
  if (month < 1 || month > 12) {
    throw Error("Period::day", fmt::format("month {} of {} is outside 1..12", month, year));
  }
  const int last = days_in_month(year, month);
  if (day < 1 || day > last) {
    throw Error("Period::day", fmt::format("day {} does not exist in {}-{:02d}, which has {} days",
                                           day, year, month, last));
  }
  return {Frequency::Day, calendar::days_from_civil(year, month, day)};
}

Period Period::week(int iso_year, int week) {
  const int weeks = iso_weeks_in_year(iso_year);
  if (week < 1 || week > weeks) {
    throw Error("Period::week", fmt::format("week {} does not exist in ISO year {}, which has {} "
                                            "weeks",
                                            week, iso_year, weeks));
  }
  const std::int64_t monday = calendar::iso_week_one_monday(iso_year) + 7 * (week - 1);
  return {Frequency::Week, calendar::week_of_day(monday)};
}

Period Period::first_day() const {
  switch (frequency_) {
    case Frequency::Day:
      return *this;
    case Frequency::Week:
      return {Frequency::Day, calendar::monday_of_week(ordinal_)};
    case Frequency::Month:
      return {Frequency::Day,
              calendar::days_from_civil(floor_div(ordinal_, 12),
                                        static_cast<int>(floor_mod(ordinal_, 12)) + 1, 1)};
    case Frequency::Quarter:
      return {Frequency::Day,
              calendar::days_from_civil(floor_div(ordinal_, 4),
                                        static_cast<int>(floor_mod(ordinal_, 4)) * 3 + 1, 1)};
    case Frequency::Year:
      return {Frequency::Day, calendar::days_from_civil(ordinal_, 1, 1)};
  }
  throw InternalError("Period::first_day: unknown frequency");
}

Period Period::last_day() const {
  if (frequency_ == Frequency::Day) return *this;
  return (*this + 1).first_day() - 1;
}

Period Period::to(Frequency target) const {
  const std::int64_t day = first_day().ordinal();
  switch (target) {
    case Frequency::Day:
      return {Frequency::Day, day};
    case Frequency::Week:
      return {Frequency::Week, calendar::week_of_day(day)};
    default:
      break;
  }
  const calendar::CivilDate date = calendar::civil_from_days(day);
  switch (target) {
    case Frequency::Month:
      return {Frequency::Month, date.year * 12 + (date.month - 1)};
    case Frequency::Quarter:
      return {Frequency::Quarter, date.year * 4 + (date.month - 1) / 3};
    case Frequency::Year:
      return {Frequency::Year, date.year};
    default:
      break;
  }
  throw InternalError("Period::to: unknown frequency");
}

int Period::calendar_year() const {
  switch (frequency_) {
    case Frequency::Year:
      return static_cast<int>(ordinal_);
    case Frequency::Quarter:
      return static_cast<int>(floor_div(ordinal_, 4));
    case Frequency::Month:
      return static_cast<int>(floor_div(ordinal_, 12));
    case Frequency::Week:  // the ISO year is the calendar year of the week's Thursday
      return static_cast<int>(
          calendar::civil_from_days(calendar::monday_of_week(ordinal_) + 3).year);
    case Frequency::Day:
      return static_cast<int>(calendar::civil_from_days(ordinal_).year);
  }
  throw InternalError("Period::calendar_year: unknown frequency");
}

int Period::position_in_year() const {
  switch (frequency_) {
    case Frequency::Year:
      return 1;
    case Frequency::Quarter:
      return static_cast<int>(floor_mod(ordinal_, 4)) + 1;
    case Frequency::Month:
      return static_cast<int>(floor_mod(ordinal_, 12)) + 1;
    case Frequency::Week: {
      const std::int64_t thursday = calendar::monday_of_week(ordinal_) + 3;
      const std::int64_t year = calendar::civil_from_days(thursday).year;
      return static_cast<int>((thursday - calendar::days_from_civil(year, 1, 1)) / 7) + 1;
    }
    case Frequency::Day: {
      const std::int64_t year = calendar::civil_from_days(ordinal_).year;
      return static_cast<int>(ordinal_ - calendar::days_from_civil(year, 1, 1)) + 1;
    }
  }
  throw InternalError("Period::position_in_year: unknown frequency");
}

std::int64_t Period::operator-(const Period& other) const {
  if (frequency_ != other.frequency_) {
    throw Error("period difference",
                fmt::format("cannot count steps from {} ({}) to {} ({}): the frequencies differ",
                            other.to_string(), harmcast::to_string(other.frequency_), to_string(),
                            harmcast::to_string(frequency_)),
                "Convert both periods to one frequency first (Period::to).");
  }
  return ordinal_ - other.ordinal_;
}

namespace {
std::string format_year(std::int64_t year) {
  return year < 0 ? fmt::format("-{:04d}", -year) : fmt::format("{:04d}", year);
}
}  // namespace

std::string Period::to_string() const {
  switch (frequency_) {
    case Frequency::Year:
      return format_year(ordinal_);
    case Frequency::Quarter:
      return fmt::format("{}-Q{}", format_year(floor_div(ordinal_, 4)), floor_mod(ordinal_, 4) + 1);
    case Frequency::Month:
      return fmt::format("{}-{:02d}", format_year(floor_div(ordinal_, 12)),
                         floor_mod(ordinal_, 12) + 1);
    case Frequency::Week:
      return fmt::format("{}-W{:02d}", format_year(calendar_year()), position_in_year());
    case Frequency::Day: {
      const calendar::CivilDate date = calendar::civil_from_days(ordinal_);
      return fmt::format("{}-{:02d}-{:02d}", format_year(date.year), date.month, date.day);
    }
  }
  throw InternalError("Period::to_string: unknown frequency");
}

}  // namespace harmcast
