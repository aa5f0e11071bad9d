#include "engine/table/name_suggestion.hpp"

#include <algorithm>
#include <cctype>
#include <numeric>

namespace harmcast {
namespace {

bool equal_ignoring_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

}  // namespace

std::size_t levenshtein_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> previous(b.size() + 1), current(b.size() + 1);
  std::iota(previous.begin(), previous.end(), std::size_t{0});
  for (std::size_t i = 1; i <= a.size(); ++i) {
    current[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, substitution});
    }
    std::swap(previous, current);
  }
  return previous[b.size()];
}

std::string closest_name(std::string_view wanted, const std::vector<std::string>& candidates) {
  for (const auto& candidate : candidates) {
    if (equal_ignoring_case(candidate, wanted)) return candidate;
  }
  const std::size_t limit = std::max<std::size_t>(2, wanted.size() / 3);
  std::string best;
  std::size_t best_distance = limit + 1;
  for (const auto& candidate : candidates) {
    const std::size_t distance = levenshtein_distance(wanted, candidate);
    if (distance < best_distance) {
      best_distance = distance;
      best = candidate;
    }
  }
  return best;
}

std::string did_you_mean_hint(std::string_view wanted, const std::vector<std::string>& candidates,
                              const std::string& what_they_are) {
  std::string hint;
  const std::string closest = closest_name(wanted, candidates);
  if (!closest.empty()) hint = "Did you mean '" + closest + "'? ";
  if (candidates.empty()) return hint + "There are no " + what_they_are + ".";
  hint += "Available " + what_they_are + ": ";
  constexpr std::size_t kMaxListed = 40;
  for (std::size_t i = 0; i < candidates.size() && i < kMaxListed; ++i) {
    if (i > 0) hint += ", ";
    hint += candidates[i];
  }
  if (candidates.size() > kMaxListed) {
    hint += " and " + std::to_string(candidates.size() - kMaxListed) + " more";
  }
  return hint + ".";
}

}  // namespace harmcast
