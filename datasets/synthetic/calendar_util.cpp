#include "datasets/synthetic/calendar_util.hpp"

#include <chrono>
#include <cstdio>

namespace harmcast::synthetic {

std::int64_t month_ordinal(int year, int month) {
  return static_cast<std::int64_t>(year) * 12 + (month - 1);
}

std::string month_label(std::int64_t ordinal) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d", static_cast<int>(ordinal / 12),
                static_cast<int>(ordinal % 12) + 1);
  return buffer;
}

int calendar_month(std::int64_t ordinal) { return static_cast<int>(ordinal % 12) + 1; }

std::int64_t day_ordinal(int year, int month, int day) {
  const std::chrono::year_month_day date{std::chrono::year{year},
                                         std::chrono::month{static_cast<unsigned>(month)},
                                         std::chrono::day{static_cast<unsigned>(day)}};
  return std::chrono::sys_days{date}.time_since_epoch().count();
}

int year_of_day(std::int64_t ordinal) {
  const std::chrono::sys_days days{std::chrono::days{ordinal}};
  return static_cast<int>(std::chrono::year_month_day{days}.year());
}

}  // namespace harmcast::synthetic
