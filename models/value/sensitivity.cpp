// One-way sensitivity (tornado data) and comparison of options (see uncertainty.hpp).
#include <algorithm>
#include <cmath>

#include "engine/core/error.hpp"
#include "models/value/quantile.hpp"
#include "models/value/uncertainty.hpp"

namespace harmcast::value {
namespace {

// 95th percentile of the standard normal, qnorm(0.95) in R 4.2.2.
constexpr double kZ95 = 1.6448536269514722;

bool in_unit_interval(double x) { return std::isfinite(x) && x >= 0.0 && x <= 1.0; }

// Default 5th / 95th percentiles of the effect's distribution.
std::pair<double, double> effect_range(const EffectSize& effect) {
  switch (effect.distribution) {
    case EffectDistribution::fixed:
      return {effect.central, effect.central};
    case EffectDistribution::normal:
      return {effect.central - kZ95 * effect.sd, effect.central + kZ95 * effect.sd};
    case EffectDistribution::lognormal_rate_ratio: {
      const double log_ratio = std::log(1.0 - effect.central);
      // A high rate ratio is a small effect.
      return {1.0 - std::exp(log_ratio + kZ95 * effect.sd),
              1.0 - std::exp(log_ratio - kZ95 * effect.sd)};
    }
  }
  throw InternalError("unknown EffectDistribution");
}

}  // namespace

void SensitivityOptions::validate() const {
  if (std::isnan(effect_low) != std::isnan(effect_high)) {
    throw Error("SensitivityOptions.effect_low/effect_high",
                "give both or neither (unset = 5th/95th percentiles of the effect)");
  }
  if (!std::isnan(effect_low) && !(effect_low <= 1.0 && effect_high <= 1.0)) {
    throw Error("SensitivityOptions.effect_low/effect_high",
                "effects are relative reductions and must be <= 1");
  }
  if (!in_unit_interval(unit_cost_swing)) {
    throw Error("SensitivityOptions.unit_cost_swing",
                "must be in [0, 1], found " + std::to_string(unit_cost_swing));
  }
  if (!in_unit_interval(cost_swing)) {
    throw Error("SensitivityOptions.cost_swing",
                "must be in [0, 1], found " + std::to_string(cost_swing));
  }
  if (!(std::isfinite(optimism_bias_high) && optimism_bias_high >= 0.0)) {
    throw Error("SensitivityOptions.optimism_bias_high",
                "must be >= 0, found " + std::to_string(optimism_bias_high));
  }
}

SensitivityResult one_way_sensitivity(const AppraisalInputs& inputs,
                                      const AppraisalOptions& options,
                                      const SensitivityOptions& sensitivity) {
  sensitivity.validate();
  const auto prepared = prepare_appraisal(inputs, options);
  const double pvc = prepared.central.pv_costs;
  const double effect = inputs.effect.central;
  const double pvb = prepared.central.pv_benefits;

  SensitivityResult result;
  result.npv_central = prepared.central.npv;
  auto add = [&](std::string input, double low, double high, double npv_low, double npv_high) {
    result.rows.push_back(
        {std::move(input), low, high, npv_low, npv_high, std::abs(npv_high - npv_low)});
  };

  auto [low, high] = std::isnan(sensitivity.effect_low)
                         ? effect_range(inputs.effect)
                         : std::make_pair(sensitivity.effect_low, sensitivity.effect_high);
  add("effect", low, high, present_value_of_benefits(prepared, low, {}) - pvc,
      present_value_of_benefits(prepared, high, {}) - pvc);

  const std::size_t n_lines = prepared.discounted_value.size();
  for (std::size_t k = 0; k < n_lines; ++k) {
    std::vector<double> m(n_lines, 1.0);
    const double unit_cost = prepared.central.unit_costs[k];
    m[k] = 1.0 - sensitivity.unit_cost_swing;
    const double npv_low = present_value_of_benefits(prepared, effect, m) - pvc;
    m[k] = 1.0 + sensitivity.unit_cost_swing;
    const double npv_high = present_value_of_benefits(prepared, effect, m) - pvc;
    add("unit cost: " + prepared.central.crime_types[k],
        unit_cost * (1.0 - sensitivity.unit_cost_swing),
        unit_cost * (1.0 + sensitivity.unit_cost_swing), npv_low, npv_high);
  }

  add("costs", pvc * (1.0 - sensitivity.cost_swing), pvc * (1.0 + sensitivity.cost_swing),
      pvb - pvc * (1.0 - sensitivity.cost_swing), pvb - pvc * (1.0 + sensitivity.cost_swing));

  if (sensitivity.optimism_bias_high > 0.0) {
    const double unbiased = pvc / (1.0 + options.optimism_bias);
    add("optimism bias", 0.0, sensitivity.optimism_bias_high, pvb - unbiased,
        pvb - unbiased * (1.0 + sensitivity.optimism_bias_high));
  }

  std::stable_sort(
      result.rows.begin(), result.rows.end(),
      [](const SensitivityRow& a, const SensitivityRow& b) { return a.swing > b.swing; });
  return result;
}

std::vector<ComparisonRow> compare_options(const std::vector<AppraisalInputs>& options_inputs,
                                           const AppraisalOptions& options,
                                           const MonteCarloOptions& mc) {
  if (options_inputs.empty()) {
    throw Error("compare_options", "no options to compare", "give at least one AppraisalInputs");
  }
  std::vector<ComparisonRow> rows;
  for (const auto& inputs : options_inputs) {
    const auto simulated = simulate_value_for_money(inputs, options, mc);
    auto sorted = simulated.npv_draws;
    std::sort(sorted.begin(), sorted.end());
    ComparisonRow row;
    row.name = inputs.name;
    row.npv = simulated.central.npv;
    row.npv_mean = simulated.npv_mean;
    row.npv_q05 = detail::sorted_quantile(sorted, 0.05);
    row.npv_q95 = detail::sorted_quantile(sorted, 0.95);
    row.benefit_cost_ratio = simulated.central.benefit_cost_ratio;
    row.chance_of_loss = simulated.chance_of_loss;
    rows.push_back(row);
  }
  std::vector<std::size_t> order(rows.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    if (rows[a].chance_of_loss != rows[b].chance_of_loss) {
      return rows[a].chance_of_loss < rows[b].chance_of_loss;
    }
    return rows[a].name < rows[b].name;
  });
  for (std::size_t r = 0; r < order.size(); ++r) {
    rows[order[r]].rank_by_chance_of_loss = static_cast<int>(r) + 1;
  }
  std::sort(rows.begin(), rows.end(), [](const ComparisonRow& a, const ComparisonRow& b) {
    if (a.npv_mean != b.npv_mean) return a.npv_mean > b.npv_mean;
    if (a.chance_of_loss != b.chance_of_loss) return a.chance_of_loss < b.chance_of_loss;
    return a.name < b.name;
  });
  for (std::size_t r = 0; r < rows.size(); ++r) rows[r].rank_by_npv = static_cast<int>(r) + 1;
  return rows;
}

}  // namespace harmcast::value
