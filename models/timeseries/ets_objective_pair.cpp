// ets_objective_pair: the optimiser's objective at two points in one pass (ets_core.hpp).
#include <algorithm>
#include <limits>

#include "engine/core/error.hpp"
#include "models/timeseries/ets_core.hpp"
#include "models/timeseries/ets_recursion.hpp"

namespace harmcast::timeseries {

using namespace ets_detail;

namespace {

// The recursion of `structure` on two lanes with the side task `side`; false when the lanes
// need the one-lane treatment (a multiplicative trend, an NA forecast, ets_recursion.hpp).
template <class Side>
bool recurse_pair(const std::vector<double>& y, const EtsStructure& structure,
                  const StepParams<Pair>& params, const Pair* x0, Pair bound, Pair& lik,
                  Side& side) {
  const int m = structure.has_season() ? structure.period : 1;
  return visit_forms(structure, [&]<int E, int T, int S>() {
    if constexpr (T == kMult)
      return false;  // pow runs on one lane
    else
      return recurse<E, T, S, false, false, Pair>(y, m, params, x0, nullptr, bound, lik, side);
  });
}

// Lane k's root test coefficients (a passing x^d when the lane has none).
void load_lane(const EtsRootTest* roots, int degree, int k, Pair* a) {
  const bool has = roots != nullptr && roots->degree == degree;
  for (int i = 0; i <= degree; ++i) a[i][k] = has ? roots->a[i] : (i == 0 ? 1.0 : 0.0);
}

}  // namespace

void ets_objective_pair(const std::vector<double>& y, const EtsStructure& structure,
                        const EtsSmoothing& smoothing_a, const EtsSmoothing& smoothing_b,
                        const double* initial_state_a, const double* initial_state_b,
                        double abandon_above, double objectives[2], const EtsRootTest* roots_a,
                        const EtsRootTest* roots_b) {
  const int n_states = structure.n_states();
  if (n_states > kMaxSeason + 2) throw InternalError("ets_objective_pair: too many states");
  Pair x0[kMaxSeason + 2];
  for (int j = 0; j < n_states; ++j) x0[j] = Pair{initial_state_a[j], initial_state_b[j]};
  const StepParams<double> a = step_params(smoothing_a), b = step_params(smoothing_b);
  const StepParams<Pair> params{{a.alpha, b.alpha},
                                {a.beta_over_alpha, b.beta_over_alpha},
                                {a.gamma, b.gamma},
                                {a.phi, b.phi}};
  const Pair bound = splat<Pair>(abandon_above);
  Pair lik{};
  const int degree = std::max(roots_a ? roots_a->degree : 0, roots_b ? roots_b->degree : 0);
  bool done;
  PairMask inside = splat<Pair>(1.0) > 0.0;
  if (degree == 0) {
    NoRootTest none;
    done = recurse_pair(y, structure, params, x0, bound, lik, none);
  } else {
    SchurCohnStepDown<Pair> test(degree);
    load_lane(roots_a, degree, 0, test.coefficients());
    load_lane(roots_b, degree, 1, test.coefficients());
    done = recurse_pair(y, structure, params, x0, bound, lik, test);
    if (done) inside = test.finish();
  }
  if (done) {
    constexpr double kInf = std::numeric_limits<double>::infinity();
    objectives[0] = inside[0] ? lik[0] : kInf;
    objectives[1] = inside[1] ? lik[1] : kInf;
    return;
  }
  // A multiplicative trend, or a lane that needs the one-lane treatment (ets_recursion.hpp).
  objectives[0] = ets_objective(y, structure, smoothing_a, initial_state_a, abandon_above, roots_a);
  objectives[1] = ets_objective(y, structure, smoothing_b, initial_state_b, abandon_above, roots_b);
}

}  // namespace harmcast::timeseries
