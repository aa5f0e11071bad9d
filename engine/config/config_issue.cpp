#include "engine/config/config_issue.hpp"

#include <algorithm>
#include <cctype>

#include "engine/core/error.hpp"

namespace harmcast {

std::string ConfigIssue::to_string() const {
  std::string text = key_path;
  if (line > 0) text += " at line " + std::to_string(line);
  return text + ": " + message;
}

void ConfigIssues::add(std::string key_path, int line, std::string message) {
  issues_.push_back({std::move(key_path), line, std::move(message)});
}

void ConfigIssues::append(const ConfigIssues& other) {
  issues_.insert(issues_.end(), other.issues_.begin(), other.issues_.end());
}

std::vector<ConfigIssue> ConfigIssues::sorted() const {
  std::vector<ConfigIssue> result = issues_;
  std::stable_sort(result.begin(), result.end(),
                   [](const ConfigIssue& a, const ConfigIssue& b) { return a.line < b.line; });
  return result;
}

std::string ConfigIssues::format() const {
  std::string text;
  for (const ConfigIssue& issue : sorted()) {
    if (!text.empty()) text += '\n';
    text += issue.to_string();
  }
  return text;
}

void ConfigIssues::throw_if_any(const std::string& source_name) const {
  if (issues_.empty()) return;
  const std::string count =
      issues_.size() == 1 ? "1 problem" : std::to_string(issues_.size()) + " problems";
  throw Error(source_name, count + " in the config:\n" + format());
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  // Optimal string alignment: the Levenshtein dynamic programme over prefixes of a (rows) and
  // b (columns), plus swaps of two adjacent letters ("titel" -> "title" is one edit).
  auto same = [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) ==
           std::tolower(static_cast<unsigned char>(y));
  };
  std::vector<std::size_t> before(b.size() + 1), previous(b.size() + 1), current(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) previous[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    current[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t cost = same(a[i - 1], b[j - 1]) ? 0 : 1;
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost});
      if (i > 1 && j > 1 && same(a[i - 1], b[j - 2]) && same(a[i - 2], b[j - 1]))
        current[j] = std::min(current[j], before[j - 2] + 1);
    }
    before = previous;
    std::swap(previous, current);
  }
  return previous[b.size()];
}

namespace {

bool starts_with_ignoring_case(std::string_view text, std::string_view prefix) {
  if (prefix.size() > text.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(text[i])) !=
        std::tolower(static_cast<unsigned char>(prefix[i])))
      return false;
  }
  return true;
}

// A word that spells out or shortens a candidate ("negbinomial" for "negbin", "pois" for
// "poisson") is a likelier intent than a candidate a few edits away ("binomial"): the longest
// such candidate of at least three letters wins.
std::optional<std::string> candidate_sharing_prefix(std::string_view word,
                                                    const std::vector<std::string>& candidates) {
  std::optional<std::string> best;
  for (const std::string& candidate : candidates) {
    const bool shares =
        starts_with_ignoring_case(word, candidate) || starts_with_ignoring_case(candidate, word);
    if (shares && std::min(word.size(), candidate.size()) >= 3 &&
        (!best || candidate.size() > best->size()))
      best = candidate;
  }
  return best;
}

}  // namespace

std::optional<std::string> closest_word(std::string_view word,
                                        const std::vector<std::string>& candidates) {
  if (std::optional<std::string> shared = candidate_sharing_prefix(word, candidates)) return shared;
  const std::size_t allowed = std::max<std::size_t>(1, word.size() / 3);
  std::optional<std::string> best;
  std::size_t best_distance = allowed + 1;
  for (const std::string& candidate : candidates) {
    const std::size_t distance = edit_distance(word, candidate);
    if (distance < best_distance) {
      best_distance = distance;
      best = candidate;
    }
  }
  return best;
}

std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates) {
  const std::optional<std::string> best = closest_word(word, candidates);
  return best ? "; did you mean \"" + *best + "\"?" : std::string();
}

}  // namespace harmcast
