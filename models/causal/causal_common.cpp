#include "models/causal/causal_common.hpp"

#include <algorithm>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <cstdio>

#include "engine/core/error.hpp"

namespace harmcast::causal {

std::size_t UnitPanel::index_of(const std::string& unit_id) const {
  const auto it = std::find(unit_ids.begin(), unit_ids.end(), unit_id);
  if (it != unit_ids.end()) return static_cast<std::size_t>(it - unit_ids.begin());
  std::string some;
  for (std::size_t i = 0; i < unit_ids.size() && i < 5; ++i) some += (i ? ", " : "") + unit_ids[i];
  throw Error("causal unit panel", "no unit '" + unit_id + "'", "units include: " + some);
}

std::size_t UnitPanel::column_of(const Period& period) const {
  const std::int64_t offset = period - start;
  if (offset < 0 || offset >= static_cast<std::int64_t>(periods())) {
    throw Error("causal unit panel", "period " + period.to_string() + " is outside the panel",
                "the panel runs from " + start.to_string() + " for " + std::to_string(periods()) +
                    " periods");
  }
  return static_cast<std::size_t>(offset);
}

Eigen::VectorXd UnitPanel::total(const std::vector<std::string>& ids) const {
  Eigen::VectorXd sum = Eigen::VectorXd::Zero(values.cols());
  for (const auto& id : ids) sum += values.row(static_cast<Eigen::Index>(index_of(id))).transpose();
  return sum;
}

void UnitPanel::check(const std::string& where) const {
  if (values.rows() < 2) throw Error(where, "fewer than 2 units", "give treated and control units");
  if (unit_ids.size() != units()) {
    throw Error(where, "unit_ids has " + std::to_string(unit_ids.size()) + " names for " +
                           std::to_string(units()) + " rows");
  }
  for (Eigen::Index i = 0; i < values.rows(); ++i) {
    for (Eigen::Index t = 0; t < values.cols(); ++t) {
      if (!std::isfinite(values(i, t))) {
        throw Error(where,
                    "missing or infinite value for unit '" + unit_ids[i] + "' at " +
                        (start + t).to_string(),
                    "impute or drop the unit/period before the analysis");
      }
    }
  }
}

UnitPanel unit_panel_from(const Panel& panel, const std::string& unit_key) {
  const std::string where = "causal unit panel from Panel";
  if (panel.empty()) throw Error(where, "the panel has no series");
  std::size_t key_index = 0;
  if (!unit_key.empty()) {
    const auto& keys = panel.key_names();
    const auto it = std::find(keys.begin(), keys.end(), unit_key);
    if (it == keys.end()) throw Error(where, "'" + unit_key + "' is not a key column of the panel");
    key_index = static_cast<std::size_t>(it - keys.begin());
  }
  UnitPanel out;
  out.start = panel.series(0).start;
  const std::size_t length = panel.series(0).size();
  out.values.resize(static_cast<Eigen::Index>(panel.size()), static_cast<Eigen::Index>(length));
  for (std::size_t s = 0; s < panel.size(); ++s) {
    const PanelSeries& series = panel.series(s);
    if (series.start != out.start || series.size() != length) {
      throw Error(
          where,
          "series '" + series.id + "' has a different span from '" + panel.series(0).id + "'",
          "build the panel with PanelOptions::common_span = true");
    }
    const std::string id = unit_key.empty() ? series.id : series.key.at(key_index);
    if (std::find(out.unit_ids.begin(), out.unit_ids.end(), id) != out.unit_ids.end()) {
      throw Error(where, "unit id '" + id + "' occurs in more than one series",
                  "select one series per unit (e.g. one crime type) first");
    }
    out.unit_ids.push_back(id);
    for (std::size_t t = 0; t < length; ++t) out.values(s, t) = series.values[t];
  }
  out.check(where);
  return out;
}

double critical_value(double confidence_level, double t_df) {
  const double p = 0.5 + confidence_level / 2.0;
  if (t_df > 0.0) return boost::math::quantile(boost::math::students_t(t_df), p);
  return boost::math::quantile(boost::math::normal(), p);
}

namespace {
double two_sided_p(double statistic, double t_df) {
  if (!std::isfinite(statistic)) return kNaN;
  const double a = std::fabs(statistic);
  if (t_df > 0.0)
    return 2.0 * boost::math::cdf(boost::math::complement(boost::math::students_t(t_df), a));
  return 2.0 * boost::math::cdf(boost::math::complement(boost::math::normal(), a));
}
}  // namespace

EffectEstimate wald_plain(std::string name, double estimate, double std_error,
                          double confidence_level, double t_df) {
  EffectEstimate e;
  e.name = std::move(name);
  e.estimate = estimate;
  e.std_error = std_error;
  const double q = critical_value(confidence_level, t_df);
  e.conf_low = estimate - q * std_error;
  e.conf_high = estimate + q * std_error;
  e.p_value = std_error > 0.0 ? two_sided_p(estimate / std_error, t_df) : kNaN;
  return e;
}

EffectEstimate wald_ratio(std::string name, double log_estimate, double std_error,
                          double confidence_level, double t_df) {
  EffectEstimate e = wald_plain(std::move(name), log_estimate, std_error, confidence_level, t_df);
  e.estimate = std::exp(e.estimate);
  e.conf_low = std::exp(e.conf_low);
  e.conf_high = std::exp(e.conf_high);
  return e;
}

namespace {
std::string percent_change(double ratio) {
  const long percent = std::lround(std::fabs(ratio - 1.0) * 100.0);
  if (percent == 0) return "no different";
  return std::to_string(percent) + "% " + (ratio < 1.0 ? "lower" : "higher");
}
}  // namespace

std::string describe_rate_ratio(const EffectEstimate& effect, const std::string& outcome,
                                double confidence_level) {
  if (!std::isfinite(effect.estimate)) return outcome + ": no estimate";
  std::string text = outcome + " was " + percent_change(effect.estimate) + " than expected";
  if (std::isfinite(effect.conf_low) && std::isfinite(effect.conf_high)) {
    const long level = std::lround(confidence_level * 100.0);
    const std::string low = percent_change(effect.conf_low);
    const std::string high = percent_change(effect.conf_high);
    const bool same_side = (effect.conf_low < 1.0) == (effect.conf_high < 1.0);
    text += " (" + std::to_string(level) + "% interval: ";
    if (same_side && low != "no different" && high != "no different") {
      // "8% to 21% lower": the limit nearer 1 first
      const double near = effect.conf_low < 1.0 ? effect.conf_high : effect.conf_low;
      const double far = effect.conf_low < 1.0 ? effect.conf_low : effect.conf_high;
      text += std::to_string(std::lround(std::fabs(near - 1.0) * 100.0)) + "% to " +
              percent_change(far);
    } else {
      text += "from " + low + " to " + high;
    }
    if (std::isfinite(effect.p_value)) {
      char p[32];
      std::snprintf(p, sizeof p, "%.2g", effect.p_value);
      text += std::string("; p = ") + p;
    }
    text += ")";
  }
  return text;
}

double quantile_type7(std::vector<double> values, double probability) {
  if (values.empty()) return kNaN;
  std::sort(values.begin(), values.end());
  const double h = (static_cast<double>(values.size()) - 1.0) * probability;
  const auto lo = static_cast<std::size_t>(std::floor(h));
  const std::size_t hi = std::min(lo + 1, values.size() - 1);
  return values[lo] + (h - static_cast<double>(lo)) * (values[hi] - values[lo]);
}

}  // namespace harmcast::causal
