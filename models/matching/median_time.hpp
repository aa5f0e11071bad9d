#pragma once
// Difference in median time to an event (e.g. days to first reoffence) between the matched
// treated and their matched comparison group.
//
// Each group's median is the Kaplan-Meier median with the matching weights as case weights
// (survival::survfit(Surv(time, event) ~ treat, weights = w) and print.survfit's rule: the
// first time the curve is at or below 0.5, midway to the next lower step when it equals 0.5
// exactly). The estimate is median_treated - median_comparison; it is undefined (NaN) when a
// group's curve never reaches 0.5 within follow-up (fewer than half had the event).
// Interval: bootstrap of match sets (a treated unit with its controls) resampled with
// replacement, seeded as estimate_att's bootstrap; the SE is the SD of the replicates and the
// interval the percentile one (R's quantile type 7). Replicates whose median is not reached
// are counted; when more than 2.5% of them are, the interval is not given (NaN) because its
// upper end is not identified within follow-up.
#include <cstdint>
#include <span>
#include <string>

#include "models/matching/att_effects.hpp"
#include "models/matching/nearest_neighbour.hpp"

namespace harmcast {

// Kaplan-Meier median of time (> 0) with events 0/1 and case weights (> 0 counted); NaN when
// not reached.
double weighted_km_median(std::span<const double> time, std::span<const double> event,
                          std::span<const double> weight);

// Kind MedianTime with se_method naming the bootstrap; mean_treated / mean_control hold the
// two medians; estimate = their difference (in the time unit of `time`).
EffectResult estimate_median_time_difference(std::span<const double> time,
                                             std::span<const double> event,
                                             std::span<const std::uint8_t> treat,
                                             const MatchResult& match, const std::string& name,
                                             const EffectOptions& options = {});

}  // namespace harmcast
