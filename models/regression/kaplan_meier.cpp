// Kaplan-Meier curves with Greenwood standard errors and survfit's interval and median rules.
#include "models/regression/kaplan_meier.hpp"

#include <algorithm>
#include <boost/math/distributions/normal.hpp>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>

#include "engine/core/error.hpp"

namespace harmcast {

std::string to_string(SurvivalConfType type) {
  switch (type) {
    case SurvivalConfType::LogLog:
      return "log-log";
    case SurvivalConfType::Log:
      return "log";
    case SurvivalConfType::Plain:
      return "plain";
  }
  return "log-log";
}

SurvivalConfType survival_conf_type_from_string(std::string_view text) {
  if (text == "log-log") return SurvivalConfType::LogLog;
  if (text == "log") return SurvivalConfType::Log;
  if (text == "plain") return SurvivalConfType::Plain;
  throw Error("kaplan-meier conf_type", "unknown interval type '" + std::string(text) + "'",
              "use log-log, log or plain");
}

void KaplanMeierOptions::validate() const {
  if (!(conf_level > 0 && conf_level < 1))
    throw Error("KaplanMeierOptions.conf_level",
                "must be in (0, 1), got " + std::to_string(conf_level));
}

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// print.survfit's rule (survmean's minmin): first time y < 0.5 + tol; midway to the next lower
// step when y equals 0.5.
double first_below_half(const std::vector<double>& y, const std::vector<double>& x) {
  const double tol = std::sqrt(std::numeric_limits<double>::epsilon());
  std::vector<std::size_t> keep;
  for (std::size_t i = 0; i < y.size(); ++i)
    if (!std::isnan(y[i]) && y[i] < 0.5 + tol) keep.push_back(i);
  if (keep.empty()) return kNaN;
  const double y0 = y[keep[0]];
  if (std::fabs(y0 - 0.5) < tol) {
    for (std::size_t k = 1; k < keep.size(); ++k)
      if (y[keep[k]] < y0) return 0.5 * (x[keep[0]] + x[keep[k]]);
  }
  return x[keep[0]];
}

KaplanMeierCurve one_curve(std::vector<std::pair<double, int>> data, const std::string& label,
                           const KaplanMeierOptions& options, double z) {
  std::sort(data.begin(), data.end());
  KaplanMeierCurve c;
  c.group = label;
  c.n = data.size();
  double at_risk = static_cast<double>(data.size());
  double surv = 1, greenwood = 0;
  for (std::size_t i = 0; i < data.size();) {
    std::size_t j = i;
    double d = 0, censored = 0;
    for (; j < data.size() && data[j].first == data[i].first; ++j)
      (data[j].second ? d : censored) += 1;
    surv *= 1 - d / at_risk;
    greenwood += d / (at_risk * (at_risk - d));  // +inf when everyone left dies
    const double se = std::sqrt(greenwood);
    double lower = kNaN, upper = kNaN;
    switch (options.conf_type) {
      case SurvivalConfType::LogLog:
        if (surv > 0 && surv < 1) {
          const double l = std::log(surv);
          lower = std::exp(-std::exp(std::log(-l) - z * se / l));
          upper = std::exp(-std::exp(std::log(-l) + z * se / l));
        } else if (surv == 1) {
          lower = upper = kNaN;
        }
        break;
      case SurvivalConfType::Log:
        if (surv > 0) {
          lower = surv * std::exp(-z * se);
          upper = std::min(1.0, surv * std::exp(z * se));
        }
        break;
      case SurvivalConfType::Plain:
        lower = std::max(0.0, surv - z * se * surv);
        upper = std::min(1.0, surv + z * se * surv);
        break;
    }
    c.time.push_back(data[i].first);
    c.n_risk.push_back(at_risk);
    c.n_event.push_back(d);
    c.n_censor.push_back(censored);
    c.survival.push_back(surv);
    c.std_error.push_back(se);
    c.lower.push_back(lower);
    c.upper.push_back(upper);
    c.events += d;
    at_risk -= d + censored;
    i = j;
  }
  c.median = first_below_half(c.survival, c.time);
  // The lower limit of the curve crosses 0.5 first: it gives the median's lower limit.
  c.median_lower = first_below_half(c.lower, c.time);
  c.median_upper = first_below_half(c.upper, c.time);
  return c;
}

}  // namespace

KaplanMeierResult fit_kaplan_meier(const Eigen::VectorXd& time, const Eigen::VectorXi& event,
                                   const KaplanMeierOptions& options,
                                   const std::vector<std::string>& group) {
  options.validate();
  const Eigen::Index n = time.size();
  if (event.size() != n || (!group.empty() && static_cast<Eigen::Index>(group.size()) != n))
    throw Error("kaplan-meier", "time, event and group lengths differ (" + std::to_string(n) +
                                    ", " + std::to_string(event.size()) + ", " +
                                    std::to_string(group.size()) + ")");
  if (n == 0)
    throw Error("kaplan-meier", "no rows", "check the data after dropping missing values");
  std::map<std::string, std::vector<std::pair<double, int>>> by_group;
  for (Eigen::Index i = 0; i < n; ++i) {
    const std::string where = "kaplan-meier row " + std::to_string(i + 1);
    if (!std::isfinite(time[i]) || time[i] < 0)  // 0 allowed, as survfit
      throw Error(where, "survival time " + std::to_string(time[i]) + " is missing or negative",
                  "times must be finite and >= 0");
    if (event[i] != 0 && event[i] != 1)
      throw Error(where, "event indicator is " + std::to_string(event[i]) + ", expected 0 or 1",
                  "recode the status column to 0/1");
    by_group[group.empty() ? "all" : group[static_cast<std::size_t>(i)]].emplace_back(time[i],
                                                                                      event[i]);
  }
  const double z = boost::math::quantile(boost::math::normal(), 1 - (1 - options.conf_level) / 2);
  KaplanMeierResult result;
  for (auto& [label, rows] : by_group)
    result.curves.push_back(one_curve(std::move(rows), label, options, z));
  return result;
}

}  // namespace harmcast
