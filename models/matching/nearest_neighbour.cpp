#include "models/matching/nearest_neighbour.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <parallel/algorithm>
#include <unordered_map>
#include <utility>

#include "engine/core/error.hpp"
#include "models/matching/match_support.hpp"

namespace harmcast {

namespace {

constexpr const char* kWhere = "nearest-neighbour matching";
constexpr std::size_t kParallelSortSize = 100000;  // below this one thread sorts faster

// Controls of every stratum sorted by (stratum, distance, unit), with links to the nearest
// unused control on either side. Links are compressed as they are followed (union-find), so a
// long run of used controls is skipped in near-constant time.
class SortedControls {
 public:
  SortedControls(std::span<const double> distance, const std::vector<std::size_t>& controls,
                 const std::vector<std::int32_t>& stratum_of_unit) {
    // Sort compact (stratum, distance, unit) records: far fewer cache misses than sorting
    // indices with a comparator that looks the values up.
    struct Record {
      std::int32_t stratum;
      double key;
      std::size_t unit;
    };
    std::vector<Record> records(controls.size());
    for (std::size_t i = 0; i < controls.size(); ++i)
      records[i] = {stratum_of_unit[controls[i]], distance[controls[i]], controls[i]};
    // (stratum, key, unit) is a total order (units are distinct), so the parallel sort gives
    // the one sorted sequence whatever the thread count.
    auto less = [](const Record& a, const Record& b) {
      if (a.stratum != b.stratum) return a.stratum < b.stratum;
      if (a.key != b.key) return a.key < b.key;
      return a.unit < b.unit;
    };
    if (records.size() >= kParallelSortSize)
      __gnu_parallel::sort(records.begin(), records.end(), less);
    else
      std::sort(records.begin(), records.end(), less);
    units_.resize(records.size());
    keys_.resize(records.size());
    for (std::size_t i = 0; i < records.size(); ++i) {
      units_[i] = records[i].unit;
      keys_[i] = records[i].key;
    }
    for (std::size_t i = 0, begin = 0; i < records.size(); ++i)  // one hash insert per stratum
      if (i + 1 == records.size() || records[i + 1].stratum != records[i].stratum) {
        ranges_[records[i].stratum] = Range{begin, i + 1};
        begin = i + 1;
      }
    const std::size_t m = units_.size();
    right_.resize(m + 1);
    left_.resize(m + 1);
    std::iota(right_.begin(), right_.end(), std::size_t{0});  // right_[m]: none to the right
    std::iota(left_.begin(), left_.end(), std::size_t{0});    // left_[j + 1] stands for j
  }

  struct Range {
    std::size_t begin = 0, end = 0;
  };
  // The sorted range of a stratum (empty if it has no controls).
  Range range(std::int32_t stratum) const {
    auto it = ranges_.find(stratum);
    return it == ranges_.end() ? Range{} : it->second;
  }
  std::size_t size() const { return units_.size(); }
  std::size_t unit(std::size_t pos) const { return units_[pos]; }
  double key(std::size_t pos) const { return keys_[pos]; }
  // First position in [r.begin, r.end) with key >= value.
  std::size_t lower_bound(Range r, double value) const {
    return static_cast<std::size_t>(
        std::lower_bound(keys_.begin() + r.begin, keys_.begin() + r.end, value) - keys_.begin());
  }
  // Nearest unused position >= pos (size() if none).
  std::size_t next_unused(std::size_t pos) {
    std::size_t root = pos;
    while (right_[root] != root) root = right_[root];
    while (right_[pos] != root) pos = std::exchange(right_[pos], root);
    return root;
  }
  // Nearest unused position <= pos, as pos + 1 (0 if none); call with pos + 1.
  std::size_t previous_unused_plus_one(std::size_t pos1) {
    std::size_t root = pos1;
    while (left_[root] != root) root = left_[root];
    while (left_[pos1] != root) pos1 = std::exchange(left_[pos1], root);
    return root;
  }
  void mark_used(std::size_t pos) {
    right_[pos] = pos + 1;
    left_[pos + 1] = pos;
  }

 private:
  std::vector<std::size_t> units_;
  std::vector<double> keys_;
  std::unordered_map<std::int32_t, Range> ranges_;
  std::vector<std::size_t> right_, left_;
};

// Without replacement: the unused control nearest to `dt` within the caliper, ties to the
// lowest unit index (MatchIt's which.min over controls in data order). Returns a sorted
// position, or SIZE_MAX if none.
std::size_t nearest_unused(SortedControls& sorted, SortedControls::Range r, double dt,
                           double caliper) {
  constexpr std::size_t none = static_cast<std::size_t>(-1);
  if (r.begin == r.end) return none;
  const std::size_t p = sorted.lower_bound(r, dt);
  std::size_t right = sorted.next_unused(p);
  if (right >= r.end) right = none;
  const std::size_t left_plus_one = sorted.previous_unused_plus_one(p);
  std::size_t left = (left_plus_one == 0 || left_plus_one - 1 < r.begin) ? none : left_plus_one - 1;
  const double inf = std::numeric_limits<double>::infinity();
  // |d_c - dt| as MatchIt computes it: floating subtraction is monotone, so on each side the
  // gap grows away from dt and equal gaps sit next to each other among unused controls.
  const double gap_right = right == none ? inf : std::fabs(sorted.key(right) - dt);
  const double gap_left = left == none ? inf : std::fabs(sorted.key(left) - dt);
  const double best = std::min(gap_right, gap_left);
  if (!(best <= caliper)) return none;
  std::size_t chosen = none, chosen_unit = none;
  auto consider = [&](std::size_t pos) {
    if (sorted.unit(pos) < chosen_unit) {
      chosen_unit = sorted.unit(pos);
      chosen = pos;
    }
  };
  for (std::size_t j = right; j != none && j < r.end && std::fabs(sorted.key(j) - dt) == best;) {
    consider(j);
    j = j + 1 < r.end ? sorted.next_unused(j + 1) : none;
  }
  for (std::size_t j = left; j != none && std::fabs(sorted.key(j) - dt) == best;) {
    consider(j);
    const std::size_t prev1 = j == 0 ? 0 : sorted.previous_unused_plus_one(j);
    j = (prev1 == 0 || prev1 - 1 < r.begin) ? none : prev1 - 1;
  }
  return chosen;
}

// With replacement: the `k` nearest controls within the caliper of `dt` (MatchIt: all eligible
// if there are no more than k; else std::partial_sort of the eligible controls, in data order,
// by gap). A tie at the k-th place falls back to running that same partial_sort.
std::vector<std::size_t> nearest_k(const SortedControls& sorted, SortedControls::Range r, double dt,
                                   double caliper, int k) {
  // Eligible: a contiguous block of positions (gap monotone on either side of dt).
  const std::size_t p = sorted.lower_bound(r, dt);
  std::size_t lo = p, hi = p;
  {
    std::size_t a = r.begin, b = p;  // first position in [r.begin, p) with gap <= caliper
    while (a < b) {
      const std::size_t mid = a + (b - a) / 2;
      if (std::fabs(sorted.key(mid) - dt) <= caliper)
        b = mid;
      else
        a = mid + 1;
    }
    lo = a;
    a = p;
    b = r.end;  // first position in [p, r.end) with gap > caliper
    while (a < b) {
      const std::size_t mid = a + (b - a) / 2;
      if (std::fabs(sorted.key(mid) - dt) <= caliper)
        a = mid + 1;
      else
        b = mid;
    }
    hi = a;
  }
  std::vector<std::size_t> units;
  const std::size_t count = hi - lo;
  if (count == 0) return units;
  if (count <= static_cast<std::size_t>(k)) {
    for (std::size_t j = lo; j < hi; ++j) units.push_back(sorted.unit(j));
    std::sort(units.begin(), units.end());
    return units;
  }
  // Two-pointer walk outwards from dt; take k + 1 to see whether the k-th place is tied.
  std::vector<double> gaps;
  std::size_t l = p, rr = p;  // next candidates: l - 1 on the left, rr on the right
  while (static_cast<int>(gaps.size()) < k + 1 && (l > lo || rr < hi)) {
    const double gl = l > lo ? std::fabs(sorted.key(l - 1) - dt) : INFINITY;
    const double gr = rr < hi ? std::fabs(sorted.key(rr) - dt) : INFINITY;
    if (gl <= gr) {
      units.push_back(sorted.unit(--l));
      gaps.push_back(gl);
    } else {
      units.push_back(sorted.unit(rr++));
      gaps.push_back(gr);
    }
  }
  if (static_cast<int>(gaps.size()) <= k || gaps[k] != gaps[k - 1]) {
    units.resize(std::min<std::size_t>(units.size(), k));
    return units;
  }
  // Tie at the boundary: MatchIt's exact procedure on the eligible block in data order.
  std::vector<std::size_t> eligible;
  for (std::size_t j = lo; j < hi; ++j) eligible.push_back(sorted.unit(j));
  std::sort(eligible.begin(), eligible.end());
  std::vector<double> match_distance(eligible.size());
  {
    std::unordered_map<std::size_t, double> key_of;
    for (std::size_t j = lo; j < hi; ++j) key_of.emplace(sorted.unit(j), sorted.key(j));
    for (std::size_t j = 0; j < eligible.size(); ++j)
      match_distance[j] = std::fabs(key_of[eligible[j]] - dt);
  }
  std::vector<int> indices(eligible.size());
  std::iota(indices.begin(), indices.end(), 0);
  std::partial_sort(indices.begin(), indices.begin() + k, indices.end(),
                    [&](int a, int b) { return match_distance[a] < match_distance[b]; });
  units.clear();
  for (int j = 0; j < k; ++j) units.push_back(eligible[indices[j]]);
  return units;
}

// With replacement and pooled ties (R Matching's ties = TRUE): every eligible control whose
// squared gap in SDs, ((d_c - dt) / sd)^2, is within `tolerance` of the k-th smallest, in data
// order. The eligible block is sorted by distance, so the set is a contiguous run around dt.
std::vector<std::size_t> nearest_with_ties(const SortedControls& sorted, SortedControls::Range r,
                                           double dt, double caliper, int k, double sd,
                                           double tolerance) {
  const double scale = sd > 0.0 ? sd : 1.0;
  auto squared_gap = [&](std::size_t pos) {
    const double z = (sorted.key(pos) - dt) / scale;
    return z * z;
  };
  auto eligible = [&](std::size_t pos) { return std::fabs(sorted.key(pos) - dt) <= caliper; };
  // Walk outwards from dt k steps: the last gap taken is the k-th smallest (gaps grow away
  // from dt on either side). Fewer than k eligible controls: all of them.
  const std::size_t p = sorted.lower_bound(r, dt);
  std::size_t lo = p, hi = p;
  double kth = -1.0;
  for (int taken = 0; taken < k; ++taken) {
    const bool left = lo > r.begin && eligible(lo - 1);
    const bool right = hi < r.end && eligible(hi);
    if (!left && !right) break;
    const double gl = left ? squared_gap(lo - 1) : INFINITY;
    const double gr = right ? squared_gap(hi) : INFINITY;
    kth = gl <= gr ? squared_gap(--lo) : squared_gap(hi++);
  }
  std::vector<std::size_t> units;
  if (kth < 0.0) return units;
  const double limit = kth + tolerance;
  while (lo > r.begin && eligible(lo - 1) && squared_gap(lo - 1) <= limit) --lo;
  while (hi < r.end && eligible(hi) && squared_gap(hi) <= limit) ++hi;
  for (std::size_t pos = lo; pos < hi; ++pos) units.push_back(sorted.unit(pos));
  std::sort(units.begin(), units.end());
  return units;
}

}  // namespace

MatchResult match_nearest(std::span<const double> distance, std::span<const std::uint8_t> treat,
                          const NearestOptions& options, std::span<const std::int32_t> strata) {
  options.validate();
  MatchSetup setup = prepare_matching(distance, treat, options, strata, kWhere);
  MatchResult result = start_result(setup, options);

  const double caliper =
      result.has_caliper ? result.caliper_absolute : std::numeric_limits<double>::infinity();
  SortedControls sorted(distance, setup.eligible_controls, setup.stratum);
  const std::vector<std::size_t> order =
      treated_visit_order(distance, result.treated_units, options);
  const int k = options.ratio;

  if (!options.replace) {
    std::vector<std::int64_t> matrix(result.treated_units.size() * k, -1);
    for (int round = 0; round < k; ++round) {
      for (std::size_t t : order) {
        const std::size_t unit = result.treated_units[t];
        if (result.discarded[unit]) continue;
        const std::size_t pos =
            nearest_unused(sorted, sorted.range(setup.stratum[unit]), distance[unit], caliper);
        if (pos == static_cast<std::size_t>(-1)) continue;
        sorted.mark_used(pos);
        matrix[t * k + round] = static_cast<std::int64_t>(sorted.unit(pos));
      }
    }
    store_match_matrix(result, matrix, k);
  } else {
    result.set_offsets.assign(1, 0);
    for (std::size_t t = 0; t < result.treated_units.size(); ++t) {
      const std::size_t unit = result.treated_units[t];
      if (!result.discarded[unit]) {
        const auto range = sorted.range(setup.stratum[unit]);
        const auto units = options.pool_ties
                               ? nearest_with_ties(sorted, range, distance[unit], caliper, k,
                                                   setup.distance_sd, options.tie_tolerance)
                               : nearest_k(sorted, range, distance[unit], caliper, k);
        result.set_controls.insert(result.set_controls.end(), units.begin(), units.end());
      }
      result.set_offsets.push_back(result.set_controls.size());
    }
  }
  finish_result(result, options, kWhere);
  return result;
}

std::vector<std::pair<std::size_t, std::size_t>> matched_pairs(const MatchResult& result) {
  std::vector<std::pair<std::size_t, std::size_t>> pairs;
  for (std::size_t t = 0; t < result.treated_units.size(); ++t)
    for (std::size_t c : result.controls_of(t)) pairs.emplace_back(result.treated_units[t], c);
  return pairs;
}

}  // namespace harmcast
