#pragma once
// Small calendar helpers for the synthetic city, using the Period ordinals of
// engine/time/period.hpp (Month = year * 12 + month - 1; Day = days since 1970-01-01).
#include <cstdint>
#include <string>

namespace harmcast::synthetic {

std::int64_t month_ordinal(int year, int month);
std::string month_label(std::int64_t month_ordinal);  // "2017-04"
int calendar_month(std::int64_t month_ordinal);       // 1..12
std::int64_t day_ordinal(int year, int month, int day);
int year_of_day(std::int64_t day_ordinal);

}  // namespace harmcast::synthetic
