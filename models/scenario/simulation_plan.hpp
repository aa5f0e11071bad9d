#pragma once
// The bookkeeping of simulate_scenarios (simulation.cpp), internal to models/scenario: which
// per-path sums (aggregates) the outputs need, and the streamed sums themselves. Each output row
// (events averted in a year, a fan month, a target window) is a sum over a set of series and
// months of one variant (the baseline or a scenario), or of baseline minus scenario, kept per
// path so its quantiles can be taken at the end without holding the paths.
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "models/scenario/simulation.hpp"

namespace harmcast::scenario::plan_detail {

constexpr int kBaseline = -1;  // Aggregate::variant of the baseline

// A per-path sum over a set of series and months [t0, t1) of one variant (the baseline or a
// scenario), or of baseline minus scenario (events averted).
struct Aggregate {
  int variant = kBaseline;
  bool averted = false;
  int t0 = 0, t1 = 0;
};

struct AvertedKey {
  int scenario, year, months, aggregate;
  std::string crime_type;
  std::vector<int> baseline_fans;  // fan aggregates of the year's months (for baseline_mean)
  bool cohort;
};
struct FanKey {
  int scenario, t, baseline, with_scenario;
  std::string crime_type;
  bool cohort;
};
struct TargetKey {
  int target, variant, aggregate;
};

// What to sum, for whom, and how the sums become output rows.
struct Plan {
  std::vector<Aggregate> aggregates;
  std::vector<std::vector<int>> of_series;  // aggregates each series adds to
  std::vector<AvertedKey> averted;
  std::vector<FanKey> fans;
  std::vector<TargetKey> targets;

  // The id of the sum of variant a.variant over `series` and months [a.t0, a.t1): a new one, or
  // the one asked for before (every scenario's fan shares the baseline's monthly sums).
  int add(Aggregate a, const std::vector<std::size_t>& series) {
    auto [it, added] = known.try_emplace({a.variant, a.averted, a.t0, a.t1, series},
                                         static_cast<int>(aggregates.size()));
    if (!added) return it->second;
    aggregates.push_back(a);
    for (std::size_t i : series) of_series[i].push_back(it->second);
    return it->second;
  }

 private:
  std::map<std::tuple<int, bool, int, int, std::vector<std::size_t>>, int> known;
};

Plan make_plan(const std::vector<Scenario>& scenarios, const std::vector<Target>& targets,
               const SimulationOptions& options, const std::vector<SeriesLabels>& series,
               const std::vector<std::vector<std::vector<int>>>& targeting);

// The per-path sums of one group: the aggregates its series add to, and their sums laid out
// path by path (sums[p * aggregates.size() + a]), so that the sweep over a path's aggregates
// writes one contiguous row. (One array per aggregate instead puts hundreds of equally spaced
// rows on the same cache sets and the writes thrash.)
struct GroupSums {
  std::vector<int> aggregates;  // ascending plan ids
  std::vector<double> sums;
};

// Adds one series' counts of paths [p0, p1) (rows of `base` and `variant` from p0, h months
// each), path by path, into every sum it adds to. Single months (the fans) come in runs: months
// t0, t0 + 1, ... into columns c0, c0 + stride, ..., summed in one tight loop.
void add_path_sums(const Plan& plan, int p0, int p1, int h, std::size_t series, GroupSums& out,
                   const double* base, const std::vector<const double*>& variant);

// Adds a group's sums to the totals (one vector of paths per aggregate), in blocks of rows.
void add_group_sums(const GroupSums& group, int n, std::vector<std::vector<double>>& totals);

}  // namespace harmcast::scenario::plan_detail
