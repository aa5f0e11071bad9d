#pragma once
// "Did you mean" hints for names the user typed: the closest candidate by Levenshtein edit
// distance (case-insensitive match first), plus the list of what is available.
#include <string>
#include <string_view>
#include <vector>

namespace harmcast {

// Levenshtein distance: the fewest single-character insertions, deletions and substitutions
// turning `a` into `b` (Levenshtein 1966; Wagner-Fischer dynamic programme, O(|a||b|)).
std::size_t levenshtein_distance(std::string_view a, std::string_view b);

// The candidate closest to `wanted`, or "" when none is plausibly a typo (distance above
// max(2, |wanted| / 3)).
std::string closest_name(std::string_view wanted, const std::vector<std::string>& candidates);

// A hint such as "Did you mean 'age'? Available columns: id, age, sex." (at most 40 names listed).
std::string did_you_mean_hint(std::string_view wanted, const std::vector<std::string>& candidates,
                              const std::string& what_they_are = "columns");

}  // namespace harmcast
