#pragma once
// Shared pieces of the area-level designs (interrupted time series, difference-in-differences,
// synthetic control): the effect-with-interval record, a units x periods matrix built from a
// Panel, and small statistical helpers (Wald intervals, quantiles).
#include <Eigen/Dense>
#include <limits>
#include <string>
#include <vector>

#include "engine/time/panel.hpp"
#include "engine/time/period.hpp"
#include "models/optim/fit_summary.hpp"

namespace harmcast::causal {

inline constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// One effect with its uncertainty. For rate ratios `estimate`, `conf_low`, `conf_high` are on the
// ratio scale and `std_error` is the SE of the log ratio.
struct EffectEstimate {
  std::string name;         // e.g. "step rate ratio"
  double estimate = kNaN;   // point estimate (ratio scale for rate ratios)
  double std_error = kNaN;  // SE (log scale for rate ratios); NaN when the interval is not Wald
  double conf_low = kNaN;   // lower limit of the interval at the options' confidence level
  double conf_high = kNaN;  // upper limit
  double p_value = kNaN;    // two-sided, for no effect (ratio 1 / gap 0)
};

// Outcome series of several areas on one period index: values(unit, period), no missing values.
struct UnitPanel {
  std::vector<std::string> unit_ids;  // one per row
  Period start;                       // period of column 0
  Eigen::MatrixXd values;             // units x periods

  std::size_t units() const { return static_cast<std::size_t>(values.rows()); }
  std::size_t periods() const { return static_cast<std::size_t>(values.cols()); }
  // Row of a unit id; throws harmcast::Error naming the id and some that exist.
  std::size_t index_of(const std::string& unit_id) const;
  // Column of a period; throws harmcast::Error when outside [start, start + periods).
  std::size_t column_of(const Period& period) const;
  // Sum of the rows of these units (ids must exist).
  Eigen::VectorXd total(const std::vector<std::string>& ids) const;
  // Throws harmcast::Error (where = `where`) on NaN/inf, negative periods, fewer than 2 rows.
  void check(const std::string& where) const;
};

// Every series of the panel is a unit. The series must share one span with no missing values
// (build the panel with PanelOptions::common_span and select one crime type first); errors name
// the series and the period. Unit ids: the series id, or with `unit_key` the label of that key
// column (e.g. "ward"; the labels must then be distinct).
UnitPanel unit_panel_from(const Panel& panel, const std::string& unit_key = {});

// Two-sided Wald interval and p-value for a log-scale coefficient (ratio output), using the normal
// distribution, or Student t with `t_df` degrees of freedom when t_df > 0.
EffectEstimate wald_ratio(std::string name, double log_estimate, double std_error,
                          double confidence_level, double t_df = 0.0);
// The same on the natural scale (no exponentiation).
EffectEstimate wald_plain(std::string name, double estimate, double std_error,
                          double confidence_level, double t_df = 0.0);
// Critical value: normal, or t when t_df > 0, for a two-sided interval at `confidence_level`.
double critical_value(double confidence_level, double t_df = 0.0);
// One plain-language sentence for a rate ratio, e.g. "violence with injury was 15% lower than
// expected (95% interval: 8% to 21% lower; p = 0.0002)"; percentages rounded to whole numbers.
std::string describe_rate_ratio(const EffectEstimate& effect, const std::string& outcome,
                                double confidence_level = 0.95);
// Sample quantile as R's quantile(type = 7).
double quantile_type7(std::vector<double> values, double probability);

}  // namespace harmcast::causal
