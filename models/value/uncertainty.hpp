#pragma once
// Uncertainty in a value-for-money appraisal: Monte Carlo, one-way sensitivity (tornado data),
// and comparison of options (Green Book 2022, ch. 5 "risk and uncertainty"; WSIPP benefit-cost
// technical documentation, "Monte Carlo simulation").
//
// Monte Carlo: each draw takes the intervention's effect from its EffectSize distribution and,
// for each benefit line, a unit-cost multiplier m_k (triangular on [1-s, 1+s] with mode 1, or
// log-normal exp(N(-sd^2/2, sd^2)) with mean 1). Costs are held at their central values (with
// optimism bias). NPV_draw = effect * sum_k m_k B_k - PVC (appraisal.hpp). Draws are made in
// blocks; block b uses RandomStream(seed, b) and writes only its own slots, so results are
// identical for any thread count. P(benefits exceed costs) = share of draws with NPV > 0;
// chance of loss = 1 - that.
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "models/value/appraisal.hpp"

namespace harmcast::value {

enum class UnitCostUncertainty { none, triangular, lognormal };
std::string to_string(UnitCostUncertainty kind);
UnitCostUncertainty unit_cost_uncertainty_from_string(const std::string& text);  // throws Error

struct MonteCarloOptions {
  int draws = 10000;      // number of draws; >= 1
  int block_size = 1000;  // draws per RandomStream task; >= 1 (changing it changes draws)
  std::uint64_t seed = 20180701;
  int threads = 0;  // 0 = all processors; results do not depend on it
  UnitCostUncertainty unit_cost_uncertainty = UnitCostUncertainty::none;
  double unit_cost_spread = 0.0;  // triangular: half-width s as a fraction (0.3 = +-30%);
                                  // lognormal: SD of log multiplier
  std::vector<double> quantile_levels = {0.05, 0.25, 0.5, 0.75, 0.95};

  void validate() const;  // throws harmcast::Error naming the field
};

struct QuantileValue {
  double level = 0.0;
  double value = 0.0;
};

struct MonteCarloResult {
  ValueForMoneyResult central;  // the deterministic appraisal
  int draws = 0;
  double npv_mean = 0.0;
  double npv_sd = 0.0;       // sample SD (n - 1)
  double npv_mean_se = 0.0;  // npv_sd / sqrt(draws)
  double pv_benefits_mean = 0.0;
  std::vector<QuantileValue> npv_quantiles;  // type 7 (R's default) quantiles
  double probability_benefits_exceed_costs = 0.0;
  double chance_of_loss = 0.0;  // 1 - the above
  // Normal effect draws are not truncated: draws at or above 1 (more offences averted than the
  // baseline has) are counted here so the report can warn; use lognormal_rate_ratio to avoid them.
  int draws_effect_at_least_one = 0;
  std::vector<double> npv_draws;  // in draw order, for histograms
};

MonteCarloResult simulate_value_for_money(const AppraisalInputs& inputs,
                                          const AppraisalOptions& options,
                                          const MonteCarloOptions& mc);

// One-way sensitivity: each input at its low and high value with all others central.
struct SensitivityOptions {
  // Effect low/high: given explicitly, or (when unset, NaN) the 5th/95th percentiles of its
  // distribution (central +- 1.6449 sd for normal; on the log rate-ratio scale for lognormal;
  // central +- 0 for fixed).
  double effect_low = std::numeric_limits<double>::quiet_NaN();
  double effect_high = std::numeric_limits<double>::quiet_NaN();
  double unit_cost_swing = 0.2;     // each line's unit cost at (1 -+ swing) x central; in [0, 1]
  double cost_swing = 0.2;          // all costs at (1 -+ swing) x central; in [0, 1]
  double optimism_bias_high = 0.0;  // if > 0, optimism bias from 0 to this value (low/high)

  void validate() const;  // throws harmcast::Error naming the field
};

struct SensitivityRow {
  std::string input;  // "effect", "unit cost: <type>", "costs", "optimism bias"
  double low_value = 0.0;
  double high_value = 0.0;
  double npv_low = 0.0;  // NPV with the input at low_value
  double npv_high = 0.0;
  double swing = 0.0;  // |npv_high - npv_low|
};

struct SensitivityResult {
  double npv_central = 0.0;
  std::vector<SensitivityRow> rows;  // sorted by swing, largest first (tornado order)
};

SensitivityResult one_way_sensitivity(const AppraisalInputs& inputs,
                                      const AppraisalOptions& options,
                                      const SensitivityOptions& sensitivity);

// Several options side by side, ranked by NPV (Monte Carlo mean) and by chance of loss.
struct ComparisonRow {
  std::string name;
  double npv = 0.0;       // deterministic
  double npv_mean = 0.0;  // Monte Carlo
  double npv_q05 = 0.0;
  double npv_q95 = 0.0;
  std::optional<double> benefit_cost_ratio;
  double chance_of_loss = 0.0;
  int rank_by_npv = 0;             // 1 = highest Monte Carlo mean NPV
  int rank_by_chance_of_loss = 0;  // 1 = lowest chance of loss
};

// Every option uses the same MonteCarloOptions (same seed: common random numbers across
// options, so differences are not noise). Rows are returned in rank_by_npv order; ties in NPV
// are broken by chance of loss, then by name.
std::vector<ComparisonRow> compare_options(const std::vector<AppraisalInputs>& options_inputs,
                                           const AppraisalOptions& options,
                                           const MonteCarloOptions& mc);

}  // namespace harmcast::value
