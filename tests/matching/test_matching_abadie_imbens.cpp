// Abadie-Imbens standard errors of matching with replacement against R's Matching::Match
// (Matching 4.10-8, R 4.2.2): tests/data/matching/make_ai_reference.R, on a simulated sample
// with continuous covariates, matching on the stored propensity score (X = ps), estimand ATT,
// M = 1 and 2 controls, Var.calc = 0 (homoskedastic) and 4 (heteroskedastic).
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "engine/io/csv_reader.hpp"
#include "models/matching/evaluation.hpp"
#include "tests/support/paths.hpp"

namespace harmcast {
namespace {

using harmcast::testing::test_data;

// Both sides compute the same sums in a different order; the score is read to 17 digits.
constexpr double kRelTol = 1e-8;

TEST(MatchingAbadieImbens, MatchesRMatchingPackage) {
  const Table sample = read_csv(test_data("matching/ai_sample.csv"));
  const Table reference = read_csv(test_data("matching/ai_reference.csv"));
  ASSERT_EQ(reference.rows(), 8u);
  for (std::size_t r = 0; r < reference.rows(); ++r) {
    const std::string outcome = reference.column("outcome").text(r);
    const int ratio = static_cast<int>(reference.column("ratio").numeric(r));
    const int var_calc = static_cast<int>(reference.column("var_calc").numeric(r));
    SCOPED_TRACE(outcome + " M=" + std::to_string(ratio) + " Var.calc=" + std::to_string(var_calc));
    EvaluationOptions o;
    o.formula = "treat ~ x1 + x2 + x3";
    o.outcomes = {outcome};
    o.propensity.score_column = "ps";
    o.matching.replace = true;
    o.matching.ratio = ratio;
    o.matching.order = MatchOrder::Data;
    o.effects.standard_errors = EffectSe::AbadieImbens;
    o.effects.ai_variance_matches = var_calc;
    const EvaluationResult result = run_evaluation(sample, o);
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
}

}  // namespace
}  // namespace harmcast
