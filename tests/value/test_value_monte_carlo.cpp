// Value for money under uncertainty: Monte Carlo against analytic answers, thread-count
// invariance, one-way sensitivity and the comparison of options.
#include <gtest/gtest.h>

#include <cmath>

#include "engine/core/error.hpp"
#include "models/value/uncertainty.hpp"

namespace harmcast::value {
namespace {

UnitCostTable small_table() {
  UnitCostTable table;
  table.source = "test";
  table.costs = {{"violence_with_injury", 20, 11190, 2840, 14050},
                 {"domestic_burglary", 1280, 3970, 680, 5930}};
  return table;
}

// The hand-computed case of test_value_appraisal.cpp: PVC = 289,969.43, and
// B = 100 x 14,050 x 2.89969427524563 = 4,074,070.46 (discounted value of the whole baseline),
// so NPV(effect) = effect x B - PVC.
constexpr double kSumD = 2.89969427524563;
constexpr double kPvc = 100000.0 * kSumD;
constexpr double kB = 100.0 * 14050.0 * kSumD;

AppraisalInputs three_year_case(EffectSize effect) {
  AppraisalInputs inputs;
  inputs.name = "three years";
  inputs.costs = {{"staff", CostKind::annual, 100000.0, "", 0, -1, {}}};
  inputs.benefits = {{"violence_with_injury", {100, 100, 100}}};
  inputs.effect = effect;
  return inputs;
}

AppraisalOptions options_with_table() {
  AppraisalOptions options;
  options.unit_costs = small_table();
  return options;
}

double normal_cdf(double z) { return 0.5 * std::erfc(-z / std::sqrt(2.0)); }

TEST(ValueMonteCarlo, ZeroUncertaintyEqualsDeterministic) {
  const auto inputs = three_year_case({0.1, EffectDistribution::normal, 0.0});
  MonteCarloOptions mc;
  mc.draws = 500;
  mc.threads = 1;
  const auto result = simulate_value_for_money(inputs, options_with_table(), mc);
  const double deterministic = appraise(inputs, options_with_table()).npv;
  EXPECT_NEAR(deterministic, 117437.62, 0.005);
  for (double npv : result.npv_draws) EXPECT_EQ(npv, deterministic);
  EXPECT_NEAR(result.npv_mean, deterministic, 1e-9 * std::abs(deterministic));
  EXPECT_NEAR(result.npv_sd, 0.0, 1e-9);
  EXPECT_EQ(result.chance_of_loss, 0.0);
}

// effect ~ N(0.1, 0.05^2) and NPV linear in it: NPV ~ N(0.1 B - PVC, (0.05 B)^2)
//   mean = 117,437.62, SD = 203,703.52, P(NPV > 0) = Phi(0.57651) = 0.717866.
// With n = 40,000 draws: SE(mean) = SD/sqrt(n) = 1,018.5 -> tolerance 4 SE = 4,074;
// SE(SD) ~ SD/sqrt(2n) = 720.2 -> tolerance 4 SE = 2,881; SE(p) = sqrt(p(1-p)/n) = 0.00225 ->
// tolerance 4 SE = 0.0090.
TEST(ValueMonteCarlo, NormalEffectMatchesAnalyticMeanSdAndProbability) {
  const auto inputs = three_year_case({0.1, EffectDistribution::normal, 0.05});
  MonteCarloOptions mc;
  mc.draws = 40000;
  mc.seed = 7;
  const auto result = simulate_value_for_money(inputs, options_with_table(), mc);
  const double mean = 0.1 * kB - kPvc;
  const double sd = 0.05 * kB;
  const double n = mc.draws;
  EXPECT_NEAR(result.npv_mean, mean, 4.0 * sd / std::sqrt(n));
  EXPECT_NEAR(result.npv_sd, sd, 4.0 * sd / std::sqrt(2.0 * n));
  const double p = normal_cdf(mean / sd);
  EXPECT_NEAR(p, 0.717866, 1e-6);
  EXPECT_NEAR(result.probability_benefits_exceed_costs, p, 4.0 * std::sqrt(p * (1 - p) / n));
  EXPECT_DOUBLE_EQ(result.chance_of_loss, 1.0 - result.probability_benefits_exceed_costs);
  // Median of a normal is its mean; SE of the sample median = 1.2533 SD/sqrt(n).
  ASSERT_EQ(result.npv_quantiles.size(), 5u);
  EXPECT_NEAR(result.npv_quantiles[2].value, mean, 4.0 * 1.2533 * sd / std::sqrt(n));
}

// Fixed effect 0.1, unit cost x triangular(1 - 0.3, 1, 1 + 0.3): NPV = 0.1 B m - PVC with
// E m = 1, Var m = 0.3^2 / 6, so SD(NPV) = 0.1 B x 0.3 / sqrt(6) = 49,897.6.
TEST(ValueMonteCarlo, TriangularUnitCostMatchesAnalyticSd) {
  const auto inputs = three_year_case({0.1, EffectDistribution::fixed, 0.0});
  MonteCarloOptions mc;
  mc.draws = 40000;
  mc.unit_cost_uncertainty = UnitCostUncertainty::triangular;
  mc.unit_cost_spread = 0.3;
  const auto result = simulate_value_for_money(inputs, options_with_table(), mc);
  const double sd = 0.1 * kB * 0.3 / std::sqrt(6.0);
  const double n = mc.draws;
  EXPECT_NEAR(result.npv_mean, 0.1 * kB - kPvc, 4.0 * sd / std::sqrt(n));
  // The triangular has kurtosis 2.4: SE(SD) ~ SD sqrt((kurtosis - 1) / (4 n)).
  EXPECT_NEAR(result.npv_sd, sd, 4.0 * sd * std::sqrt(1.4 / (4.0 * n)));
}

// Log-normal rate ratio: RR = 0.9 exp(Z 0.2), E effect = 1 - 0.9 exp(0.02) = 0.0818183.
TEST(ValueMonteCarlo, LognormalRateRatioMean) {
  const auto inputs = three_year_case({0.1, EffectDistribution::lognormal_rate_ratio, 0.2});
  MonteCarloOptions mc;
  mc.draws = 40000;
  const auto result = simulate_value_for_money(inputs, options_with_table(), mc);
  const double expected_effect = 1.0 - 0.9 * std::exp(0.02);
  // SD of effect = 0.9 sqrt((e^{0.04} - 1) e^{0.04}) = 0.18367.
  const double sd_effect = 0.9 * std::sqrt((std::exp(0.04) - 1.0) * std::exp(0.04));
  EXPECT_NEAR(result.pv_benefits_mean, expected_effect * kB,
              4.0 * sd_effect * kB / std::sqrt(40000.0));
}

// An evaluation's rate ratio 0.8 with SE(log RR) 0.1: effect 0.2, log-normal; a normal effect
// N(0.5, 0.25^2) puts P(effect >= 1) = 1 - Phi(2) = 0.02275 of draws at or above 1 (counted).
TEST(ValueMonteCarlo, EffectsFromEvaluationsAndImplausibleDraws) {
  const auto from_rr = effect_from_rate_ratio(0.8, 0.1);
  EXPECT_EQ(from_rr.distribution, EffectDistribution::lognormal_rate_ratio);
  EXPECT_NEAR(from_rr.central, 0.2, 1e-15);
  EXPECT_THROW(effect_from_rate_ratio(0.0, 0.1), Error);
  EXPECT_THROW(effect_from_estimate(0.1, -1.0), Error);

  const auto inputs = three_year_case(effect_from_estimate(0.5, 0.25));
  MonteCarloOptions mc;
  mc.draws = 40000;
  const auto result = simulate_value_for_money(inputs, options_with_table(), mc);
  const double p = 1.0 - normal_cdf(2.0);
  EXPECT_NEAR(result.draws_effect_at_least_one / 40000.0, p, 4.0 * std::sqrt(p * (1 - p) / 40000));
}

TEST(ValueMonteCarlo, IdenticalForOneAndTwoThreads) {
  const auto inputs = three_year_case({0.1, EffectDistribution::lognormal_rate_ratio, 0.3});
  MonteCarloOptions mc;
  mc.draws = 5003;  // not a multiple of the block size
  mc.block_size = 100;
  mc.unit_cost_uncertainty = UnitCostUncertainty::lognormal;
  mc.unit_cost_spread = 0.25;
  mc.threads = 1;
  const auto one = simulate_value_for_money(inputs, options_with_table(), mc);
  mc.threads = 2;
  const auto two = simulate_value_for_money(inputs, options_with_table(), mc);
  EXPECT_EQ(one.npv_draws, two.npv_draws);
  EXPECT_EQ(one.npv_mean, two.npv_mean);
  EXPECT_EQ(one.chance_of_loss, two.chance_of_loss);
}

TEST(ValueMonteCarlo, OptionsValidateNameTheField) {
  const auto inputs = three_year_case({0.1, EffectDistribution::normal, 0.05});
  MonteCarloOptions mc;
  mc.draws = 0;
  try {
    simulate_value_for_money(inputs, options_with_table(), mc);
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("draws"), std::string::npos) << e.what();
  }
}

// Tornado: effect at 0.1 -+ 1.6449 x 0.05 gives NPV = effect B - PVC; costs +-20% give
// PVB - (1 -+ 0.2) PVC; the unit cost +-20% gives 0.1 (1 -+ 0.2) B - PVC.
TEST(ValueSensitivity, TornadoRowsMatchHandFormulasAndAreSorted) {
  const auto inputs = three_year_case({0.1, EffectDistribution::normal, 0.05});
  SensitivityOptions sensitivity;
  sensitivity.optimism_bias_high = 0.4;
  const auto result = one_way_sensitivity(inputs, options_with_table(), sensitivity);
  ASSERT_EQ(result.rows.size(), 4u);
  const double z = 1.6448536269514722;  // qnorm(0.95), R 4.2.2
  for (std::size_t i = 1; i < result.rows.size(); ++i) {
    EXPECT_GE(result.rows[i - 1].swing, result.rows[i].swing);
  }
  EXPECT_EQ(result.rows[0].input, "effect");
  EXPECT_NEAR(result.rows[0].npv_low, (0.1 - z * 0.05) * kB - kPvc, 1e-6);
  EXPECT_NEAR(result.rows[0].npv_high, (0.1 + z * 0.05) * kB - kPvc, 1e-6);
  for (const auto& row : result.rows) {
    if (row.input == "costs") {
      EXPECT_NEAR(row.npv_low, 0.1 * kB - 0.8 * kPvc, 1e-6);
      EXPECT_NEAR(row.swing, 0.4 * kPvc, 1e-6);
    } else if (row.input == "unit cost: violence_with_injury") {
      EXPECT_NEAR(row.low_value, 0.8 * 14050.0, 1e-9);
      EXPECT_NEAR(row.npv_high, 0.12 * kB - kPvc, 1e-6);
    } else if (row.input == "optimism bias") {
      EXPECT_NEAR(row.npv_high, 0.1 * kB - 1.4 * kPvc, 1e-6);
    } else if (row.input != "effect") {
      ADD_FAILURE() << "unexpected row " << row.input;
    }
  }
}

TEST(ValueComparison, RanksByNpvAndChanceOfLoss) {
  // "small": effect 0.1 on violence; "large": the same plus 10% of 200 burglaries a year;
  // "dud": effect 0.02 (NPV = 0.02 B - PVC < 0, chance of loss high).
  auto small = three_year_case({0.1, EffectDistribution::normal, 0.05});
  small.name = "small";
  auto large = small;
  large.name = "large";
  large.benefits.push_back({"domestic_burglary", {200, 200, 200}});
  auto dud = small;
  dud.name = "dud";
  dud.effect.central = 0.02;
  MonteCarloOptions mc;
  mc.draws = 4000;
  const auto rows = compare_options({small, dud, large}, options_with_table(), mc);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].name, "large");
  EXPECT_EQ(rows[1].name, "small");
  EXPECT_EQ(rows[2].name, "dud");
  EXPECT_EQ(rows[0].rank_by_npv, 1);
  EXPECT_EQ(rows[0].rank_by_chance_of_loss, 1);
  EXPECT_EQ(rows[2].rank_by_chance_of_loss, 3);
  EXPECT_LT(rows[2].npv, 0.0);
  EXPECT_GT(rows[2].chance_of_loss, 0.5);
  EXPECT_LT(rows[0].npv_q05, rows[0].npv_mean);
  EXPECT_GT(rows[0].npv_q95, rows[0].npv_mean);
}

}  // namespace
}  // namespace harmcast::value
