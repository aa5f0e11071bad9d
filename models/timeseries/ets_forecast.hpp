#pragma once
// Forecast means and variances of the ETS models (Hyndman et al. 2008, ch. 6; R's forecast 8.20
// R/etsforecast.R), from the last state x_n:
//  - class 1, additive error with no/additive trend and season (linear models): with the
//    state-space matrices w (H), F, g (G),  mu_h = w F^{h-1} x_n,
//    var_h = sigma^2 (1 + sum_{j=1}^{h-1} c_j^2),  c_j = w F^{j-1} g;
//  - class 2, multiplicative error, no/additive trend and season: the same mu_h and
//    var_h = (1 + sigma^2) theta_h - mu_h^2,  theta_h = mu_h^2 + sigma^2 sum c_j^2 theta_{h-j};
//  - class 3, multiplicative error and season, no/additive trend: the Kronecker-product
//    recursions of Hyndman et al. (2008, section 6.4) for the mean and variance (the mean
//    carries a sigma^2 correction beyond one season);
//  - any other model (multiplicative trend, or an unrestricted mix): no closed form; intervals
//    are quantiles (type 8) of simulated paths and the mean is the point forecast.
// forecast 8.20 puts gamma in the wrong row of g for seasonal models without a trend (row 3
// instead of the first seasonal state; fixed in forecast 8.21); we use the correct row, which
// changes class 1 and 2 variances of ETS(.,N,A) beyond m - 2 steps only.
#include <vector>

#include "models/timeseries/ets_core.hpp"

namespace harmcast::timeseries {

struct EtsMoments {
  std::vector<double> mean;
  std::vector<double> variance;  // empty when the model has no closed form
};

// True for the models with closed-form variances (classes 1 to 3).
bool ets_has_analytic_variance(const EtsStructure& structure);

// Mean and variance for h steps from the last state (n_states() values).
EtsMoments ets_moments(const EtsStructure& structure, const EtsSmoothing& smoothing,
                       const std::vector<double>& last_state, double sigma2, int horizon);

// Type-8 sample quantile (Hyndman & Fan 1996; R's quantile(type = 8)) of sorted values.
double quantile_type8(const std::vector<double>& sorted, double probability);

}  // namespace harmcast::timeseries
