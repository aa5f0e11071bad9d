#include "models/matching/match_support.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "engine/core/error.hpp"
#include "engine/core/random.hpp"

namespace harmcast {

std::string to_string(MatchOrder order) {
  switch (order) {
    case MatchOrder::Largest:
      return "largest";
    case MatchOrder::Smallest:
      return "smallest";
    case MatchOrder::Random:
      return "random";
    case MatchOrder::Data:
      return "data";
  }
  return "largest";
}

MatchOrder parse_match_order(const std::string& text) {
  for (MatchOrder o :
       {MatchOrder::Largest, MatchOrder::Smallest, MatchOrder::Random, MatchOrder::Data})
    if (text == to_string(o)) return o;
  throw Error("matching order", fmt::format("unknown order '{}'", text),
              "use largest, smallest, random or data");
}

std::string to_string(CommonSupport support) {
  switch (support) {
    case CommonSupport::None:
      return "none";
    case CommonSupport::Both:
      return "both";
    case CommonSupport::Treated:
      return "treated";
    case CommonSupport::Control:
      return "control";
  }
  return "none";
}

CommonSupport parse_common_support(const std::string& text) {
  for (CommonSupport s :
       {CommonSupport::None, CommonSupport::Both, CommonSupport::Treated, CommonSupport::Control})
    if (text == to_string(s)) return s;
  throw Error("common support", fmt::format("unknown discard rule '{}'", text),
              "use none, both, treated or control");
}

void NearestOptions::validate() const {
  const char* where = "matching options";
  if (ratio < 1)
    throw Error(where, fmt::format("ratio must be at least 1, got {}", ratio),
                "use ratio = 1 for pair matching");
  if (caliper && !(std::isfinite(*caliper) && *caliper > 0.0))
    throw Error(where, fmt::format("caliper must be a positive number of SDs, got {}", *caliper),
                "a common choice is 0.2");
  if (pool_ties && !replace)
    throw Error(where, "pooled ties need matching with replacement",
                "set replace = true, or do not pool ties");
  if (!(std::isfinite(tie_tolerance) && tie_tolerance >= 0.0))
    throw Error(where, fmt::format("tie_tolerance must be zero or positive, got {}", tie_tolerance),
                "R Matching's default is 1e-5");
}

MatchSetup prepare_matching(std::span<const double> distance, std::span<const std::uint8_t> treat,
                            const NearestOptions& options, std::span<const std::int32_t> strata,
                            const char* where) {
  const std::size_t n = treat.size();
  if (!distance.empty() && distance.size() != n)
    throw Error(where, fmt::format("{} distances for {} units", distance.size(), n));
  if (!strata.empty() && strata.size() != n)
    throw Error(where, fmt::format("{} exact-matching strata for {} units", strata.size(), n));
  MatchSetup setup;
  for (std::size_t i = 0; i < n; ++i) {
    if (treat[i] > 1)
      throw Error(where, fmt::format("treatment of unit {} is {}, not 0 or 1", i + 1, treat[i]),
                  "code the treatment column as 1 = received the service, 0 = did not");
    (treat[i] ? setup.treated : setup.controls).push_back(i);
    if (!distance.empty() && !std::isfinite(distance[i]))
      throw Error(where, fmt::format("the distance of unit {} is not finite", i + 1),
                  "propensity scores must be finite numbers");
  }
  if (setup.treated.empty())
    throw Error(where, "there are no treated units",
                "check the treatment column: nobody has the value 1");
  if (setup.controls.empty())
    throw Error(where, "there are no control units",
                "check the treatment column: nobody has the value 0");
  setup.stratum.assign(n, 0);
  if (!strata.empty()) std::copy(strata.begin(), strata.end(), setup.stratum.begin());
  setup.discarded.assign(n, 0);
  if (options.discard != CommonSupport::None) {
    if (distance.empty())
      throw Error(where, "common support needs a propensity score",
                  "use discard = none with Mahalanobis matching");
    double min0 = INFINITY, max0 = -INFINITY, min1 = INFINITY, max1 = -INFINITY;
    for (std::size_t i = 0; i < n; ++i) {
      (treat[i] ? min1 : min0) = std::min(treat[i] ? min1 : min0, distance[i]);
      (treat[i] ? max1 : max0) = std::max(treat[i] ? max1 : max0, distance[i]);
    }
    for (std::size_t i = 0; i < n; ++i) {
      const double d = distance[i];
      bool out = false;
      switch (options.discard) {
        case CommonSupport::Both:
          out = d < std::max(min0, min1) || d > std::min(max0, max1);
          break;
        case CommonSupport::Control:
          out = !treat[i] && (d < min1 || d > max1);
          break;
        case CommonSupport::Treated:
          out = treat[i] && (d < min0 || d > max0);
          break;
        case CommonSupport::None:
          break;
      }
      // MatchIt's discard() flags any unit outside the range for "control"/"treated"; the
      // range is that of the other group, so only that group can fall outside it.
      setup.discarded[i] = out ? 1 : 0;
    }
  }
  for (std::size_t c : setup.controls)
    if (!setup.discarded[c]) setup.eligible_controls.push_back(c);
  if (!distance.empty()) {
    double sum = 0.0, count = 0.0;
    for (std::size_t i = 0; i < n; ++i)
      if (!setup.discarded[i]) sum += distance[i], count += 1.0;
    const double mean = sum / count;
    double ss = 0.0;
    for (std::size_t i = 0; i < n; ++i)
      if (!setup.discarded[i]) ss += (distance[i] - mean) * (distance[i] - mean);
    setup.distance_sd = count > 1.0 ? std::sqrt(ss / (count - 1.0)) : 0.0;
  }
  return setup;
}

MatchResult start_result(const MatchSetup& setup, const NearestOptions& options) {
  MatchResult result;
  result.treated_units = setup.treated;
  result.ratio = options.ratio;
  result.discarded = setup.discarded;
  result.distance_sd = setup.distance_sd;
  result.tie_tolerance = options.pool_ties ? options.tie_tolerance : 0.0;
  result.n_treated = setup.treated.size();
  result.n_control = setup.controls.size();
  result.n_discarded = static_cast<std::size_t>(
      std::count(setup.discarded.begin(), setup.discarded.end(), std::uint8_t{1}));
  if (options.caliper) {
    result.has_caliper = true;
    result.caliper_absolute = *options.caliper * setup.distance_sd;
  }
  return result;
}

void store_match_matrix(MatchResult& result, const std::vector<std::int64_t>& matrix, int k) {
  const std::size_t n_treated = result.treated_units.size();
  result.set_offsets.assign(1, 0);
  result.set_controls.clear();
  for (std::size_t t = 0; t < n_treated; ++t) {
    for (int j = 0; j < k; ++j)
      if (const std::int64_t c = matrix[t * k + j]; c >= 0)
        result.set_controls.push_back(static_cast<std::size_t>(c));
    result.set_offsets.push_back(result.set_controls.size());
  }
}

std::vector<std::size_t> treated_visit_order(std::span<const double> distance,
                                             const std::vector<std::size_t>& treated_units,
                                             const NearestOptions& options) {
  std::vector<std::size_t> order(treated_units.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  if (options.replace) return order;  // MatchIt uses data order with replacement
  switch (options.order) {
    case MatchOrder::Largest:
      std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return distance[treated_units[a]] > distance[treated_units[b]];
      });
      break;
    case MatchOrder::Smallest:
      std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return distance[treated_units[a]] < distance[treated_units[b]];
      });
      break;
    case MatchOrder::Random: {
      RandomStream rng(options.seed, 0);
      for (std::size_t i = order.size(); i > 1; --i)  // Fisher-Yates
        std::swap(order[i - 1], order[static_cast<std::size_t>(rng.uniform_int(0, i - 1))]);
      break;
    }
    case MatchOrder::Data:
      break;
  }
  return order;
}

void finish_result(MatchResult& result, const NearestOptions& options, const char* where) {
  const std::size_t n = result.discarded.size();
  const int k = result.ratio;
  result.weights.assign(n, 0.0);
  result.subclass.assign(n, -1);
  std::int64_t pair = 0;
  for (std::size_t t = 0; t < result.treated_units.size(); ++t) {
    const auto set = result.controls_of(t);
    if (set.empty()) continue;
    const std::size_t unit = result.treated_units[t];
    result.weights[unit] += 1.0;
    for (std::size_t c : set) result.weights[c] += 1.0 / static_cast<double>(set.size());
    if (!options.replace) {
      result.subclass[unit] = pair;
      for (std::size_t c : set) result.subclass[c] = pair;
      ++pair;
    }
  }
  // Control weights scaled to sum to the number of matched controls (MatchIt, estimand ATT).
  std::vector<std::uint8_t> is_treated(n, 0);
  for (std::size_t u : result.treated_units) is_treated[u] = 1;
  double control_sum = 0.0;
  std::size_t controls = 0, treated = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (result.weights[i] <= 0.0) continue;
    if (is_treated[i]) {
      ++treated;
    } else {
      control_sum += result.weights[i];
      ++controls;
    }
  }
  if (treated == 0) {
    throw Error(where, "no treated unit was matched",
                result.has_caliper
                    ? fmt::format("no control lies within the caliper ({:.4g} on the distance "
                                  "scale); widen the caliper or check the propensity model",
                                  result.caliper_absolute)
                    : "check exact-matching columns and common support");
  }
  for (std::size_t i = 0; i < n; ++i)
    if (!is_treated[i] && result.weights[i] > 0.0)
      result.weights[i] *= static_cast<double>(controls) / control_sum;
  result.n_matched_treated = treated;
  result.n_matched_control = controls;
  result.message = fmt::format(
      "{} of {} treated units matched to {} controls (1:{}, {}{}{}{})", treated, result.n_treated,
      controls, k, options.replace ? "with replacement" : "without replacement",
      options.pool_ties ? ", ties pooled" : "",
      result.has_caliper ? fmt::format(", caliper {:.4g}", result.caliper_absolute) : "",
      result.n_discarded ? fmt::format(", {} discarded", result.n_discarded) : "");
}

}  // namespace harmcast
