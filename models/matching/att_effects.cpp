#include "models/matching/att_effects.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <boost/math/distributions/normal.hpp>
#include <cmath>
#include <unordered_map>

#include "engine/core/error.hpp"
#include "engine/core/random.hpp"
#include "models/regression/cox.hpp"

namespace harmcast {

namespace {

constexpr const char* kWhere = "effect on the treated";

double normal_quantile(double p) { return boost::math::quantile(boost::math::normal(), p); }
double two_sided_p(double z) {
  return 2.0 * boost::math::cdf(boost::math::complement(boost::math::normal(), std::fabs(z)));
}

// Which cluster each matched unit is in: its pair (subclass) or itself.
std::vector<std::int64_t> clusters_for(const MatchResult& match, bool by_pair) {
  std::vector<std::int64_t> cluster(match.weights.size(), -1);
  for (std::size_t i = 0; i < cluster.size(); ++i)
    if (match.weights[i] > 0.0)
      cluster[i] = by_pair ? match.subclass[i] : static_cast<std::int64_t>(i);
  return cluster;
}

EffectSe resolve(EffectSe se, const MatchResult& match) {
  if (se == EffectSe::AbadieImbens) return EffectSe::UnitRobust;  // replaced by the caller
  if (se != EffectSe::Auto) return se;
  const bool has_pairs =
      std::any_of(match.subclass.begin(), match.subclass.end(), [](auto s) { return s >= 0; });
  return has_pairs ? EffectSe::PairCluster : EffectSe::UnitRobust;
}

// ATT from match sets: mean over matched treated of (y_t - mean of its controls); equal to the
// weighted mean difference with MatchIt's weights. `draw` lists the match sets to use.
double att_from_sets(std::span<const double> y, const MatchResult& match,
                     const std::vector<std::size_t>& draw) {
  double total = 0.0;
  for (std::size_t t : draw) {
    const auto set = match.controls_of(t);
    double sum = 0.0;
    for (std::size_t c : set) sum += y[c];
    total += y[match.treated_units[t]] - sum / static_cast<double>(set.size());
  }
  return total / static_cast<double>(draw.size());
}

std::string describe_bound(double value, int digits) {
  const double r = std::round(value * std::pow(10.0, digits)) / std::pow(10.0, digits);
  if (r == 0.0) return "no difference";
  return fmt::format("{:.{}f} {}", std::fabs(r), digits, r < 0 ? "fewer" : "more");
}

}  // namespace

std::string to_string(OutcomeKind kind) {
  switch (kind) {
    case OutcomeKind::Binary:
      return "binary";
    case OutcomeKind::Count:
      return "count";
    case OutcomeKind::Continuous:
      return "continuous";
    case OutcomeKind::TimeToEvent:
      return "time-to-event";
    case OutcomeKind::MedianTime:
      return "median-time";
    case OutcomeKind::TimeQuantile:
      return "time-quantile";
  }
  return "binary";
}

std::string to_string(EffectSe se) {
  switch (se) {
    case EffectSe::Auto:
      return "auto";
    case EffectSe::PairCluster:
      return "pair-cluster";
    case EffectSe::UnitRobust:
      return "unit-robust";
    case EffectSe::Bootstrap:
      return "bootstrap";
    case EffectSe::AbadieImbens:
      return "abadie-imbens";
  }
  return "auto";
}

EffectSe parse_effect_se(const std::string& text) {
  for (EffectSe se : {EffectSe::Auto, EffectSe::PairCluster, EffectSe::UnitRobust,
                      EffectSe::Bootstrap, EffectSe::AbadieImbens})
    if (text == to_string(se)) return se;
  if (text == "pair") return EffectSe::PairCluster;
  if (text == "unit") return EffectSe::UnitRobust;
  if (text == "ai") return EffectSe::AbadieImbens;
  throw Error("standard errors", "unknown standard error '" + text + "'",
              "use auto, pair, unit, bootstrap or abadie-imbens (ai)");
}

void EffectOptions::validate() const {
  if (!(confidence_level > 0.5 && confidence_level < 1.0))
    throw Error("effect options",
                fmt::format("confidence_level must be in (0.5, 1), got {}", confidence_level));
  if (ai_variance_matches < 0)
    throw Error("effect options",
                fmt::format("ai_variance_matches must be >= 0, got {}", ai_variance_matches));
  if (standard_errors == EffectSe::Bootstrap && bootstrap_replicates < 50)
    throw Error("effect options", fmt::format("bootstrap_replicates must be at least 50, got {}",
                                              bootstrap_replicates));
  if (!(time_quantile > 0.0 && time_quantile < 1.0))
    throw Error("effect options",
                fmt::format("time_quantile must be in (0, 1), got {}", time_quantile),
                "0.5 is the median; 0.25 the time by which a quarter had the event");
}

EffectResult estimate_att(std::span<const double> y, std::span<const std::uint8_t> treat,
                          const MatchResult& match, OutcomeKind kind, const std::string& name,
                          const EffectOptions& options) {
  options.validate();
  const std::size_t n = match.weights.size();
  if (y.size() != n || treat.size() != n)
    throw Error(kWhere, fmt::format("outcome '{}' has {} values for {} units", name, y.size(), n));
  EffectResult r;
  r.outcome = name;
  r.kind = kind;
  // Weighted least squares of y on (1, treat): sums for X'WX and the group means.
  double sw[2] = {0, 0}, swy[2] = {0, 0};
  std::size_t used = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (match.weights[i] <= 0.0) continue;
    if (!std::isfinite(y[i]))
      throw Error(kWhere, fmt::format("outcome '{}' is missing for matched unit {}", name, i + 1),
                  "outcomes must be recorded for everyone in the matched sample");
    sw[treat[i]] += match.weights[i];
    swy[treat[i]] += match.weights[i] * y[i];
    (treat[i] ? r.n_treated : r.n_control) += 1;
    ++used;
  }
  r.mean_treated = swy[1] / sw[1];
  r.mean_control = swy[0] / sw[0];
  r.estimate = r.mean_treated - r.mean_control;
  const double z = normal_quantile(0.5 + options.confidence_level / 2.0);
  const EffectSe se = resolve(options.standard_errors, match);
  if (se == EffectSe::Bootstrap) {
    std::vector<std::size_t> sets;
    for (std::size_t t = 0; t < match.treated_units.size(); ++t)
      if (!match.controls_of(t).empty()) sets.push_back(t);
    RandomStream rng(options.seed, 0);
    std::vector<double> reps(static_cast<std::size_t>(options.bootstrap_replicates));
    std::vector<std::size_t> draw(sets.size());
    for (double& rep : reps) {
      for (auto& d : draw)
        d = sets[static_cast<std::size_t>(
            rng.uniform_int(0, static_cast<std::int64_t>(sets.size()) - 1))];
      rep = att_from_sets(y, match, draw);
    }
    double mean = 0.0, ss = 0.0;
    for (double v : reps) mean += v / reps.size();
    for (double v : reps) ss += (v - mean) * (v - mean);
    r.std_error = std::sqrt(ss / (reps.size() - 1.0));
    std::sort(reps.begin(), reps.end());
    const double alpha = 1.0 - options.confidence_level;
    auto quantile = [&](double p) {  // R's type 7
      const double h = (reps.size() - 1.0) * p;
      const auto lo = static_cast<std::size_t>(std::floor(h));
      const std::size_t hi = std::min(lo + 1, reps.size() - 1);
      return reps[lo] + (h - lo) * (reps[hi] - reps[lo]);
    };
    r.conf_low = quantile(alpha / 2.0);
    r.conf_high = quantile(1.0 - alpha / 2.0);
    r.p_value = two_sided_p(r.estimate / r.std_error);
    r.clusters = sets.size();
    r.se_method = fmt::format("bootstrap of {} match sets, {} replicates, seed {}", sets.size(),
                              options.bootstrap_replicates, options.seed);
  } else {
    // B = (X'WX)^-1 for X = (1, t): X'WX = [[S, S1], [S1, S1]].
    const double S = sw[0] + sw[1], S1 = sw[1], det = S * S1 - S1 * S1;
    const double b01 = -S1 / det, b11 = S / det;  // B[0][1], B[1][1]
    const bool by_pair = se == EffectSe::PairCluster;
    const auto cluster = clusters_for(match, by_pair);
    std::unordered_map<std::int64_t, std::pair<double, double>> score;
    for (std::size_t i = 0; i < n; ++i) {
      if (match.weights[i] <= 0.0) continue;
      const double resid = y[i] - (treat[i] ? r.mean_treated : r.mean_control);
      auto& s = score[cluster[i]];
      s.first += match.weights[i] * resid;
      s.second += treat[i] ? match.weights[i] * resid : 0.0;
    }
    double m00 = 0, m01 = 0, m11 = 0;
    for (const auto& [g, s] : score) {
      m00 += s.first * s.first;
      m01 += s.first * s.second;
      m11 += s.second * s.second;
    }
    const double G = static_cast<double>(score.size()), nn = static_cast<double>(used);
    // V[1,1] of B M B
    const double v11 = b01 * b01 * m00 + 2.0 * b01 * b11 * m01 + b11 * b11 * m11;
    const double adjust = G / (G - 1.0) * (nn - 1.0) / (nn - 2.0);
    r.std_error = std::sqrt(v11 * adjust);
    r.clusters = score.size();
    r.conf_low = r.estimate - z * r.std_error;
    r.conf_high = r.estimate + z * r.std_error;
    r.p_value = two_sided_p(r.estimate / r.std_error);
    r.se_method = by_pair ? fmt::format("pair-cluster-robust (vcovCL HC1, {} pairs)", score.size())
                          : fmt::format("unit-robust (vcovCL HC1, {} units)", score.size());
  }
  r.sentence = effect_sentence(r, options.description, options.confidence_level);
  return r;
}

EffectResult estimate_att_hazard(std::span<const double> time, std::span<const double> event,
                                 std::span<const std::uint8_t> treat, const MatchResult& match,
                                 const std::string& name, const EffectOptions& options) {
  options.validate();
  std::vector<std::size_t> rows;
  for (std::size_t i = 0; i < match.weights.size(); ++i)
    if (match.weights[i] > 0.0) rows.push_back(i);
  const auto m = static_cast<Eigen::Index>(rows.size());
  Eigen::MatrixXd x(m, 1);
  Eigen::VectorXd t(m);
  Eigen::VectorXi e(m);
  CoxRowData extra;
  extra.weights.resize(m);
  extra.cluster.resize(m);
  const bool by_pair = resolve(options.standard_errors, match) == EffectSe::PairCluster;
  EffectResult r;
  r.outcome = name;
  r.kind = OutcomeKind::TimeToEvent;
  for (Eigen::Index k = 0; k < m; ++k) {
    const std::size_t i = rows[static_cast<std::size_t>(k)];
    if (!std::isfinite(time[i]) || !std::isfinite(event[i]))
      throw Error(kWhere,
                  fmt::format("time or event of '{}' missing for matched unit {}", name, i + 1));
    x(k, 0) = treat[i];
    t[k] = time[i];
    e[k] = event[i] != 0.0;
    extra.weights[k] = match.weights[i];
    extra.cluster[k] = static_cast<int>(by_pair ? match.subclass[i] : static_cast<std::int64_t>(i));
    (treat[i] ? r.n_treated : r.n_control) += 1;
  }
  CoxOptions cox;
  cox.robust = true;
  cox.concordance = false;
  cox.conf_level = options.confidence_level;
  const CoxResult fit = fit_cox(x, t, e, {"treat"}, cox, extra);
  const CoxTerm& term = fit.terms.at(0);
  r.estimate = term.estimate;
  r.std_error = term.std_error;
  const double z = normal_quantile(0.5 + options.confidence_level / 2.0);
  r.conf_low = r.estimate - z * r.std_error;
  r.conf_high = r.estimate + z * r.std_error;
  r.p_value = term.p_value;
  r.hazard_ratio = std::exp(r.estimate);
  r.hr_low = std::exp(r.conf_low);
  r.hr_high = std::exp(r.conf_high);
  r.se_method = by_pair ? "Cox, robust SE clustered by pair" : "Cox, robust SE by unit";
  r.sentence = effect_sentence(r, options.description, options.confidence_level);
  return r;
}

std::string effect_sentence(const EffectResult& r, const std::string& description,
                            double confidence_level) {
  const std::string what = description.empty() ? fmt::format("had '{}'", r.outcome) : description;
  const int pct = static_cast<int>(std::lround(confidence_level * 100));
  if (r.kind == OutcomeKind::TimeToEvent) {
    return fmt::format(
        "Among people who received the service, the rate of '{}' was {:.2f} times that of "
        "similar people who did not; the true ratio is likely between {:.2f} and {:.2f} ({}% "
        "interval).",
        r.outcome, r.hazard_ratio, r.hr_low, r.hr_high, pct);
  }
  if (r.kind == OutcomeKind::Continuous) {
    return fmt::format(
        "People who received the service averaged {} in '{}' compared with similar people who "
        "did not; the true difference is likely between {} and {} ({}% interval).",
        describe_bound(r.estimate, 2), r.outcome, describe_bound(r.conf_low, 2),
        describe_bound(r.conf_high, 2), pct);
  }
  const double est = r.estimate * 100.0;
  const std::string head = r.kind == OutcomeKind::Binary
                               ? fmt::format("For every 100 people who received the service, {} {}",
                                             describe_bound(est, 0), what)
                               : fmt::format(
                                     "For every 100 people who received the service, there were {} "
                                     "'{}' events",
                                     describe_bound(est, 0), r.outcome);
  // Interval bounds in the direction of the estimate read most naturally.
  const double lo = r.conf_low * 100.0, hi = r.conf_high * 100.0;
  if (lo < 0.0 && hi < 0.0)
    return fmt::format(
        "{}; the true difference is likely between {:.0f} and {:.0f} fewer ({}% "
        "interval).",
        head, std::fabs(hi), std::fabs(lo), pct);
  if (lo > 0.0 && hi > 0.0)
    return fmt::format(
        "{}; the true difference is likely between {:.0f} and {:.0f} more ({}% "
        "interval).",
        head, lo, hi, pct);
  return fmt::format(
      "{}; the true difference is likely between {} and {} ({}% interval), so "
      "the service may have made no difference.",
      head, describe_bound(lo, 0), describe_bound(hi, 0), pct);
}

}  // namespace harmcast
