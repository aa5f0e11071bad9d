#pragma once
// Number checks for command-line options with messages a user can act on. CLI11's own
// PositiveNumber / NonNegativeNumber print the whole double range ("not in range 0.000000 to
// 1797...").
#include <CLI/CLI.hpp>
#include <string>

namespace harmcast::cli {

inline CLI::Validator number_check(bool allow_zero) {
  return CLI::Validator(
      [allow_zero](std::string& text) -> std::string {
        double value = 0.0;
        if (!CLI::detail::lexical_cast(text, value)) return "expected a number, got '" + text + "'";
        if (value > 0.0 || (allow_zero && value == 0.0)) return {};
        return std::string("must be ") + (allow_zero ? "zero or positive" : "positive") + ", got " +
               text;
      },
      allow_zero ? "NONNEGATIVE" : "POSITIVE");
}

inline const CLI::Validator kPositive = number_check(false);
inline const CLI::Validator kNonNegative = number_check(true);

}  // namespace harmcast::cli
