#pragma once
// Difference in the q-th quantile of time to an event (e.g. days to first reoffence) between the
// matched treated and their matched comparison group; q = 0.5 is the median.
//
// Each group's quantile is that of the Kaplan-Meier curve with the matching weights as case
// weights: survival::quantile(survfit(Surv(time, event) ~ treat, weights = w), probs = q)
// (survival 3.5-3: the first time 1 - S(t) >= q; midway to the next drop when 1 - S equals q
// on a step, within sqrt(machine epsilon); print.survfit's median is the q = 0.5 case). The
// estimate is quantile_treated - quantile_comparison; it is undefined (NaN) when a group's
// curve never reaches 1 - q within follow-up (fewer than a share q had the event). With a
// one-year follow-up and ~28% reoffending the median is not reached, but the 25th percentile is.
// Interval: bootstrap of match sets (a treated unit with its controls) resampled with
// replacement, seeded as estimate_att's bootstrap; the SE is the SD of the replicates and the
// interval the percentile one (R's quantile type 7). Replicates whose quantile is not reached
// are counted; when more than 2.5% of them are, the interval is not given (NaN) because its
// upper end is not identified within follow-up.
#include <cstdint>
#include <span>
#include <string>

#include "models/matching/att_effects.hpp"
#include "models/matching/nearest_neighbour.hpp"

namespace harmcast {

// The q-th quantile (0 < q < 1) of the Kaplan-Meier curve of time (> 0) with events 0/1 and
// case weights (> 0 counted); NaN when not reached.
double weighted_km_quantile(std::span<const double> time, std::span<const double> event,
                            std::span<const double> weight, double q);

// "median" for 0.5, else e.g. "25th percentile".
std::string quantile_name(double q);

// q = options.time_quantile. Kind MedianTime (q = 0.5) or TimeQuantile, with se_method naming
// the bootstrap; mean_treated / mean_control hold the two quantiles; estimate = their difference
// (in the time unit of `time`).
EffectResult estimate_time_quantile_difference(std::span<const double> time,
                                               std::span<const double> event,
                                               std::span<const std::uint8_t> treat,
                                               const MatchResult& match, const std::string& name,
                                               const EffectOptions& options = {});

}  // namespace harmcast
