// Monte Carlo over effect sizes and unit costs (see uncertainty.hpp for the model).
#include <algorithm>
#include <cmath>

#include "engine/core/error.hpp"
#include "engine/core/parallel.hpp"
#include "engine/core/random.hpp"
#include "models/value/quantile.hpp"
#include "models/value/uncertainty.hpp"

namespace harmcast::value {
namespace {

double draw_effect(const EffectSize& effect, RandomStream& stream) {
  if (effect.distribution == EffectDistribution::fixed || effect.sd == 0.0) return effect.central;
  if (effect.distribution == EffectDistribution::normal) {
    return stream.normal(effect.central, effect.sd);
  }
  // Rate ratio 1 - effect is log-normal around the central rate ratio.
  return 1.0 - std::exp(stream.normal(std::log(1.0 - effect.central), effect.sd));
}

double draw_multiplier(const MonteCarloOptions& mc, RandomStream& stream) {
  const double s = mc.unit_cost_spread;
  switch (mc.unit_cost_uncertainty) {
    case UnitCostUncertainty::none:
      return 1.0;
    case UnitCostUncertainty::triangular: {
      // U1 + U2 - 1 is triangular on (-1, 1) with mode 0.
      const double u1 = stream.uniform();
      const double u2 = stream.uniform();
      return 1.0 + s * (u1 + u2 - 1.0);
    }
    case UnitCostUncertainty::lognormal:
      return std::exp(stream.normal(-0.5 * s * s, s));  // mean 1
  }
  throw InternalError("unknown UnitCostUncertainty");
}

}  // namespace

std::string to_string(UnitCostUncertainty kind) {
  switch (kind) {
    case UnitCostUncertainty::none:
      return "none";
    case UnitCostUncertainty::triangular:
      return "triangular";
    case UnitCostUncertainty::lognormal:
      return "lognormal";
  }
  throw InternalError("unknown UnitCostUncertainty");
}

UnitCostUncertainty unit_cost_uncertainty_from_string(const std::string& text) {
  for (auto k : {UnitCostUncertainty::none, UnitCostUncertainty::triangular,
                 UnitCostUncertainty::lognormal}) {
    if (to_string(k) == text) return k;
  }
  throw Error("monte_carlo.unit_cost_uncertainty", "unknown kind '" + text + "'",
              "use none, triangular or lognormal");
}

void MonteCarloOptions::validate() const {
  if (draws < 1) {
    throw Error("MonteCarloOptions.draws", "must be >= 1, found " + std::to_string(draws));
  }
  if (block_size < 1) {
    throw Error("MonteCarloOptions.block_size",
                "must be >= 1, found " + std::to_string(block_size));
  }
  if (threads < 0) {
    throw Error("MonteCarloOptions.threads",
                "must be >= 0 (0 = all processors), found " + std::to_string(threads));
  }
  if (!(std::isfinite(unit_cost_spread) && unit_cost_spread >= 0.0)) {
    throw Error("MonteCarloOptions.unit_cost_spread",
                "must be >= 0, found " + std::to_string(unit_cost_spread));
  }
  if (unit_cost_uncertainty == UnitCostUncertainty::triangular && unit_cost_spread > 1.0) {
    throw Error("MonteCarloOptions.unit_cost_spread",
                "a triangular half-width must be <= 1 (costs cannot go negative), found " +
                    std::to_string(unit_cost_spread));
  }
  for (double level : quantile_levels) {
    if (!(level >= 0.0 && level <= 1.0)) {
      throw Error("MonteCarloOptions.quantile_levels",
                  "levels must be in [0, 1], found " + std::to_string(level));
    }
  }
}

MonteCarloResult simulate_value_for_money(const AppraisalInputs& inputs,
                                          const AppraisalOptions& options,
                                          const MonteCarloOptions& mc) {
  mc.validate();
  const auto prepared = prepare_appraisal(inputs, options);
  const double pv_costs = prepared.central.pv_costs;
  const std::size_t n_lines = prepared.discounted_value.size();
  const auto draws = static_cast<std::size_t>(mc.draws);
  const auto block = static_cast<std::size_t>(mc.block_size);
  const std::size_t n_blocks = (draws + block - 1) / block;

  std::vector<double> npv(draws);
  std::vector<double> pv_benefits(draws);
  std::vector<int> implausible(n_blocks, 0);  // per block, summed afterwards
  parallel_for(n_blocks, mc.threads, [&](std::size_t b) {
    RandomStream stream(mc.seed, b);
    std::vector<double> multipliers(n_lines, 1.0);
    const std::size_t end = std::min(draws, (b + 1) * block);
    for (std::size_t i = b * block; i < end; ++i) {
      const double effect = draw_effect(inputs.effect, stream);
      if (effect >= 1.0) ++implausible[b];
      for (auto& m : multipliers) m = draw_multiplier(mc, stream);
      pv_benefits[i] = present_value_of_benefits(prepared, effect, multipliers);
      npv[i] = pv_benefits[i] - pv_costs;
    }
  });

  MonteCarloResult result;
  result.central = prepared.central;
  result.draws = mc.draws;
  // Serial reductions in draw order: identical for any thread count.
  double sum = 0.0;
  double sum_benefits = 0.0;
  std::size_t wins = 0;
  for (std::size_t i = 0; i < draws; ++i) {
    sum += npv[i];
    sum_benefits += pv_benefits[i];
    if (npv[i] > 0.0) ++wins;
  }
  result.npv_mean = sum / static_cast<double>(draws);
  result.pv_benefits_mean = sum_benefits / static_cast<double>(draws);
  double squares = 0.0;
  for (double x : npv) squares += (x - result.npv_mean) * (x - result.npv_mean);
  result.npv_sd = draws > 1 ? std::sqrt(squares / static_cast<double>(draws - 1)) : 0.0;
  result.npv_mean_se = result.npv_sd / std::sqrt(static_cast<double>(draws));
  result.probability_benefits_exceed_costs = static_cast<double>(wins) / static_cast<double>(draws);
  result.chance_of_loss = static_cast<double>(draws - wins) / static_cast<double>(draws);
  for (int count : implausible) result.draws_effect_at_least_one += count;
  auto sorted = npv;
  std::sort(sorted.begin(), sorted.end());
  for (double level : mc.quantile_levels) {
    result.npv_quantiles.push_back({level, detail::sorted_quantile(sorted, level)});
  }
  result.npv_draws = std::move(npv);
  return result;
}

}  // namespace harmcast::value
