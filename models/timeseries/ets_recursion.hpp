#pragma once
// The ETS recursion of ets_core.hpp as a template over the error, trend and season forms and
// over the lanes (one evaluation, or two side by side: ets_lanes.hpp). Internal to
// models/timeseries: ets_core.cpp (one evaluation, the filter) and ets_objective_pair.cpp.
#include <cmath>
#include <limits>
#include <vector>

#include "engine/core/error.hpp"
#include "models/timeseries/ets_core.hpp"
#include "models/timeseries/ets_lanes.hpp"
#include "models/timeseries/ets_root_test.hpp"

namespace harmcast::timeseries::ets_detail {

// Constants of etscalc.c.
constexpr double kTolerance = 1.0e-10;
constexpr double kHuge = 1.0e10;
constexpr double kRMissing = -99999.0;  // R's NA marker inside etscalc
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr int kNone = 0, kAdd = 1, kMult = 2;
constexpr int kMaxSeason = 32;  // ring buffer size (fit_ets keeps periods <= 24)

// etscalc.c's guarded division: num / den, or 1e10 when |den| < 1e-10.
template <class V>
V guarded_ratio(V num, V den) {
  return choose(near_zero(den, kTolerance), splat<V>(kHuge), num / den);
}

// The smoothing parameters as the recursion uses them, one value per lane.
template <class V>
struct StepParams {
  V alpha, beta_over_alpha, gamma, phi;  // beta / alpha: etscalc.c computes it at every step
};

inline StepParams<double> step_params(const EtsSmoothing& p) {
  return {p.alpha, p.beta / p.alpha, p.gamma, p.phi};
}

// One step of the recursion with the expressions (and rounding) of etscalc.c's forecast() and
// update(). `s_old` is s_{t-m}. Returns, lane by lane, whether R would flag the forecast NA
// (one lane stops there; two lanes carry on and the caller looks at the flags at the end, which
// saves a test per step). A multiplicative trend (pow) only runs on one lane.
template <int Trend, int Season, class V>
struct Step {
  V forecast, level, trend, season;

  MaskOf<V> run(V y, V l, V b, V s_old, const StepParams<V>& p) {
    V f;
    if constexpr (Trend == kNone) {
      f = l;
    } else if constexpr (Trend == kAdd) {
      f = l + p.phi * b;
    } else {
      static_assert(kLanes<V> == 1, "a multiplicative trend runs on one lane");
      if (b < 0) return true;
      f = l * std::pow(b, p.phi);
    }
    if constexpr (Season == kAdd) f = f + s_old;
    if constexpr (Season == kMult) f = f * s_old;
    const MaskOf<V> missing = near_zero(f - kRMissing, kTolerance);
    if constexpr (kLanes<V> == 1)
      if (missing) return missing;
    forecast = f;

    V q, phib;
    if constexpr (Trend == kNone) {
      q = l;
      phib = splat<V>(0.0);
    } else if constexpr (Trend == kAdd) {
      phib = p.phi * b;
      q = l + phib;
    } else {
      phib = std::fabs(p.phi - 1.0) < kTolerance ? b : std::pow(b, p.phi);
      q = l * phib;
    }
    V pp;
    if constexpr (Season == kNone) pp = y;
    if constexpr (Season == kAdd) pp = y - s_old;
    if constexpr (Season == kMult) pp = guarded_ratio(y, s_old);
    level = q + p.alpha * (pp - q);
    if constexpr (Trend != kNone) {
      V r;
      if constexpr (Trend == kAdd)
        r = level - l;
      else
        r = guarded_ratio(level, l);
      trend = phib + p.beta_over_alpha * (r - phib);
    }
    if constexpr (Season != kNone) {
      V t;
      if constexpr (Season == kAdd)
        t = y - q;
      else
        t = guarded_ratio(y, q);
      season = s_old + p.gamma * (t - s_old);
    }
    return missing;
  }
};

// The recursion with the seasonal states in a ring buffer (oldest at `head`), from the initial
// states x0[0..n_states) (one V per state), taking one step of `side` (a root test of
// ets_root_test.hpp, or NoRootTest) per observation. Keep = true (one lane) stores errors, fitted
// values and states in `out`. Sets lik (R's "lik") and returns true; returns false, for two lanes
// only, when a lane needs the one-lane treatment (an NA forecast, or the product of |f_t| leaving
// the floating-point range), and the caller then evaluates the lanes one at a time.
template <int Error, int Trend, int Season, bool Keep, bool ExactLog, class V, class Side>
bool recurse(const std::vector<double>& y, int m, const StepParams<V>& p, const V* x0,
             EtsFilterResult* out, V abandon_above, V& lik, Side& side) {
  constexpr int lanes = kLanes<V>;
  static_assert(!Keep || lanes == 1, "the filter keeps one lane");
  const int n = static_cast<int>(y.size());
  // n log(sse) > abandon_above  <=  sse > exp(abandon_above / n), with a margin for rounding.
  V sse_limit = splat<V>(0.0);
  if constexpr (Error == kAdd && !Keep)
    for (int k = 0; k < lanes; ++k)
      set_lane(sse_limit, k, std::exp(lane(abandon_above, k) / n) * (1 + 1e-12));
  V l = x0[0];
  V b = Trend != kNone ? x0[1] : splat<V>(0.0);
  const int s0 = Trend != kNone ? 2 : 1;
  V ring[kMaxSeason];
  int head = 0;
  if constexpr (Season != kNone)
    for (int k = 0; k < m; ++k) ring[k] = x0[s0 + m - 1 - k];
  const int p_states = s0 + (Season != kNone ? m : 0);
  V sse = splat<V>(0.0), log_sum = splat<V>(0.0);
  double sq = 0.0;
  // Fast path for the optimiser: sum log|f_t| as the log of a product kept in range by frexp
  // every 8 steps (one log per evaluation instead of n; differs from the sum of logs in the
  // last bits only). Falls back to the sum if the product leaves the floating-point range.
  V product = splat<V>(1.0);
  ExponentOf<V> exponent{};
  constexpr bool use_product = !ExactLog;
  Step<Trend, Season, V> step;
  MaskOf<V> missing_seen{};  // two lanes: the NA flags so far
  for (int t = 0; t < n; ++t) {
    const V yt = splat<V>(y[t]);
    const V s_old = Season != kNone ? ring[head] : splat<V>(0.0);
    const MaskOf<V> missing = step.run(yt, l, b, s_old, p);
    if constexpr (lanes == 1) {
      if (missing) {
        lik = kNaN;
        return true;
      }
    } else {
      missing_seen = missing_seen | missing;
    }
    const V e = Error == kAdd ? yt - step.forecast : (yt - step.forecast) / step.forecast;
    l = step.level;
    if constexpr (Trend != kNone) b = step.trend;
    if constexpr (Season != kNone) {
      ring[head] = step.season;
      head = head + 1 == m ? 0 : head + 1;
    }
    sse = sse + e * e;
    side.step();  // independent of the recursion: fills the gaps in its dependency chain
    if constexpr (Error == kMult) {
      if constexpr (!use_product) {
        log_sum += std::log(std::fabs(step.forecast));
      } else {
        product *= abs_lanes(step.forecast);
        if ((t & 7) == 7 || t + 1 == n) {
          if (!take_exponent(product, exponent)) {
            if constexpr (lanes > 1)
              return false;
            else
              return recurse<Error, Trend, Season, false, true>(y, m, p, x0, out, abandon_above,
                                                                lik, side);
          }
        }
      }
    }
    if constexpr (Error == kAdd && !Keep) {
      if ((t & 7) == 7 && all_lanes(sse > sse_limit)) {
        if (any_lane(missing_seen)) return false;
        for (int k = 0; k < lanes; ++k) set_lane(lik, k, n * std::log(lane(sse, k)));
        return true;
      }
    }
    if constexpr (Keep) {
      out->errors[t] = e;
      out->fitted[t] = step.forecast;
      const double d = y[t] - step.forecast;
      sq += d * d;
      double* row = out->states.data() + static_cast<std::size_t>(t + 1) * p_states;
      row[0] = l;
      if constexpr (Trend != kNone) row[1] = b;
      if constexpr (Season != kNone)
        for (int j = 0; j < m; ++j) row[s0 + j] = ring[(head - 1 - j + 2 * m) % m];
    }
  }
  if (any_lane(missing_seen)) return false;
  if constexpr (Keep) out->mse = sq / n;
  for (int k = 0; k < lanes; ++k) {
    double value = n * std::log(lane(sse, k));
    if constexpr (Error == kMult) {
      double logs = lane(log_sum, k);
      if constexpr (use_product)
        logs = std::log(lane(product, k)) +
               static_cast<double>(exponent_lane(exponent, k)) * 0.69314718055994530942;
      value += 2 * logs;
    }
    set_lane(lik, k, value);
  }
  return true;
}

// Calls visit.template operator()<Error, Trend, Season>() with the forms of `s` as constants
// (kNone, kAdd, kMult), so each form runs its own compiled recursion.
template <class Visit>
auto visit_forms(const EtsStructure& s, Visit&& visit) {
  const int code =
      9 * static_cast<int>(s.error) + 3 * static_cast<int>(s.trend) + static_cast<int>(s.season);
#define HC_ETS_FORM(E, T, S) \
  case 9 * E + 3 * T + S:    \
    return visit.template operator()<E, T, S>();
  switch (code) {
    HC_ETS_FORM(kAdd, kNone, kNone)
    HC_ETS_FORM(kAdd, kNone, kAdd)
    HC_ETS_FORM(kAdd, kNone, kMult)
    HC_ETS_FORM(kAdd, kAdd, kNone)
    HC_ETS_FORM(kAdd, kAdd, kAdd)
    HC_ETS_FORM(kAdd, kAdd, kMult)
    HC_ETS_FORM(kAdd, kMult, kNone)
    HC_ETS_FORM(kAdd, kMult, kAdd)
    HC_ETS_FORM(kAdd, kMult, kMult)
    HC_ETS_FORM(kMult, kNone, kNone)
    HC_ETS_FORM(kMult, kNone, kAdd)
    HC_ETS_FORM(kMult, kNone, kMult)
    HC_ETS_FORM(kMult, kAdd, kNone)
    HC_ETS_FORM(kMult, kAdd, kAdd)
    HC_ETS_FORM(kMult, kAdd, kMult)
    HC_ETS_FORM(kMult, kMult, kNone)
    HC_ETS_FORM(kMult, kMult, kAdd)
    HC_ETS_FORM(kMult, kMult, kMult)
    default:
      throw InternalError("ets: unknown error, trend or season type");
  }
#undef HC_ETS_FORM
}

}  // namespace harmcast::timeseries::ets_detail
