#pragma once
// Numbers as people read them in a report: thousands separators, sensible rounding, signs on
// changes, pounds, percentages, and small-count suppression for disclosure control.
#include <string>

namespace harmcast::report {

// 1234567.8 -> "1,234,568" (decimals = 0) or "1,234,567.80" (decimals = 2); NaN -> "–".
std::string format_number(double value, int decimals = 0);
// Rounds to `significant` significant figures, then formats with separators: 0.012345 -> "0.0123".
std::string format_significant(double value, int significant = 3);
// 0.1234 -> "12.3%" (value is a proportion); with signed = true: "+12.3%".
std::string format_percent(double proportion, int decimals = 1, bool with_sign = false);
// -1234.5 -> "−£1,235"; above a million: "£1.23m".
std::string format_pounds(double value);
// p-values as journals print them: "<0.001", "0.012", "0.048", "0.34".
std::string format_p_value(double p);
// A count shown to the public: below `threshold` (and above zero) it becomes "<threshold".
std::string format_count_suppressed(double count, int threshold);

}  // namespace harmcast::report
