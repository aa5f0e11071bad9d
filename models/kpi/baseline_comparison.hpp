#pragma once
// Is a KPI's change against its baseline real, or noise?
//
// A partnership compares the latest window of a count KPI (by default the latest 12 months) with
// a baseline (by default the 3 years before it). harmcast answers with a quasi-Poisson log-linear
// model of the periodic counts in both windows,
//     log E[y_t] = alpha_{season(t)} + beta * recent_t,   Var[y_t] = phi * E[y_t],
// so the seasonal pattern is allowed for, and the rate ratio exp(beta) is the change in the
// average level of the KPI (with balanced windows exp(beta) is exactly the recent total over the
// mean annual baseline total). The dispersion phi is Pearson's X^2 / (n - p) (as R's
// glm(family = quasipoisson)); year-to-year variation in the baseline therefore widens the
// interval, which is what a board wants from "is it real". By default phi is floored at 1 so
// that an underdispersed baseline never makes a change look more certain than Poisson noise
// allows. The interval and p-value use Student's t on n - p degrees of freedom (summary.glm).
#include <span>
#include <string>

namespace harmcast::kpi {

enum class Direction { Fall, Rise };  // the direction the partnership wants the KPI to move
std::string to_string(Direction direction);

enum class ChangeVerdict { RealIncrease, RealDecrease, NoClearChange, NotAssessed };
std::string to_string(ChangeVerdict verdict);  // "real increase", ...

struct BaselineComparisonOptions {
  int recent_periods = 12;    // length of the recent window, in periods
  int baseline_periods = 36;  // length of the baseline window just before it
  int periods_per_year = 12;  // seasons (12 monthly, 4 quarterly, 1 for no seasonality)
  double level = 0.95;        // confidence level of the interval and the verdict
  Direction desired = Direction::Fall;
  bool floor_dispersion_at_one = true;  // never below Poisson variation (see header comment)

  void validate() const;  // throws harmcast::Error naming the field
};

struct BaselineComparison {
  double recent_total = 0;               // offences in the recent window
  double baseline_mean_total = 0;        // baseline total scaled to the recent window's length
  double rate_ratio = 1;                 // exp(beta): recent level / baseline level
  double ratio_low = 1, ratio_high = 1;  // confidence interval of the rate ratio
  double change = 0;                     // rate_ratio - 1, e.g. -0.12 = 12% lower
  double p_value = 1;                    // two-sided, H0: no change
  double dispersion = 1;                 // phi used (after flooring)
  double dispersion_estimated = 1;       // Pearson X^2 / df before flooring
  int degrees_of_freedom = 0;
  ChangeVerdict verdict = ChangeVerdict::NotAssessed;
  bool moving_as_desired = false;  // a real change in the desired direction
  std::string message;             // why not assessed, when verdict == NotAssessed
};

// `counts` is the KPI series in time order; the last recent_periods values form the recent
// window, the baseline_periods before them the baseline. `first_season` is the season index
// (0-based) of counts[0]. Missing values (NaN) in either window, negative values, or too short a
// series give verdict NotAssessed with a message, never an exception or NaN.
BaselineComparison compare_with_baseline(std::span<const double> counts, int first_season,
                                         const BaselineComparisonOptions& options);

}  // namespace harmcast::kpi
