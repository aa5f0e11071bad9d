#pragma once
// Greedy nearest-neighbour matching on a distance (propensity score), as MatchIt's classic
// matcher nn_matchC (MatchIt 4.5.1, src/nn_matchC.cpp; Ho, Imai, King & Stuart 2011, JSS 42(8)).
//
// Without replacement (MatchIt's default): for round r = 1..ratio, treated units are visited in
// `order` (largest/smallest distance first — R's stable order(), so ties keep data order — or
// data order, or a seeded random permutation); each takes the control, not used before, in its
// exact-matching stratum, with the smallest |d_c - d_t| among those with |d_c - d_t| <= caliper;
// equal gaps go to the control that comes first in the data (R's which.min). A treated unit
// with no eligible control stays unmatched in that round.
// With replacement (MatchIt sets order = data): each treated unit takes its `ratio` nearest
// controls within the caliper (all of them if there are no more than `ratio`); controls may be
// reused. A tie at the ratio-th place is broken exactly as MatchIt's std::partial_sort does.
// Pooled ties (pool_ties, with replacement only; R Matching's Match(ties = TRUE), Matching
// 4.10-8 src/matching.cc): with D_c = ((d_c - d_t) / sd)^2 the squared gap in SDs of the
// distance and D* the ratio-th smallest D_c among the eligible controls, the match set is every
// eligible control with D_c <= D* + tie_tolerance (Matching's distance.tolerance, 1e-5), in data
// order; each then counts 1 / (set size). Sets can hold more than `ratio` controls.
//
// Caliper: `caliper` standard deviations of the distance, sd = sample SD (n - 1) over all units
// not discarded (treated and control), as MatchIt's process.caliper (std.caliper = TRUE).
// Common support: units outside [max(min_t, min_c), min(max_t, max_c)] are discarded ("both"),
// or only treated outside the controls' range ("treated"), or controls outside the treated
// range ("control"), as MatchIt's discard().
// Weights (estimand ATT, MatchIt's weights_matrixC then matchit's rescaling): a matched treated
// unit has weight 1; control c gets sum over the treated units it was matched to of 1/(number
// of matches of that treated unit); control weights are then scaled to sum to the number of
// matched controls. Subclass (pair) ids are given without replacement only.
//
// Speed: controls are sorted by (stratum, distance, row) once; the nearest unused control is
// found by binary search plus "next unused to the left/right" links with path compression, so
// matching costs O(n log n) instead of MatchIt's O(n_treated x n_control).
// Mahalanobis matching (no distance) scans all eligible controls: O(n_treated x n_control).
#include <Eigen/Dense>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace harmcast {

enum class MatchOrder { Largest, Smallest, Random, Data };
std::string to_string(MatchOrder order);                // "largest", "smallest", ...
MatchOrder parse_match_order(const std::string& text);  // throws Error on other words

enum class CommonSupport { None, Both, Treated, Control };
std::string to_string(CommonSupport support);  // "none", "both", "treated", "control"
CommonSupport parse_common_support(const std::string& text);

struct NearestOptions {
  int ratio = 1;                                // controls per treated unit (1:k)
  std::optional<double> caliper;                // in SDs of the distance; empty = no caliper
  bool replace = false;                         // controls may be matched to several treated units
  MatchOrder order = MatchOrder::Largest;       // order the treated units are matched in
  std::uint64_t seed = 20240501;                // for order = random
  CommonSupport discard = CommonSupport::None;  // drop units outside common support first
  bool pool_ties = false;       // with replace: all controls tied with the ratio-th (R Matching)
  double tie_tolerance = 1e-5;  // on the squared gap in SDs of the distance (pool_ties only)

  void validate() const;  // throws harmcast::Error naming the field and the rule broken
};

struct MatchResult {
  std::vector<std::size_t> treated_units;  // unit index of each treated unit, data order
  int ratio = 1;                           // controls asked for per treated unit
  // Match sets: the controls of treated_units[i] are set_controls[set_offsets[i] ..
  // set_offsets[i + 1]), in the order they were matched; empty for an unmatched treated unit.
  // With pooled ties a set can hold more than `ratio` controls.
  std::vector<std::size_t> set_offsets;  // treated_units.size() + 1 entries
  std::vector<std::size_t> set_controls;
  std::span<const std::size_t> controls_of(std::size_t i) const {
    return {set_controls.data() + set_offsets[i], set_offsets[i + 1] - set_offsets[i]};
  }
  std::vector<double> weights;          // per unit; 0 = not in the matched set
  std::vector<std::int64_t> subclass;   // per unit: pair id 0.., -1 = unmatched or replace
  std::vector<std::uint8_t> discarded;  // per unit: outside common support
  double caliper_absolute = 0.0;        // caliper on the distance scale (0 if none)
  double distance_sd = 0.0;             // sample SD of the distance over the units kept
  double tie_tolerance = 0.0;           // ties pooled within this (0 when not pooled)
  bool has_caliper = false;
  std::size_t n_treated = 0, n_control = 0;
  std::size_t n_matched_treated = 0, n_matched_control = 0;  // distinct units with weight > 0
  std::size_t n_discarded = 0;
  std::string message;  // one line: what was matched
};

// Matches on `distance` (one value per unit; treated = 1 / control = 0 in `treat`).
// `strata`: exact-matching stratum per unit (empty = none). Throws harmcast::Error for no treated
// or no control units, non-finite distances, sizes that differ, and when nobody is matched
// (naming the caliper if one was used).
MatchResult match_nearest(std::span<const double> distance, std::span<const std::uint8_t> treat,
                          const NearestOptions& options, std::span<const std::int32_t> strata = {});

// Mahalanobis-distance matching on `covariates` (units x p), scaled by the pooled within-group
// covariance (as MatchIt's distance = "mahalanobis"); order must be data or random; no caliper.
MatchResult match_mahalanobis(const Eigen::MatrixXd& covariates,
                              std::span<const std::uint8_t> treat, const NearestOptions& options,
                              std::span<const std::int32_t> strata = {});

// Matched pairs as unit indices: one (treated unit, control unit) per match, treated in data
// order, a treated unit's controls in the order they were matched.
std::vector<std::pair<std::size_t, std::size_t>> matched_pairs(const MatchResult& result);

}  // namespace harmcast
