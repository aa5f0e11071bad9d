// Abadie-Imbens standard errors of matching with replacement against R's Matching::Match
// (Matching 4.10-8, R 4.2.2): tests/data/matching/make_ai_reference.R, on a simulated sample
// with continuous covariates, matching on the stored propensity score (X = ps), estimand ATT,
// M = 1 and 2 controls, Var.calc = 0 (homoskedastic) and 4 (heteroskedastic); and with pooled
// ties (ties = TRUE) on make_ai_ties_reference.R's samples.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "engine/core/error.hpp"
#include "engine/io/csv_reader.hpp"
#include "models/matching/evaluation.hpp"
#include "models/matching/nearest_neighbour.hpp"
#include "tests/support/paths.hpp"

namespace harmcast {
namespace {

using harmcast::testing::test_data;

// Both sides compute the same sums in a different order; the score is read to 17 digits.
constexpr double kRelTol = 1e-8;

// Runs the evaluation with Abadie-Imbens SEs and checks it against reference row r.
void expect_reference_row(const Table& data, const Table& reference, std::size_t r,
                          EvaluationOptions o) {
  const int var_calc = static_cast<int>(reference.column("var_calc").numeric(r));
  o.matching.replace = true;
  o.matching.ratio = static_cast<int>(reference.column("ratio").numeric(r));
  o.matching.order = MatchOrder::Data;
  o.effects.standard_errors = EffectSe::AbadieImbens;
  o.effects.ai_variance_matches = var_calc;
  SCOPED_TRACE(o.outcomes[0] + " M=" + std::to_string(o.matching.ratio) +
               " Var.calc=" + std::to_string(var_calc));
  const EvaluationResult result = run_evaluation(data, o);
  ASSERT_EQ(result.effects.size(), 1u);
  const EffectResult& e = result.effects[0];
  const double estimate = reference.column("estimate").numeric(r);
  const double se = reference.column("se").numeric(r);
  EXPECT_EQ(result.n_matched_treated,
            static_cast<std::size_t>(reference.column("matched").numeric(r)));
  EXPECT_NEAR(e.estimate, estimate, kRelTol * std::fabs(estimate));
  EXPECT_NEAR(e.std_error, se, kRelTol * se);
  EXPECT_NEAR(e.conf_high - e.conf_low, 2 * 1.959963984540054 * se, 1e-6 * se);
  EXPECT_NE(e.se_method.find("Abadie-Imbens"), std::string::npos);
}

TEST(MatchingAbadieImbens, MatchesRMatchingPackage) {
  const Table sample = read_csv(test_data("matching/ai_sample.csv"));
  const Table reference = read_csv(test_data("matching/ai_reference.csv"));
  ASSERT_EQ(reference.rows(), 8u);
  for (std::size_t r = 0; r < reference.rows(); ++r) {
    EvaluationOptions o;
    o.formula = "treat ~ x1 + x2 + x3";
    o.outcomes = {reference.column("outcome").text(r)};
    o.propensity.score_column = "ps";
    expect_reference_row(sample, reference, r, o);
  }
}

// Pooled ties against Match(ties = TRUE): make_ai_ties_reference.R. "tied": discrete
// covariates, so the score takes 12 values and each treated unit's set is every control with its
// score (thousands of pairs); "near": a continuous score, where distance.tolerance = 1e-5 pools
// near-equal scores and 0 only exact ties. The number of (treated, control) pairs must agree too.
TEST(MatchingAbadieImbens, PooledTiesMatchRMatchingTiesTrue) {
  const Table data = read_csv(test_data("matching/ai_ties_sample.csv"));
  const Table reference = read_csv(test_data("matching/ai_ties_reference.csv"));
  ASSERT_EQ(reference.rows(), 16u);
  for (std::size_t r = 0; r < reference.rows(); ++r) {
    const bool tied = reference.column("sample").text(r) == "tied";
    const std::string treat = tied ? "treat" : "treat_near";
    EvaluationOptions o;
    o.formula = tied ? "treat ~ age_band + prior" : "treat_near ~ x";
    o.outcomes = {tied ? "y" : "y_near"};
    o.propensity.score_column = tied ? "ps_tied" : "ps_near";
    o.matching.pool_ties = true;
    o.matching.tie_tolerance = reference.column("tolerance").numeric(r);
    SCOPED_TRACE(reference.column("sample").text(r) +
                 " tolerance=" + std::to_string(o.matching.tie_tolerance));
    expect_reference_row(data, reference, r, o);
    // The pairs themselves, from the matcher on the same scores.
    o.matching.replace = true;
    o.matching.ratio = static_cast<int>(reference.column("ratio").numeric(r));
    std::vector<double> d(data.rows());
    std::vector<std::uint8_t> t(data.rows());
    for (std::size_t i = 0; i < data.rows(); ++i) {
      d[i] = data.column(o.propensity.score_column).numeric(i);
      t[i] = static_cast<std::uint8_t>(data.column(treat).numeric(i));
    }
    EXPECT_EQ(matched_pairs(match_nearest(d, t, o.matching)).size(),
              static_cast<std::size_t>(reference.column("pairs").numeric(r)));
  }
}

TEST(MatchingAbadieImbens, WithoutPoolingSetsHoldRatioControls) {
  const Table data = read_csv(test_data("matching/ai_ties_sample.csv"));
  std::vector<double> d(data.rows());
  std::vector<std::uint8_t> t(data.rows());
  for (std::size_t i = 0; i < data.rows(); ++i) {
    d[i] = data.column("ps_tied").numeric(i);
    t[i] = static_cast<std::uint8_t>(data.column("treat").numeric(i));
  }
  NearestOptions o;
  o.replace = true;
  o.ratio = 2;
  const MatchResult match = match_nearest(d, t, o);
  for (std::size_t i = 0; i < match.treated_units.size(); ++i)
    EXPECT_EQ(match.controls_of(i).size(), 2u);  // MatchIt: exactly ratio, ties broken
}

TEST(MatchingAbadieImbens, OptionsAreChecked) {
  NearestOptions o;
  o.pool_ties = true;  // without replacement
  EXPECT_THROW(o.validate(), Error);
  o.replace = true;
  o.tie_tolerance = -1.0;
  EXPECT_THROW(o.validate(), Error);
  o.tie_tolerance = 0.0;
  EXPECT_NO_THROW(o.validate());
}

}  // namespace
}  // namespace harmcast
