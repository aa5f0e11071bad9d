#pragma once
// Starting values of the ETS estimation, as R's forecast 8.20 (R/ets.R initstate, initparam).
//
// Initial states (initstate):
//  - seasonal models: a classical decomposition (stats::decompose: centred 2 x m moving
//    average, seasonal means by position, centred) when n >= 3m, else a regression on a linear
//    trend and one Fourier pair; s_0..s_{m-2} = the seasonal indices of positions m, ..., 2
//    (multiplicative indices floored at 0.01 and rescaled if they sum above m); the series is
//    then seasonally adjusted;
//  - level / trend: from the first max(10, 2m) adjusted values: their mean (no trend), or the
//    intercept and slope of a least-squares line (additive trend; for a multiplicative trend
//    the first fitted value and the ratio of the first two).
// The optimiser works on (alpha, beta, gamma, phi, l, b, s_0..s_{m-2}); s_{m-1} follows from
// the seasonal states summing to 0 (additive) or m (multiplicative).
//
// Smoothing starting values (initparam), with the limits of EtsLimits:
//   alpha = lo + 0.2 (up - lo) / m,  beta = lo + 0.1 (min(up, alpha) - lo),
//   gamma = lo + 0.05 (min(up, 1 - alpha) - lo),  phi = lo + 0.99 (up - lo).
#include <vector>

#include "models/timeseries/ets_admissible.hpp"
#include "models/timeseries/ets_core.hpp"

namespace harmcast::timeseries {

// (l, b?, s_0..s_{m-2}) for the optimiser. Throws harmcast::Error when a seasonal model has
// fewer than 4 observations.
std::vector<double> ets_initial_states(const std::vector<double>& y, const EtsStructure& structure);

EtsSmoothing ets_initial_smoothing(const EtsStructure& structure, EtsBounds bounds,
                                   EtsLimits limits);

// R's mean(): long double sum with one refinement pass (summary.c), so starting values agree
// with R's to the last bit.
double r_mean(const double* x, int n);

}  // namespace harmcast::timeseries
