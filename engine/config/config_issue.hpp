#pragma once
// Config problems, collected rather than thrown one at a time.
//
// Reading a config never stops at the first mistake: every problem found is recorded as a
// ConfigIssue (key path, 1-based line, message) and, at the end, all of them are thrown together
// as one harmcast::Error whose message lists each problem on its own line, sorted by line:
//
//   experiments/demo.yaml: 2 problems in the config:
//   forcast at line 3: unknown key; did you mean "forecast"?
//   kpi.level at line 12: expected a number in (0, 1), got 1.5
//
// Suggestions ("did you mean") come from an edit distance and are offered only when the nearest
// candidate is close (see closest_word).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace harmcast {

struct ConfigIssue {
  std::string key_path;  // e.g. "forecast.horizon" or "forecast.levels[1]"
  int line = 0;          // 1-based line in the config file; 0 when unknown (a struct built in code)
  std::string message;   // e.g. `expected a positive integer, got "36m"`

  // `forecast.horizon at line 12: expected ...`, or `forecast.horizon: expected ...` without line.
  std::string to_string() const;
};

class ConfigIssues {
 public:
  void add(std::string key_path, int line, std::string message);
  void append(const ConfigIssues& other);

  bool empty() const { return issues_.empty(); }
  std::size_t size() const { return issues_.size(); }
  // The issues sorted by line (stable, so issues on one line keep the order they were found in).
  std::vector<ConfigIssue> sorted() const;
  // One issue per line, sorted by line, no trailing newline.
  std::string format() const;
  // Throws one harmcast::Error (where = source_name) listing every issue; does nothing if empty.
  void throw_if_any(const std::string& source_name) const;

 private:
  std::vector<ConfigIssue> issues_;
};

// Edit distance ignoring case: insertions, deletions, substitutions and swaps of two adjacent
// letters all cost 1 (Levenshtein with transpositions, "optimal string alignment").
std::size_t edit_distance(std::string_view a, std::string_view b);

// The candidate nearest to `word`, if it is close enough to be a likely typo: an edit distance of
// at most max(1, length/3) (so "forcast" -> "forecast", "arma" -> "arima", but "x" -> nothing).
std::optional<std::string> closest_word(std::string_view word,
                                        const std::vector<std::string>& candidates);

// `; did you mean "forecast"?` or an empty string when nothing is close.
std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace harmcast
