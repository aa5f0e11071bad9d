// Period::try_parse and Period::parse: reading the accepted text forms (see period.hpp).
//
// The text is lower-cased and cut into tokens: digit runs (N), letter runs (A) and single
// separators ('-', '/', or a run of spaces). The sequence of token kinds, e.g. "N-AN" for
// "2017-Q2", selects the form; the fields are then range-checked so that impossible periods
// (2017-02-30, month 13, quarter 5) get a message saying what is wrong.

#include <fmt/format.h>

#include <array>
#include <cctype>
#include <optional>
#include <string>
#include <string_view>

#include "engine/core/error.hpp"
#include "engine/time/calendar.hpp"
#include "engine/time/period.hpp"

namespace harmcast {
namespace {

constexpr const char* kAcceptedForms =
    "Accepted forms: 2017-04, 2017 Apr, Apr 2017, April 2017, 2017-Q2, 2017Q2, 2017 Q2, Q2 2017, "
    "2017-W14, 2017-04-01, 2017 (years with four digits, month names in any case).";

struct Token {
  char kind;              // 'N' number, 'A' letters, or the separator itself ('-', '/', ' ')
  std::string_view text;  // lower-cased, a view into the caller's buffer
};

// At most this many tokens: the longest accepted form, "2017-04-01", has five.
constexpr std::size_t kMaxTokens = 8;

struct Tokens {
  std::array<Token, kMaxTokens> items;
  std::size_t count = 0;
  std::string shape;  // the kinds, e.g. "N-AN"
  const Token& operator[](std::size_t i) const { return items[i]; }
  const Token& back() const { return items[count - 1]; }
};

// Either a period or the reason the text is not one (empty reason: not a recognised form).
struct ParseOutcome {
  std::optional<Period> period;
  std::string problem;
};

ParseOutcome failure(std::string problem) { return {std::nullopt, std::move(problem)}; }

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// Cuts `lower` (already lower-cased) into tokens; nullopt for other characters or too many tokens.
std::optional<Tokens> tokenize(std::string_view lower) {
  Tokens tokens;
  std::size_t i = 0;
  auto push = [&](char kind, std::string_view text) {
    if (tokens.count == kMaxTokens) return false;
    tokens.items[tokens.count++] = {kind, text};
    tokens.shape += kind;
    return true;
  };
  while (i < lower.size()) {
    const char c = lower[i];
    bool ok = true;
    if (is_digit(c) || is_letter(c)) {
      const bool digits = is_digit(c);
      std::size_t j = i;
      while (j < lower.size() && (digits ? is_digit(lower[j]) : is_letter(lower[j]))) ++j;
      ok = push(digits ? 'N' : 'A', lower.substr(i, j - i));
      i = j;
    } else if (c == ' ' || c == '\t') {
      while (i < lower.size() && (lower[i] == ' ' || lower[i] == '\t')) ++i;
      ok = push(' ', " ");
    } else if (c == '-' || c == '/') {
      ok = push(c, lower.substr(i, 1));
      ++i;
    } else {
      return std::nullopt;
    }
    if (!ok) return std::nullopt;
  }
  return tokens;
}

// Month number 1..12 for an English month name or its three-letter abbreviation (or "sept").
std::optional<int> month_from_name(std::string_view word) {
  static constexpr std::array<std::string_view, 12> kNames = {
      "january", "february", "march",     "april",   "may",      "june",
      "july",    "august",   "september", "october", "november", "december"};
  for (int m = 0; m < 12; ++m) {
    if (word == kNames[m] || word == kNames[m].substr(0, 3)) return m + 1;
  }
  if (word == "sept") return 9;
  return std::nullopt;
}

bool is_year(const Token& t) { return t.kind == 'N' && t.text.size() == 4; }
// Value of a digit run of at most 9 digits (callers check lengths first).
int number(const Token& t) {
  int value = 0;
  for (char c : t.text) value = value * 10 + (c - '0');
  return value;
}

ParseOutcome make_month(const Token& year, int month) {
  if (month < 1 || month > 12) return failure(fmt::format("month {} is outside 1..12", month));
  return {Period::month(number(year), month), {}};
}

ParseOutcome make_quarter(const Token& year, const Token& quarter) {
  if (quarter.text.size() != 1) return failure("the quarter must be one digit, 1..4");
  const int q = number(quarter);
  if (q < 1 || q > 4) return failure(fmt::format("quarter {} is outside 1..4", q));
  return {Period::quarter(number(year), q), {}};
}

ParseOutcome make_week(const Token& year, const Token& week) {
  if (week.text.size() > 2) return failure("the week must be one or two digits, 1..53");
  const int y = number(year);
  const int w = number(week);
  const int weeks = iso_weeks_in_year(y);
  if (w < 1 || w > weeks) {
    return failure(
        fmt::format("week {} does not exist in ISO year {}, which has {} weeks", w, y, weeks));
  }
  return {Period::week(y, w), {}};
}

ParseOutcome make_day(const Token& year, const Token& month, const Token& day) {
  if (month.text.size() > 2 || day.text.size() > 2) return failure({});
  const int y = number(year);
  const int m = number(month);
  const int d = number(day);
  if (m < 1 || m > 12) return failure(fmt::format("month {} is outside 1..12", m));
  const int last = days_in_month(y, m);
  if (d < 1 || d > last) {
    return failure(
        fmt::format("day {} does not exist in {}-{:02d}, which has {} days", d, y, m, last));
  }
  return {Period::day(y, m, d), {}};
}

// The canonical forms (2017-04, 2017-04-01, 2017-Q2, 2017-W14, 2017), read without allocating:
// CSV columns hold millions of these. Returns nullopt for anything else, including out-of-range
// fields, which the general path then reads and explains.
std::optional<Period> parse_canonical(std::string_view s) {
  auto digits = [&](std::size_t from, std::size_t n) {
    int value = 0;
    for (std::size_t i = from; i < from + n; ++i) {
      if (!is_digit(s[i])) return -1;
      value = value * 10 + (s[i] - '0');
    }
    return value;
  };
  if (s.size() < 4) return std::nullopt;
  const int year = digits(0, 4);
  if (year < 0) return std::nullopt;
  if (s.size() == 4) return Period::year(year);
  if (s[4] != '-') return std::nullopt;
  if (s.size() == 7 && (s[5] == 'Q' || s[5] == 'q')) {
    const int q = digits(6, 1);
    if (q >= 1 && q <= 4) return Period::quarter(year, q);
    return std::nullopt;
  }
  if (s.size() == 8 && (s[5] == 'W' || s[5] == 'w')) {
    const int w = digits(6, 2);
    if (w >= 1 && w <= iso_weeks_in_year(year)) return Period::week(year, w);
    return std::nullopt;
  }
  const int month = s.size() >= 7 ? digits(5, 2) : -1;
  if (month < 1 || month > 12) return std::nullopt;
  if (s.size() == 7) return Period::month(year, month);
  if (s.size() == 10 && s[7] == '-') {
    const int day = digits(8, 2);
    if (day >= 1 && day <= days_in_month(year, month)) return Period::day(year, month, day);
  }
  return std::nullopt;
}

// Reads the text in its own frequency (a date stays a day).
ParseOutcome parse_natural(std::string_view text) {
  const std::size_t first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return failure("the text is empty");
  const std::size_t last = text.find_last_not_of(" \t");
  text = text.substr(first, last - first + 1);
  if (auto fast = parse_canonical(text)) return {fast, {}};
  if (text.size() > 40) return failure({});  // no accepted form is this long
  std::string lower(text);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const auto tokens = tokenize(lower);
  if (!tokens) return failure({});
  const Tokens& t = *tokens;
  const std::string& shape = t.shape;

  if (shape == "N" && is_year(t[0])) return {Period::year(number(t[0])), {}};
  if (shape == "N-N" && is_year(t[0]) && t[2].text.size() <= 2) {
    return make_month(t[0], number(t[2]));
  }
  if (shape == "N-N-N" && is_year(t[0])) return make_day(t[0], t[2], t[4]);
  // 2017 Apr, 2017-April, 2017Apr
  if ((shape == "N A" || shape == "N-A" || shape == "NA") && is_year(t[0])) {
    if (auto m = month_from_name(t.back().text)) return make_month(t[0], *m);
  }
  // Apr 2017, April-2017, Apr2017
  if ((shape == "A N" || shape == "A-N" || shape == "AN") && is_year(t.back())) {
    if (auto m = month_from_name(t[0].text)) return make_month(t.back(), *m);
  }
  // 2017Q2, 2017-Q2, 2017 Q2, and the same with W for ISO weeks
  if ((shape == "NAN" || shape == "N-AN" || shape == "N AN") && is_year(t[0])) {
    const Token& letter = t[t.count - 2];
    if (letter.text == "q") return make_quarter(t[0], t.back());
    if (letter.text == "w") return make_week(t[0], t.back());
  }
  // Q2 2017, Q2-2017, W14 2017
  if ((shape == "AN N" || shape == "AN-N") && is_year(t.back())) {
    if (t[0].text == "q") return make_quarter(t.back(), t[1]);
    if (t[0].text == "w") return make_week(t.back(), t[1]);
  }
  return failure({});
}

std::string article(Frequency f) { return f == Frequency::Day ? "a day" : "a " + to_string(f); }

ParseOutcome parse_with_expectation(std::string_view text, std::optional<Frequency> expected) {
  ParseOutcome outcome = parse_natural(text);
  if (!outcome.period || !expected || outcome.period->frequency() == *expected) return outcome;
  const Period found = *outcome.period;
  if (found.frequency() == Frequency::Day) return {found.to(*expected), {}};
  return failure(fmt::format("it is {} ({}) but {} was expected", article(found.frequency()),
                             found.to_string(), article(*expected)));
}

}  // namespace

std::optional<Period> Period::try_parse(std::string_view text, std::optional<Frequency> expected) {
  return parse_with_expectation(text, expected).period;
}

Period Period::parse(std::string_view text, std::optional<Frequency> expected,
                     const std::string& where) {
  ParseOutcome outcome = parse_with_expectation(text, expected);
  if (outcome.period) return *outcome.period;
  std::string what = fmt::format("cannot read \"{}\" as a period", text);
  if (!outcome.problem.empty()) what += ": " + outcome.problem;
  throw Error(where.empty() ? std::string("period") : where, what, kAcceptedForms);
}

}  // namespace harmcast
