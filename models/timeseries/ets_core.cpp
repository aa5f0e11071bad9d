#include "models/timeseries/ets_core.hpp"

#include <cmath>
#include <limits>

namespace harmcast::timeseries {
namespace {

// Constants of etscalc.c.
constexpr double kTolerance = 1.0e-10;
constexpr double kHuge = 1.0e10;
constexpr double kRMissing = -99999.0;  // R's NA marker inside etscalc
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr int kNone = 0, kAdd = 1, kMult = 2;

// One step of the recursion with the expressions (and rounding) of etscalc.c's forecast() and
// update(). `s_old` is s_{t-m}. Returns false when R would flag the forecast NA.
template <int Trend, int Season>
struct Step {
  double forecast, level, trend, season;

  // beta_over_alpha = beta / alpha, computed once per evaluation (the same value etscalc.c
  // computes at every step).
  bool run(double y, double l, double b, double s_old, const EtsSmoothing& p,
           double beta_over_alpha) {
    double f;
    if constexpr (Trend == kNone) {
      f = l;
    } else if constexpr (Trend == kAdd) {
      f = l + p.phi * b;
    } else {
      if (b < 0) return false;
      f = l * std::pow(b, p.phi);
    }
    if constexpr (Season == kAdd) f = f + s_old;
    if constexpr (Season == kMult) f = f * s_old;
    if (std::fabs(f - kRMissing) < kTolerance) return false;
    forecast = f;

    double q, phib;
    if constexpr (Trend == kNone) {
      q = l;
      phib = 0;
    } else if constexpr (Trend == kAdd) {
      phib = p.phi * b;
      q = l + phib;
    } else {
      phib = std::fabs(p.phi - 1.0) < kTolerance ? b : std::pow(b, p.phi);
      q = l * phib;
    }
    double pp;
    if constexpr (Season == kNone) pp = y;
    if constexpr (Season == kAdd) pp = y - s_old;
    if constexpr (Season == kMult) pp = std::fabs(s_old) < kTolerance ? kHuge : y / s_old;
    level = q + p.alpha * (pp - q);
    if constexpr (Trend != kNone) {
      double r;
      if constexpr (Trend == kAdd)
        r = level - l;
      else
        r = std::fabs(l) < kTolerance ? kHuge : level / l;
      trend = phib + beta_over_alpha * (r - phib);
    }
    if constexpr (Season != kNone) {
      double t;
      if constexpr (Season == kAdd)
        t = y - q;
      else
        t = std::fabs(q) < kTolerance ? kHuge : y / q;
      season = s_old + p.gamma * (t - s_old);
    }
    return true;
  }
};

// The recursion with the seasonal states in a ring buffer (oldest at `head`). Keep = true stores
// errors, fitted values and states.
template <int Error, int Trend, int Season, bool Keep, bool ExactLog = Keep>
double recurse(const std::vector<double>& y, int m, const EtsSmoothing& p, const double* x0,
               EtsFilterResult* out, double abandon_above) {
  const int n = static_cast<int>(y.size());
  // n log(sse) > abandon_above  <=  sse > exp(abandon_above / n), with a margin for rounding.
  const double sse_limit = std::exp(abandon_above / n) * (1 + 1e-12);
  double l = x0[0];
  double b = Trend != kNone ? x0[1] : 0.0;
  const int s0 = Trend != kNone ? 2 : 1;
  double ring[32];
  int head = 0;
  if constexpr (Season != kNone)
    for (int k = 0; k < m; ++k) ring[k] = x0[s0 + m - 1 - k];
  const int p_states = s0 + (Season != kNone ? m : 0);
  double sse = 0.0, log_sum = 0.0, sq = 0.0;
  // Fast path for the optimiser: sum log|f_t| as the log of a product kept in range by frexp
  // every 8 steps (one log per evaluation instead of n; differs from the sum of logs in the
  // last bits only). Falls back to the sum if the product leaves the floating-point range.
  double product = 1.0;
  int exponent = 0;
  constexpr bool use_product = !ExactLog;
  Step<Trend, Season> step;
  const double beta_over_alpha = p.beta / p.alpha;
  for (int t = 0; t < n; ++t) {
    const double s_old = Season != kNone ? ring[head] : 0.0;
    if (!step.run(y[t], l, b, s_old, p, beta_over_alpha)) return kNaN;
    const double e = Error == kAdd ? y[t] - step.forecast : (y[t] - step.forecast) / step.forecast;
    l = step.level;
    if constexpr (Trend != kNone) b = step.trend;
    if constexpr (Season != kNone) {
      ring[head] = step.season;
      head = head + 1 == m ? 0 : head + 1;
    }
    sse = sse + e * e;
    if constexpr (Error == kMult) {
      if constexpr (!use_product) {
        log_sum += std::log(std::fabs(step.forecast));
      } else {
        product *= std::fabs(step.forecast);
        if ((t & 7) == 7 || t + 1 == n) {
          if (!(product > 0 && std::isfinite(product)))
            return recurse<Error, Trend, Season, false, true>(y, m, p, x0, out, abandon_above);
          int e2;
          product = std::frexp(product, &e2);
          exponent += e2;
        }
      }
    }
    if constexpr (Error == kAdd && !Keep) {
      if ((t & 7) == 7 && sse > sse_limit) return n * std::log(sse);
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
  if constexpr (Keep) out->mse = sq / n;
  double lik = n * std::log(sse);
  if constexpr (Error == kMult) {
    if constexpr (use_product) log_sum = std::log(product) + exponent * 0.69314718055994530942;
    lik += 2 * log_sum;
  }
  return lik;
}

template <bool Keep>
double dispatch(const std::vector<double>& y, const EtsStructure& s, const EtsSmoothing& p,
                const double* x0, EtsFilterResult* out, double abandon_above) {
  const int code =
      9 * static_cast<int>(s.error) + 3 * static_cast<int>(s.trend) + static_cast<int>(s.season);
  const int m = s.has_season() ? s.period : 1;
#define HC_ETS_CASE(E, T, S) \
  case 9 * E + 3 * T + S:    \
    return recurse<E, T, S, Keep>(y, m, p, x0, out, abandon_above);
  switch (code) {
    HC_ETS_CASE(kAdd, kNone, kNone)
    HC_ETS_CASE(kAdd, kNone, kAdd)
    HC_ETS_CASE(kAdd, kNone, kMult)
    HC_ETS_CASE(kAdd, kAdd, kNone)
    HC_ETS_CASE(kAdd, kAdd, kAdd)
    HC_ETS_CASE(kAdd, kAdd, kMult)
    HC_ETS_CASE(kAdd, kMult, kNone)
    HC_ETS_CASE(kAdd, kMult, kAdd)
    HC_ETS_CASE(kAdd, kMult, kMult)
    HC_ETS_CASE(kMult, kNone, kNone)
    HC_ETS_CASE(kMult, kNone, kAdd)
    HC_ETS_CASE(kMult, kNone, kMult)
    HC_ETS_CASE(kMult, kAdd, kNone)
    HC_ETS_CASE(kMult, kAdd, kAdd)
    HC_ETS_CASE(kMult, kAdd, kMult)
    HC_ETS_CASE(kMult, kMult, kNone)
    HC_ETS_CASE(kMult, kMult, kAdd)
    HC_ETS_CASE(kMult, kMult, kMult)
    default:
      return kNaN;
  }
#undef HC_ETS_CASE
}

}  // namespace

double ets_objective(const std::vector<double>& y, const EtsStructure& structure,
                     const EtsSmoothing& smoothing, const double* initial_state,
                     double abandon_above) {
  return dispatch<false>(y, structure, smoothing, initial_state, nullptr, abandon_above);
}

EtsFilterResult ets_filter(const std::vector<double>& y, const EtsStructure& structure,
                           const EtsSmoothing& smoothing,
                           const std::vector<double>& initial_state) {
  EtsFilterResult out;
  const std::size_t n = y.size(), p = structure.n_states();
  out.errors.assign(n, kNaN);
  out.fitted.assign(n, kNaN);
  out.states.assign((n + 1) * p, kNaN);
  for (std::size_t j = 0; j < p; ++j) out.states[j] = initial_state[j];
  out.objective = dispatch<true>(y, structure, smoothing, initial_state.data(), &out,
                                 std::numeric_limits<double>::infinity());
  return out;
}

std::vector<double> ets_point_forecast(const double* state, const EtsStructure& structure,
                                       double phi, int horizon) {
  const int m = structure.has_season() ? structure.period : 1;
  const double l = state[0];
  const double b = structure.has_trend() ? state[1] : 0.0;
  const double* s = state + (structure.has_trend() ? 2 : 1);
  std::vector<double> f(horizon);
  double phistar = phi;
  for (int i = 0; i < horizon; ++i) {
    if (structure.trend == EtsType::kNone)
      f[i] = l;
    else if (structure.trend == EtsType::kAdditive)
      f[i] = l + phistar * b;
    else if (b < 0)
      f[i] = kNaN;
    else
      f[i] = l * std::pow(b, phistar);
    int j = m - 1 - i;
    while (j < 0) j += m;
    if (structure.season == EtsType::kAdditive) f[i] = f[i] + s[j];
    if (structure.season == EtsType::kMultiplicative) f[i] = f[i] * s[j];
    if (std::fabs(phi - 1.0) < kTolerance)
      phistar = phistar + 1.0;
    else
      phistar = phistar + std::pow(phi, static_cast<double>(i + 1));
  }
  return f;
}

void ets_simulate_path(const double* state, const EtsStructure& structure,
                       const EtsSmoothing& smoothing, const double* innovations, int horizon,
                       double* out) {
  // Reuse the filter: the "observation" at each step is the simulated value, generated from the
  // one-step forecast before the update (as etssimulate does).
  const int p = structure.n_states();
  std::vector<double> x(state, state + p), next(p);
  const bool mult_error = structure.error == EtsType::kMultiplicative;
  for (int i = 0; i < horizon; ++i) {
    const double f = ets_point_forecast(x.data(), structure, smoothing.phi, 1)[0];
    if (std::isnan(f)) {
      for (int k = i; k < horizon; ++k) out[k] = kNaN;
      return;
    }
    const double yi = mult_error ? f * (1.0 + innovations[i]) : f + innovations[i];
    out[i] = yi;
    const EtsFilterResult r = ets_filter({yi}, structure, smoothing, x);
    for (int j = 0; j < p; ++j) next[j] = r.states[p + j];
    x.swap(next);
  }
}

}  // namespace harmcast::timeseries
