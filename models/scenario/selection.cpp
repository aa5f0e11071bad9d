// Checks of what interventions and targets select, and path summaries (simulation.hpp).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "engine/config/config_issue.hpp"
#include "models/scenario/simulation.hpp"

namespace harmcast::scenario {
namespace {

void unknown_labels(const std::vector<std::string>& wanted, const std::set<std::string>& present,
                    const std::string& field, const std::string& noun,
                    std::vector<std::pair<std::string, std::string>>& problems) {
  const std::vector<std::string> candidates(present.begin(), present.end());
  for (const auto& label : wanted) {
    if (present.count(label)) continue;
    std::string known;
    for (std::size_t i = 0; i < candidates.size() && i < 6; ++i)
      known += (i ? ", " : "") + candidates[i];
    if (candidates.size() > 6) known += ", ...";
    problems.emplace_back(field, fmt::format("no series has {} \"{}\"{} (the data has {})", noun,
                                             label, did_you_mean(label, candidates), known));
  }
}

}  // namespace

std::vector<std::pair<std::string, std::string>> selection_problems(
    const InterventionTarget& selection, const std::vector<SeriesLabels>& series) {
  std::set<std::string> crime_types, wards, cohorts;
  for (const auto& s : series) {
    if (s.cohort.empty()) {
      crime_types.insert(s.crime_type);
      wards.insert(s.ward);
    } else {
      cohorts.insert(s.cohort);
    }
  }
  std::vector<std::pair<std::string, std::string>> problems;
  if (!selection.cohort.empty()) {
    unknown_labels({selection.cohort}, cohorts, "cohort", "cohort", problems);
    return problems;
  }
  unknown_labels(selection.crime_types, crime_types, "crime_types", "crime type", problems);
  unknown_labels(selection.wards, wards, "wards", "ward", problems);
  if (!problems.empty()) return problems;
  const bool any = std::any_of(series.begin(), series.end(), [&](const SeriesLabels& s) {
    return selection.matches(s.crime_type, s.ward, s.cohort);
  });
  if (!any) problems.emplace_back("", "these crime types and wards select no series");
  return problems;
}

Summary summarise(std::vector<double> values) {
  Summary s;
  if (values.empty()) return s;
  const std::size_t n = values.size();
  double sum = 0;
  for (double v : values) sum += v;
  s.mean = sum / static_cast<double>(n);
  double ss = 0;
  for (double v : values) ss += (v - s.mean) * (v - s.mean);
  s.sd = n > 1 ? std::sqrt(ss / static_cast<double>(n - 1)) : 0.0;
  // Type-7 quantiles, x[lo] + (h - lo)(x[lo + 1] - x[lo]) with h = (n - 1) p, by selection
  // rather than a full sort: x[lo] by nth_element on what is not yet placed, x[lo + 1] as the
  // smallest value above it (quantiles in increasing order, so each search starts at lo + 1).
  auto first = values.begin();
  auto quantile = [&](double p) {
    const double h = static_cast<double>(n - 1) * p;
    const auto lo = static_cast<std::ptrdiff_t>(std::floor(h));
    const auto at = values.begin() + lo;
    if (at >= first) std::nth_element(first, at, values.end());
    first = at + 1;
    const double x_lo = *at;
    const double x_hi = first < values.end() ? *std::min_element(first, values.end()) : x_lo;
    return x_lo + (h - static_cast<double>(lo)) * (x_hi - x_lo);
  };
  s.q025 = quantile(0.025);
  s.q10 = quantile(0.10);
  s.q50 = quantile(0.50);
  s.q90 = quantile(0.90);
  s.q975 = quantile(0.975);
  return s;
}

}  // namespace harmcast::scenario
