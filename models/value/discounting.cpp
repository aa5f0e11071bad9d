#include "models/value/discounting.hpp"

#include <cmath>

#include "engine/core/error.hpp"

namespace harmcast::value {

std::string to_string(DiscountSchedule schedule) {
  switch (schedule) {
    case DiscountSchedule::green_book_declining:
      return "green_book_declining";
    case DiscountSchedule::green_book_standard:
      return "green_book_standard";
    case DiscountSchedule::constant:
      return "constant";
  }
  throw InternalError("unknown DiscountSchedule");
}

DiscountSchedule discount_schedule_from_string(const std::string& text) {
  for (auto s : {DiscountSchedule::green_book_declining, DiscountSchedule::green_book_standard,
                 DiscountSchedule::constant}) {
    if (to_string(s) == text) return s;
  }
  throw Error("discounting.schedule", "unknown schedule '" + text + "'",
              "use green_book_declining, green_book_standard or constant");
}

std::string to_string(FlowTiming timing) {
  return timing == FlowTiming::year_start ? "year_start" : "mid_year";
}

FlowTiming flow_timing_from_string(const std::string& text) {
  if (text == "year_start") return FlowTiming::year_start;
  if (text == "mid_year") return FlowTiming::mid_year;
  throw Error("discounting.timing", "unknown timing '" + text + "'", "use year_start or mid_year");
}

void DiscountOptions::validate() const {
  if (!(constant_rate >= 0.0 && constant_rate < 1.0)) {
    throw Error("DiscountOptions.constant_rate",
                "must be in [0, 1), found " + std::to_string(constant_rate),
                "give the rate as a fraction, e.g. 0.035 for 3.5%");
  }
}

double discount_rate_for_year(int year, const DiscountOptions& options) {
  switch (options.schedule) {
    case DiscountSchedule::constant:
      return options.constant_rate;
    case DiscountSchedule::green_book_standard:
      return 0.035;
    case DiscountSchedule::green_book_declining:
      if (year <= 30) return 0.035;
      if (year <= 75) return 0.030;
      if (year <= 125) return 0.025;
      if (year <= 200) return 0.020;
      if (year <= 300) return 0.015;
      return 0.010;
  }
  throw InternalError("unknown DiscountSchedule");
}

std::vector<double> discount_factors(int n_years, const DiscountOptions& options) {
  options.validate();
  if (n_years < 0) throw Error("discount_factors", "n_years must be >= 0");
  std::vector<double> factors(static_cast<std::size_t>(n_years));
  double factor = 1.0;  // D(0)
  for (int t = 0; t < n_years; ++t) {
    if (t > 0) factor /= 1.0 + discount_rate_for_year(t, options);
    factors[t] = options.timing == FlowTiming::year_start
                     ? factor
                     : factor / std::sqrt(1.0 + discount_rate_for_year(t + 1, options));
  }
  return factors;
}

}  // namespace harmcast::value
