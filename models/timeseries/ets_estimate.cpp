#include "models/timeseries/ets_estimate.hpp"

#include <cmath>
#include <limits>

#include "models/timeseries/ets_init.hpp"

namespace harmcast::timeseries {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr int kMaxStates = 34;  // level, trend and up to 32 seasonal states

// The optimiser's vector: (alpha, beta?, gamma?, phi?, l, b?, s_0..s_{m-2}).
struct Layout {
  EtsStructure s;
  int n_smoothing() const { return 1 + s.has_trend() + s.has_season() + s.damped; }

  EtsSmoothing smoothing(const double* par) const {
    EtsSmoothing p;
    int j = 0;
    p.alpha = par[j++];
    if (s.has_trend()) p.beta = par[j++];
    if (s.has_season()) p.gamma = par[j++];
    if (s.damped) p.phi = par[j++];
    return p;
  }
  // Fills all n_states() initial states; the last seasonal one makes them sum to 0 or m.
  void states(const double* par, double* out) const {
    const int free = s.n_states() - (s.has_season() ? 1 : 0);
    const double* x = par + n_smoothing();
    for (int i = 0; i < free; ++i) out[i] = x[i];
    if (s.has_season()) {
      double sum = 0;
      for (int i = 1 + s.has_trend(); i < free; ++i) sum += out[i];
      out[free] = (s.season == EtsType::kMultiplicative ? s.period : 0) - sum;
    }
  }
};

}  // namespace

void ets_set_criteria(EtsEstimate& e, int n_estimated) {
  const double n = static_cast<double>(e.filter.errors.size());
  const double lik = e.filter.objective;
  const int k = n_estimated + 1;
  e.n_parameters = k;
  e.log_likelihood = -0.5 * lik;
  e.aic = lik + 2.0 * k;
  e.bic = lik + std::log(n) * k;
  e.aicc = e.aic + 2.0 * k * (k + 1) / (n - k - 1);
  double sse = 0;
  for (double v : e.filter.errors) sse += v * v;
  e.sigma2 = sse / (n - n_estimated);
}

std::optional<EtsEstimate> estimate_ets(const std::vector<double>& y, const EtsStructure& s,
                                        const EtsEstimationOptions& options,
                                        EtsEstimationFailure* failure) {
  auto fail = [&](std::string reason) -> std::optional<EtsEstimate> {
    if (failure) failure->reason = std::move(reason);
    return std::nullopt;
  };
  const Layout layout{s};
  const EtsSmoothing start_smoothing = ets_initial_smoothing(s, options.bounds, options.limits);
  if (!ets_parameters_allowed(s, start_smoothing, options.bounds, options.limits))
    return fail("starting parameters out of range");
  std::vector<double> par = {start_smoothing.alpha};
  if (s.has_trend()) par.push_back(start_smoothing.beta);
  if (s.has_season()) par.push_back(start_smoothing.gamma);
  if (s.damped) par.push_back(start_smoothing.phi);
  const std::vector<double> states0 = ets_initial_states(y, s);
  par.insert(par.end(), states0.begin(), states0.end());
  const int n = static_cast<int>(y.size());
  const int np = static_cast<int>(par.size());
  if (np >= n - 1) return fail("not enough data for the number of parameters");

  // A point of the search: its smoothing parameters and initial states, or infeasible (valued
  // +inf without running the recursion).
  struct Point {
    EtsSmoothing smoothing;
    double state[kMaxStates];
    EtsRootTest roots;  // the seasonal root test, run by ets_objective
  };
  if (s.n_states() > kMaxStates) return fail("too many states (seasonal period above 30)");
  const int season_start = 1 + s.has_trend();
  auto feasible = [&](const double* x, Point& point) {
    point.smoothing = layout.smoothing(x);
    if (!ets_parameters_allowed_except_roots(s, point.smoothing, options.bounds, options.limits,
                                             &point.roots))
      return false;
    layout.states(x, point.state);
    if (s.season == EtsType::kMultiplicative)
      for (int i = season_start; i < s.n_states(); ++i)
        if (point.state[i] < 0) return false;
    return true;
  };
  auto finish = [](double lik) {
    if (lik < -1e10) lik = -1e10;  // avoid perfect fits
    if (std::isnan(lik)) return kInf;
    return lik;
  };
  Point a, b;
  auto objective = [&](const double* x, double bound) {
    if (!feasible(x, a)) return kInf;
    return finish(ets_objective(y, s, a.smoothing, a.state, bound, &a.roots));
  };
  auto objective_pair = [&](const double* x, const double* z, double bound, double* fx,
                            double* fz) {
    if (!feasible(x, a)) {
      *fx = kInf;
      return false;
    }
    if (!feasible(z, b)) {
      *fz = kInf;
      *fx = finish(ets_objective(y, s, a.smoothing, a.state, bound, &a.roots));
      return true;
    }
    double both[2];
    ets_objective_pair(y, s, a.smoothing, b.smoothing, a.state, b.state, bound, both, &a.roots,
                       &b.roots);
    *fx = finish(both[0]);
    *fz = finish(both[1]);
    return true;
  };
  NelderMeadOptions nm;
  nm.max_evaluations = options.max_evaluations;
  const double objective_initial = objective(par.data(), kInf);
  const NelderMeadResult opt = nelder_mead(objective, par, nm, objective_pair);
  if (!opt.start_finite) return fail("the likelihood is not finite at the starting values");

  EtsEstimate e;
  e.structure = s;
  e.smoothing = layout.smoothing(opt.x.data());
  e.initial_state.assign(s.n_states(), 0.0);
  layout.states(opt.x.data(), e.initial_state.data());
  e.filter = ets_filter(y, s, e.smoothing, e.initial_state);
  e.objective_initial = objective_initial;
  e.evaluations = opt.evaluations;
  e.converged = opt.converged;
  ets_set_criteria(e, np);
  return e;
}

}  // namespace harmcast::timeseries
