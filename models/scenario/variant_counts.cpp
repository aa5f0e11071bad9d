#include "models/scenario/variant_counts.hpp"

#include "models/scenario/poisson_quantile.hpp"

namespace harmcast::scenario::plan_detail {
namespace {

// Poisson on common random numbers: every variant's quantile in one pass, the lanes of
// consecutive cells side by side (kMaxJointRates at once). A scenario whose multiplier is 1 in a
// cell takes the baseline's count.
void joint_poisson_counts(const std::vector<std::size_t>& acting, std::size_t cells,
                          VariantCells& v) {
  const int n_acting = static_cast<int>(acting.size());
  const double* multiplier[kMaxJointRates];
  double* with_scenario[kMaxJointRates];
  for (int a = 0; a < n_acting; ++a) {
    multiplier[a] = v.multiplier[acting[a]].data();
    with_scenario[a] = v.with_scenario[acting[a]].data();
  }
  double lambdas[kMaxJointRates], us[kMaxJointRates];
  std::int64_t counts[kMaxJointRates];
  std::size_t cell[kMaxJointRates];  // first lane of each cell in the pass -> its cell
  int first_lane[kMaxJointRates + 1], slot[kMaxJointRates][kMaxJointRates];
  const int lanes_per_cell = n_acting + 1;
  int used = 0, held = 0;  // lanes and cells in the pass
  auto flush = [&] {
    poisson_quantiles(us, lambdas, used, counts);
    for (int c = 0; c < held; ++c) {
      const std::int64_t* own = counts + first_lane[c];
      v.base[cell[c]] = static_cast<double>(own[0]);
      for (int a = 0; a < n_acting; ++a)
        with_scenario[a][cell[c]] = static_cast<double>(own[slot[c][a]]);
    }
    used = held = 0;
  };
  for (std::size_t k = 0; k < cells; ++k) {
    if (used + lanes_per_cell > kMaxJointRates) flush();
    cell[held] = k;
    first_lane[held] = used;
    int own = 1;
    lambdas[used] = v.rate[k];
    us[used] = v.uniforms[k];
    for (int a = 0; a < n_acting; ++a) {
      const double mult = multiplier[a][k];
      slot[held][a] = mult == 1.0 ? 0 : own;
      if (mult != 1.0) {
        lambdas[used + own] = v.rate[k] * mult;
        us[used + own] = v.uniforms[k];
        ++own;
      }
    }
    used += own;
    ++held;
  }
  if (used > 0) flush();
}

}  // namespace

void VariantCells::resize(std::size_t cells, std::size_t n_scenarios) {
  uniforms.resize(cells);
  rate.resize(cells);
  base.resize(cells);
  multiplier.resize(n_scenarios);
  with_scenario.resize(n_scenarios);
}

void count_variants(const SimulationOptions& options, std::size_t series,
                    const std::vector<std::size_t>& acting, std::size_t cells, VariantCells& v) {
  const bool poisson = options.noise == CountNoise::Poisson;
  const bool independent = poisson && !options.common_random_numbers;
  if (poisson && !independent && acting.size() + 1 <= std::size_t(kMaxJointRates)) {
    joint_poisson_counts(acting, cells, v);
    return;
  }
  for (std::size_t k = 0; k < cells; ++k)
    v.base[k] =
        poisson ? static_cast<double>(poisson_quantile(v.uniforms[k], v.rate[k])) : v.rate[k];
  for (std::size_t s : acting) {
    RandomStream own(options.seed, kIndependentStream + series * 64 + s);
    for (std::size_t k = 0; k < cells; ++k) {
      const double m = v.multiplier[s][k];
      const double r = v.rate[k] * m;
      double& out = v.with_scenario[s][k];
      if (independent) {
        out = static_cast<double>(poisson_quantile(own.uniform(), r));
      } else if (m == 1.0) {
        out = v.base[k];
      } else {
        out = poisson ? static_cast<double>(poisson_quantile(v.uniforms[k], r)) : r;
      }
    }
  }
}

}  // namespace harmcast::scenario::plan_detail
