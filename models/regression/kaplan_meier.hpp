#pragma once
// Kaplan-Meier survival curves, as survival::survfit(Surv(time, event) ~ 1 or ~ group)
// (survival 3.5-3) reports them.
//
// At each distinct time t_k (event or censoring) with n_k at risk, d_k events, c_k censored:
//   S(t_k) = prod_{j <= k} (1 - d_j / n_j)
//   std_error(t_k) = sqrt(sum_{j <= k} d_j / (n_j (n_j - d_j)))   (Greenwood, on the log S scale,
//                                                                  survfit's $std.err)
// Intervals (conf_type = log-log, survfit's conf.type = "log-log"): with L = log S,
//   exp(-exp(log(-L) -/+ z se / L)), undefined (NaN, R's NA) where S is 0 or 1.
// Plain (S -/+ z se S) and log (S exp(-/+ z se)) intervals are also offered.
// Median and its interval as print.survfit: the first time the curve (resp. the upper and lower
// limits) is at or below 0.5, midway to the next lower step when the curve equals 0.5 exactly
// (within sqrt(machine eps)); NaN when never reached.
// Reference: Kalbfleisch & Prentice (2002) ch. 1; Therneau, survfit documentation.
#include <Eigen/Dense>
#include <string>
#include <string_view>
#include <vector>

namespace harmcast {

enum class SurvivalConfType { LogLog, Log, Plain };
std::string to_string(SurvivalConfType type);  // "log-log", "log", "plain"
SurvivalConfType survival_conf_type_from_string(std::string_view text);

struct KaplanMeierOptions {
  // Interval type; log-log keeps limits inside (0, 1).
  SurvivalConfType conf_type = SurvivalConfType::LogLog;
  // Level of the pointwise intervals and of the median's interval.
  double conf_level = 0.95;

  void validate() const;  // throws Error naming the field and the rule broken
};

struct KaplanMeierCurve {
  std::string group;  // group label ("all" without groups)
  std::size_t n = 0;
  double events = 0;
  std::vector<double> time, n_risk, n_event, n_censor, survival, std_error, lower, upper;
  double median = 0, median_lower = 0, median_upper = 0;  // NaN where not reached (R's NA)
};

struct KaplanMeierResult {
  std::vector<KaplanMeierCurve> curves;  // one per group, groups in sorted label order
};

// time >= 0 finite, event 0/1; group empty (one curve) or one label per row.
KaplanMeierResult fit_kaplan_meier(const Eigen::VectorXd& time, const Eigen::VectorXi& event,
                                   const KaplanMeierOptions& options = {},
                                   const std::vector<std::string>& group = {});

}  // namespace harmcast
