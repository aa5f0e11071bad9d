#include "models/timeseries/ets_core.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "models/timeseries/ets_recursion.hpp"

namespace harmcast::timeseries {
namespace {

using namespace ets_detail;

template <bool Keep, class Side>
double dispatch(const std::vector<double>& y, const EtsStructure& s, const EtsSmoothing& p,
                const double* x0, EtsFilterResult* out, double abandon_above, Side& side) {
  const int m = s.has_season() ? s.period : 1;
  const StepParams<double> params = step_params(p);
  return visit_forms(s, [&]<int E, int T, int S>() {
    double lik = kNaN;
    recurse<E, T, S, Keep, Keep>(y, m, params, x0, out, abandon_above, lik, side);
    return lik;
  });
}

}  // namespace

double ets_objective(const std::vector<double>& y, const EtsStructure& structure,
                     const EtsSmoothing& smoothing, const double* initial_state,
                     double abandon_above, const EtsRootTest* roots) {
  if (roots == nullptr || roots->degree == 0) {
    NoRootTest none;
    return dispatch<false>(y, structure, smoothing, initial_state, nullptr, abandon_above, none);
  }
  SchurCohnStepDown<double> test(roots->degree);
  std::copy(roots->a, roots->a + roots->degree + 1, test.coefficients());
  const double lik =
      dispatch<false>(y, structure, smoothing, initial_state, nullptr, abandon_above, test);
  return test.finish() ? lik : std::numeric_limits<double>::infinity();
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
  NoRootTest none;
  out.objective = dispatch<true>(y, structure, smoothing, initial_state.data(), &out,
                                 std::numeric_limits<double>::infinity(), none);
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
