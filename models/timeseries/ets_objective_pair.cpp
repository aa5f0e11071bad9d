// ets_objective_pair: the optimiser's objective at two points in one pass (ets_core.hpp).
#include <limits>

#include "engine/core/error.hpp"
#include "models/timeseries/ets_core.hpp"
#include "models/timeseries/ets_recursion.hpp"

namespace harmcast::timeseries {

using namespace ets_detail;

void ets_objective_pair(const std::vector<double>& y, const EtsStructure& structure,
                        const EtsSmoothing& smoothing_a, const EtsSmoothing& smoothing_b,
                        const double* initial_state_a, const double* initial_state_b,
                        double abandon_above, double objectives[2]) {
  const int n_states = structure.n_states();
  if (n_states > kMaxSeason + 2) throw InternalError("ets_objective_pair: too many states");
  Pair x0[kMaxSeason + 2];
  for (int j = 0; j < n_states; ++j) x0[j] = Pair{initial_state_a[j], initial_state_b[j]};
  const StepParams<double> a = step_params(smoothing_a), b = step_params(smoothing_b);
  const StepParams<Pair> params{{a.alpha, b.alpha},
                                {a.beta_over_alpha, b.beta_over_alpha},
                                {a.gamma, b.gamma},
                                {a.phi, b.phi}};
  const int m = structure.has_season() ? structure.period : 1;
  const Pair bound = splat<Pair>(abandon_above);
  Pair lik{};
  const bool done = visit_forms(structure, [&]<int E, int T, int S>() {
    if constexpr (T == kMult)
      return false;  // pow runs on one lane
    else
      return recurse<E, T, S, false, false, Pair>(y, m, params, x0, nullptr, bound, lik);
  });
  if (done) {
    objectives[0] = lik[0];
    objectives[1] = lik[1];
    return;
  }
  // A multiplicative trend, or a lane that needs the one-lane treatment (ets_recursion.hpp).
  objectives[0] = ets_objective(y, structure, smoothing_a, initial_state_a, abandon_above);
  objectives[1] = ets_objective(y, structure, smoothing_b, initial_state_b, abandon_above);
}

}  // namespace harmcast::timeseries
