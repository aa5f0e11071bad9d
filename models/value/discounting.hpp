#pragma once
// Discount factors per the HM Treasury Green Book (2022, Annex A6 "Discounting").
//
// Year t = 0 is the present (the first year of the appraisal) and is not discounted. The factor
// for year t is the product of yearly factors,
//     D(t) = prod_{s=1..t} 1 / (1 + r_s),
// where r_s is the rate for year s. The Green Book's schedule: 3.5% for years 0-30, 3.0% for
// 31-75, 2.5% for 76-125, 2.0% for 126-200, 1.5% for 201-300, 1.0% from 301. So
//     D(30) = 1.035^-30,  D(31) = 1.035^-30 * 1.03^-1,  D(76) = 1.035^-30 * 1.03^-45 * 1.025^-1.
// With a constant rate r, D(t) = (1 + r)^-t.
//
// Timing convention: `year_start` (Green Book default) treats a year's flows as occurring at
// time t, so year 0 is undiscounted. `mid_year` treats them as occurring half way through the
// year, at t + 0.5: D_mid(t) = D(t) * (1 + r_{t+1})^-0.5 (so year 0 is discounted by half a year).
#include <string>
#include <vector>

namespace harmcast::value {

enum class DiscountSchedule { green_book_declining, green_book_standard, constant };
enum class FlowTiming { year_start, mid_year };

std::string to_string(DiscountSchedule schedule);
DiscountSchedule discount_schedule_from_string(const std::string& text);  // throws Error
std::string to_string(FlowTiming timing);
FlowTiming flow_timing_from_string(const std::string& text);  // throws Error

struct DiscountOptions {
  // green_book_declining: the long-term schedule above; green_book_standard: 3.5% every year;
  // constant: `constant_rate` every year (sensitivity tests, or a health-effects 1.5%).
  DiscountSchedule schedule = DiscountSchedule::green_book_declining;
  double constant_rate = 0.035;  // used only by `constant`; must be in [0, 1)
  FlowTiming timing = FlowTiming::year_start;

  void validate() const;  // throws harmcast::Error naming the field
};

// The rate that applies in year s (s >= 1) under the options' schedule.
double discount_rate_for_year(int year, const DiscountOptions& options);

// D(t) for t = 0 .. n_years - 1.
std::vector<double> discount_factors(int n_years, const DiscountOptions& options);

}  // namespace harmcast::value
