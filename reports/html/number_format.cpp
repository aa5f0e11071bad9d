#include "reports/html/number_format.hpp"

#include <fmt/format.h>

#include <cmath>

namespace harmcast::report {
namespace {

const char* kMinus = "\u2212";  // a true minus sign reads better than a hyphen in tables

std::string group_thousands(const std::string& digits) {
  std::string out;
  const int n = static_cast<int>(digits.size());
  for (int i = 0; i < n; ++i) {
    out += digits[i];
    const int remaining = n - 1 - i;
    if (remaining > 0 && remaining % 3 == 0) out += ',';
  }
  return out;
}

}  // namespace

std::string format_number(double value, int decimals) {
  if (!std::isfinite(value)) return "\u2013";
  const std::string text = fmt::format("{:.{}f}", std::fabs(value), decimals);
  const auto dot = text.find('.');
  std::string out = group_thousands(text.substr(0, dot));
  if (dot != std::string::npos) out += text.substr(dot);
  const bool negative = value < 0 && out.find_first_not_of("0.,") != std::string::npos;
  return negative ? kMinus + out : out;
}

std::string format_significant(double value, int significant) {
  if (!std::isfinite(value)) return "\u2013";
  if (value == 0.0) return "0";
  const int magnitude = static_cast<int>(std::floor(std::log10(std::fabs(value))));
  const int decimals = std::max(0, significant - 1 - magnitude);
  const double scale = std::pow(10.0, significant - 1 - magnitude);
  return format_number(std::round(value * scale) / scale, decimals);
}

std::string format_percent(double proportion, int decimals, bool with_sign) {
  if (!std::isfinite(proportion)) return "\u2013";
  std::string body = format_number(100.0 * proportion, decimals) + "%";
  if (with_sign && proportion > 0 && body.find_first_not_of("0.%") != std::string::npos) {
    body = "+" + body;
  }
  return body;
}

std::string format_pounds(double value) {
  if (!std::isfinite(value)) return "\u2013";
  const double magnitude = std::fabs(value);
  std::string body;
  if (magnitude >= 1e6) {
    body = "\u00a3" + format_number(magnitude / 1e6, 2) + "m";
  } else {
    body = "\u00a3" + format_number(magnitude, 0);
  }
  return value < 0 && std::round(magnitude) > 0 ? kMinus + body : body;
}

std::string format_p_value(double p) {
  if (!std::isfinite(p)) return "\u2013";
  if (p < 0.001) return "<0.001";
  if (p < 0.1) return fmt::format("{:.3f}", p);  // two significant figures: 0.012, 0.048
  return fmt::format("{:.2f}", p);
}

std::string format_count_suppressed(double count, int threshold) {
  if (!std::isfinite(count)) return "\u2013";
  if (count > 0 && count < threshold) return "<" + std::to_string(threshold);
  return format_number(count, 0);
}

}  // namespace harmcast::report
