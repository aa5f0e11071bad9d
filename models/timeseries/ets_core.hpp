#pragma once
// The innovations state-space recursion of the ETS models (Hyndman, Koehler, Ord & Snyder 2008,
// "Forecasting with exponential smoothing", Springer, ch. 2 and table 2.1), computed as R's
// forecast package does in src/etscalc.c (forecast 8.20), operation for operation, so that the
// Nelder-Mead search over it follows the same path as R's. (One exception, for speed: inside
// the optimiser sum log|f_t| is taken as the log of a running product, which differs from R's
// sum of logs in the last bits; it left all 200 anchor choices and the reference fits as R's.)
//
// State x_t = (l_t, b_t, s_t, s_{t-1}, ..., s_{t-m+1}) (b only with a trend, s only with a
// season). One-step forecast and updates, with q = l + phi b (additive trend) or l b^phi
// (multiplicative), s_old = s_{t-m}:
//   f_t = q (+ s_old | * s_old);  e_t = y_t - f_t (additive error) or (y_t - f_t) / f_t
//   l_t = q + alpha (p - q),      p = y_t (- s_old | / s_old)
//   b_t = phi b + (beta / alpha) (l_t - l_{t-1} - phi b)      (additive trend; ratio for mult.)
//   s_t = s_old + gamma (t - s_old),  t = y_t - q  or  y_t / q
// R's objective ("lik", -2 log-likelihood up to a constant):
//   lik = n log(sum e_t^2) + 2 sum log|f_t|   (the second term for multiplicative errors only).
// For speed the optimiser evaluates two points at a time (ets_objective_pair) and runs the
// seasonal root test of the admissible region inside the recursion loop; both give the bits of
// the plain evaluation and check (tests/timeseries/test_ets_lanes.cpp).
#include <limits>
#include <vector>

#include "models/timeseries/ets_root_test.hpp"

namespace harmcast::timeseries {

enum class EtsType { kNone = 0, kAdditive = 1, kMultiplicative = 2 };

// Which model: error (additive or multiplicative), trend and season types, damping, period.
struct EtsStructure {
  EtsType error = EtsType::kAdditive;
  EtsType trend = EtsType::kNone;
  EtsType season = EtsType::kNone;
  bool damped = false;
  int period = 1;  // seasonal period m; 1 when there is no season

  bool has_trend() const { return trend != EtsType::kNone; }
  bool has_season() const { return season != EtsType::kNone; }
  int season_length() const { return has_season() ? period : 0; }
  int n_states() const { return 1 + (has_trend() ? 1 : 0) + season_length(); }
};

struct EtsSmoothing {
  double alpha = 0.0;  // level
  double beta = 0.0;   // trend (0 without a trend)
  double gamma = 0.0;  // season (0 without a season)
  double phi = 1.0;    // damping (1 when not damped)
};

// R's "lik" of the recursion started from `initial_state` (n_states() values). Returns NaN when
// R marks the fit NA (a negative multiplicative trend). Stores nothing: used by the optimiser.
// With additive errors lik = n log(sum e^2) only grows along the series, so once it exceeds
// `abandon_above` the recursion stops and returns a value above it (the optimiser only needs to
// know the point is worse than that).
// With `roots` (the seasonal root test left by ets_parameters_allowed_except_roots), returns
// +inf when the test fails (or a value above abandon_above); the test runs inside the
// recursion loop (ets_root_test.hpp).
double ets_objective(const std::vector<double>& y, const EtsStructure& structure,
                     const EtsSmoothing& smoothing, const double* initial_state,
                     double abandon_above = std::numeric_limits<double>::infinity(),
                     const EtsRootTest* roots = nullptr);

// ets_objective at two parameter points of the same model at once: each value is what
// ets_objective would give (with the same abandoning rule: above `abandon_above` when the
// point is worse), computed as two recursions side by side (ets_lanes.hpp), which takes little
// more time than one. A multiplicative trend is evaluated one point after the other. The root
// tests as in ets_objective.
void ets_objective_pair(const std::vector<double>& y, const EtsStructure& structure,
                        const EtsSmoothing& smoothing_a, const EtsSmoothing& smoothing_b,
                        const double* initial_state_a, const double* initial_state_b,
                        double abandon_above, double objectives[2],
                        const EtsRootTest* roots_a = nullptr, const EtsRootTest* roots_b = nullptr);

struct EtsFilterResult {
  double objective = 0.0;      // as ets_objective
  std::vector<double> errors;  // e_t, n of them (relative errors for multiplicative error)
  std::vector<double> fitted;  // one-step forecasts f_t
  std::vector<double> states;  // (n + 1) x n_states(), row-major; row 0 = initial state
  double mse = 0.0;            // mean of (y_t - f_t)^2
};

// The full recursion, keeping errors, fitted values and states.
EtsFilterResult ets_filter(const std::vector<double>& y, const EtsStructure& structure,
                           const EtsSmoothing& smoothing, const std::vector<double>& initial_state);

// Point forecasts for h steps from `state` (R's etsforecast). NaN when a multiplicative trend
// is negative.
std::vector<double> ets_point_forecast(const double* state, const EtsStructure& structure,
                                       double phi, int horizon);

// One sample path (R's etssimulate): y_{n+i} = f + e_i (additive) or f (1 + e_i).
void ets_simulate_path(const double* state, const EtsStructure& structure,
                       const EtsSmoothing& smoothing, const double* innovations, int horizon,
                       double* out);

}  // namespace harmcast::timeseries
