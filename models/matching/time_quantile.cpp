#include "models/matching/time_quantile.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <boost/math/distributions/normal.hpp>
#include <cmath>
#include <limits>
#include <numeric>

#include "engine/core/error.hpp"
#include "engine/core/random.hpp"

namespace harmcast {
namespace {

constexpr const char* kWhere = "time to event quantile";
constexpr double kMaxUnreached = 0.025;  // share of replicates allowed without the quantile

// The q-th quantile of the weighted Kaplan-Meier curve over units sorted by time (`order`), as
// survival's quantile.survfit (survival 3.5-3, findq): on the points (0, 0) and (t_k, 1 - S_k)
// at the times the curve drops, the first t with 1 - S(t) >= q; when 1 - S equals q within
// sqrt(machine epsilon) on a step, the midpoint of that step's time and the next drop's (or the
// last follow-up time if the curve never drops again); NaN when 1 - S never reaches q.
double sorted_km_quantile(std::span<const double> time, std::span<const double> event,
                          std::span<const double> w, const std::vector<std::size_t>& order,
                          double q) {
  const double tol = std::sqrt(std::numeric_limits<double>::epsilon());
  double at_risk = 0.0;
  for (std::size_t i : order) at_risk += w[i];
  std::vector<double> x = {0.0}, y = {0.0};  // drop times and 1 - S there
  double surv = 1.0;
  for (std::size_t k = 0; k < order.size();) {
    const double t = time[order[k]];
    double d = 0.0, all = 0.0;
    for (; k < order.size() && time[order[k]] == t; ++k) {
      all += w[order[k]];
      if (event[order[k]] != 0.0) d += w[order[k]];
    }
    if (d > 0.0 && at_risk > 0.0) {
      const double next = surv * (1.0 - d / at_risk);
      if (next != surv) x.push_back(t), y.push_back(1.0 - next);  // findq drops repeats
      surv = next;
    }
    at_risk -= all;
  }
  if (order.empty() || y.back() < q) return NAN;
  const double last_time = time[order.back()];
  auto first_at_least = [&](double shift) {  // first k with y_k + shift >= q; npos if none
    for (std::size_t k = 0; k < y.size(); ++k)
      if (y[k] + shift >= q) return k;
    return y.size();
  };
  const std::size_t k1 = first_at_least(tol), k2 = first_at_least(-tol);
  if (std::fabs(q - y.back()) < tol) return 0.5 * (x[k1] + last_time);
  return 0.5 * (x[k1] + x[k2]);
}

std::vector<std::size_t> time_order(std::span<const double> time, std::vector<std::size_t> units) {
  std::stable_sort(units.begin(), units.end(),
                   [&](std::size_t a, std::size_t b) { return time[a] < time[b]; });
  return units;
}

}  // namespace

double weighted_km_quantile(std::span<const double> time, std::span<const double> event,
                            std::span<const double> weight, double q) {
  std::vector<std::size_t> units;
  for (std::size_t i = 0; i < time.size(); ++i)
    if (weight[i] > 0.0) units.push_back(i);
  return sorted_km_quantile(time, event, weight, time_order(time, std::move(units)), q);
}

// "median", "25th percentile", "10th percentile", "33.3rd percentile".
std::string quantile_name(double q) {
  if (q == 0.5) return "median";
  const double pct = 100.0 * q;
  const std::string number =
      pct == std::round(pct) ? fmt::format("{:.0f}", pct) : fmt::format("{:.3g}", pct);
  const long whole = std::lround(std::floor(pct));
  const char* suffix = (whole % 100 >= 11 && whole % 100 <= 13) ? "th"
                       : whole % 10 == 1                        ? "st"
                       : whole % 10 == 2                        ? "nd"
                       : whole % 10 == 3                        ? "rd"
                                                                : "th";
  return number + suffix + " percentile";
}

EffectResult estimate_time_quantile_difference(std::span<const double> time,
                                               std::span<const double> event,
                                               std::span<const std::uint8_t> treat,
                                               const MatchResult& match, const std::string& name,
                                               const EffectOptions& options) {
  options.validate();
  const std::size_t n = match.weights.size();
  if (time.size() != n || event.size() != n || treat.size() != n)
    throw InternalError("time quantile: sizes differ");
  EffectResult r;
  r.outcome = name;
  const double q = options.time_quantile;
  r.kind = q == 0.5 ? OutcomeKind::MedianTime : OutcomeKind::TimeQuantile;
  r.time_quantile = q;
  std::vector<std::size_t> treated, control;
  for (std::size_t i = 0; i < n; ++i) {
    if (match.weights[i] <= 0.0) continue;
    if (!std::isfinite(time[i]) || time[i] < 0.0 || !std::isfinite(event[i]))
      throw Error(kWhere,
                  fmt::format("time or event of '{}' missing or negative for matched "
                              "unit {}",
                              name, i + 1),
                  "times must be recorded and >= 0 for everyone in the matched sample");
    (treat[i] ? treated : control).push_back(i);
  }
  r.n_treated = treated.size();
  r.n_control = control.size();
  const auto order_t = time_order(time, treated), order_c = time_order(time, control);
  r.mean_treated = sorted_km_quantile(time, event, match.weights, order_t, q);
  r.mean_control = sorted_km_quantile(time, event, match.weights, order_c, q);
  r.estimate = r.mean_treated - r.mean_control;

  // Bootstrap of match sets: a drawn set adds 1 to its treated unit and 1/M to each control.
  std::vector<std::size_t> sets;
  for (std::size_t t = 0; t < match.treated_units.size(); ++t)
    if (!match.controls_of(t).empty()) sets.push_back(t);
  RandomStream rng(options.seed, 0);
  std::vector<double> reps, w(n);
  int unreached = 0;
  for (int b = 0; b < options.bootstrap_replicates; ++b) {
    std::fill(w.begin(), w.end(), 0.0);
    for (std::size_t k = 0; k < sets.size(); ++k) {
      const std::size_t t = sets[static_cast<std::size_t>(
          rng.uniform_int(0, static_cast<std::int64_t>(sets.size()) - 1))];
      w[match.treated_units[t]] += 1.0;
      const auto set = match.controls_of(t);
      for (std::size_t c : set) w[c] += 1.0 / static_cast<double>(set.size());
    }
    const double diff = sorted_km_quantile(time, event, w, order_t, q) -
                        sorted_km_quantile(time, event, w, order_c, q);
    if (std::isfinite(diff))
      reps.push_back(diff);
    else
      ++unreached;
  }
  const double alpha = 1.0 - options.confidence_level;
  const bool identified =
      std::isfinite(r.estimate) && reps.size() > 1 &&
      unreached <= kMaxUnreached * static_cast<double>(options.bootstrap_replicates);
  r.std_error = r.conf_low = r.conf_high = r.p_value = NAN;
  if (identified) {
    double mean = 0.0, ss = 0.0;
    for (double v : reps) mean += v / static_cast<double>(reps.size());
    for (double v : reps) ss += (v - mean) * (v - mean);
    r.std_error = std::sqrt(ss / (static_cast<double>(reps.size()) - 1.0));
    std::sort(reps.begin(), reps.end());
    auto quantile = [&](double p) {  // R's type 7
      const double h = (static_cast<double>(reps.size()) - 1.0) * p;
      const auto lo = static_cast<std::size_t>(std::floor(h));
      const std::size_t hi = std::min(lo + 1, reps.size() - 1);
      return reps[lo] + (h - static_cast<double>(lo)) * (reps[hi] - reps[lo]);
    };
    r.conf_low = quantile(alpha / 2.0);
    r.conf_high = quantile(1.0 - alpha / 2.0);
    if (r.std_error > 0.0)
      r.p_value = 2.0 * boost::math::cdf(boost::math::complement(
                            boost::math::normal(), std::fabs(r.estimate / r.std_error)));
  }
  r.clusters = sets.size();
  const std::string what = quantile_name(q);
  r.se_method =
      fmt::format("bootstrap of {} match sets, {} replicates, seed {}{}", sets.size(),
                  options.bootstrap_replicates, options.seed,
                  unreached > 0 ? fmt::format(" ({} without the {})", unreached, what) : "");
  const int pct = static_cast<int>(std::lround(options.confidence_level * 100));
  const std::string share =
      q == 0.5 ? "half" : fmt::format("{:.3g}%", 100.0 * q);  // of people with the event
  if (!std::isfinite(r.estimate)) {
    r.sentence = fmt::format(
        "The {} time to '{}' is not reached within follow-up in {} (fewer than {} had the "
        "event), so the difference cannot be estimated; see the hazard ratio{}.",
        what, name, std::isfinite(r.mean_treated) ? "the comparison group" : "the service group",
        share, q > 0.25 ? ", or ask for a lower quantile (time_quantile: 0.25)" : "");
  } else if (!identified) {
    r.sentence = fmt::format(
        "The {} time to '{}' was {:.0f} for people who received the service and {:.0f} for "
        "similar people who did not; no interval is given because in many resamples it is not "
        "reached within follow-up.",
        what, name, r.mean_treated, r.mean_control);
  } else {
    r.sentence = fmt::format(
        "The {} time to '{}' (the time by which {} of people had the event) was {:.0f} for "
        "people who received the service and {:.0f} for similar people who did not, a "
        "difference of {:.0f}; the true difference is likely between {:.0f} and {:.0f} ({}% "
        "interval).",
        what, name, share, r.mean_treated, r.mean_control, r.estimate, r.conf_low, r.conf_high,
        pct);
  }
  return r;
}

}  // namespace harmcast
