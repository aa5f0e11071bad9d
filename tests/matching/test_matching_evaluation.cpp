// The evaluation driver: JSON fields, Justice Data Lab refusal below 60 matched treated people,
// small-number suppression, outcomes derived from dates, the plain-language sentence, and
// coverage of the effect interval on simulated cohorts with a known effect.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <random>

#include "engine/core/error.hpp"
#include "engine/io/csv_reader.hpp"
#include "models/matching/evaluation.hpp"
#include "tests/support/paths.hpp"

namespace harmcast {
namespace {

constexpr const char* kFormula = "treat ~ age + educ + race + married + nodegree + re74 + re75";

TEST(MatchingEvaluation, LalondeJsonCarriesTheFields) {
  const Table data = read_csv(harmcast::testing::test_data("matching/lalonde.csv"));
  EvaluationOptions o;
  o.formula = kFormula;
  o.outcomes = {"re78", "married"};
  o.matching.caliper = 0.2;
  const EvaluationResult r = run_evaluation(data, o);
  EXPECT_EQ(r.n_treated, 185u);
  EXPECT_EQ(r.n_control, 429u);
  EXPECT_EQ(r.n_matched_treated, 113u);
  EXPECT_EQ(r.n_matched_control, 113u);
  // MatchIt 4.5.1, classic matcher, caliper 0.2: lm(re78 ~ treat) on match.data = 1571.74
  EXPECT_NEAR(r.effects[0].estimate, 1571.7444544247783, 1e-6);
  EXPECT_EQ(r.effects[1].kind, OutcomeKind::Binary);
  const std::string json = evaluation_json(r);
  for (const char* key : {"\"n_treated\": 185", "\"n_control\": 429", "\"n_matched_treated\": 113",
                          "\"n_matched_control\": 113", "\"balance\": [", "\"effects\": [",
                          "\"covariate\": \"raceblack\"", "\"smd_before\"", "\"var_ratio_after\"",
                          "\"outcome\": \"re78\"", "\"conf_low\"", "\"p_value\""})
    EXPECT_NE(json.find(key), std::string::npos) << key << "\n" << json;
}

TEST(MatchingEvaluation, JsonStringEscaping) {
  EXPECT_EQ(json_string("a\"b\\c\nd\x01"), "\"a\\\"b\\\\c\\nd\\u0001\"");
}

TEST(MatchingEvaluation, JdlRefusesBelowSixtyMatched) {
  const Table data = read_csv(harmcast::testing::test_data("matching/lalonde.csv"));
  EvaluationOptions o;
  o.formula = kFormula;
  o.outcomes = {"re78"};
  o.matching.caliper = 0.002;  // MatchIt (classic) matches 51 of the 185 treated here
  o.jdl = true;
  try {
    run_evaluation(data, o);
    FAIL() << "expected a refusal";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("at least 60"), std::string::npos) << e.what();
  }
}

TEST(MatchingEvaluation, SuppressionAndDates) {
  EXPECT_EQ(suppress_count(4, 5), "<5");
  EXPECT_EQ(suppress_count(5, 5), "5");
  EXPECT_EQ(days_from_iso_date("1970-01-01"), 0);
  EXPECT_EQ(days_from_iso_date("2024-03-01") - days_from_iso_date("2024-02-28"), 2);  // leap
  EXPECT_THROW(days_from_iso_date("2024-13-01"), Error);
  Table t;
  t.add_column(Column::categorical_from_strings(
      "index_date", {"2023-01-01", "2023-01-01", "2023-01-01", "2023-01-01"}));
  t.add_column(Column::categorical_from_strings(
      "reoffence_date", {"2023-06-01", "2024-02-01", "", "2023-12-01"}, {0, 0, 1, 0}));
  t.add_column(Column::categorical_from_strings(
      "proven_date", {"2023-09-01", "2024-03-01", "", "2024-09-01"}, {0, 0, 1, 0}));
  ASSERT_TRUE(derive_jdl_outcomes(t, {}));
  const auto y = t.column("reoffended_1y").to_doubles();
  // within a year and proven in time; after a year; none; within a year but proven too late
  EXPECT_EQ(y, (std::vector<double>{1, 0, 0, 0}));
  EXPECT_EQ(t.column("days_to_reoffence").to_doubles()[0], 151.0);
}

// Simulated cohorts with a true ATT of -0.10 on a binary outcome (risk difference among the
// treated, computed from the potential outcomes): the 95% pair-cluster interval should cover the
// truth about 95% of the time (binomial 3-SD band for 200 replicates: 0.90-0.99).
TEST(MatchingEvaluation, IntervalCoverageOnSimulatedCohorts) {
  std::mt19937_64 rng(7);
  std::normal_distribution<double> z;
  std::uniform_real_distribution<double> u;
  int covered = 0, reps = 200;
  double bias = 0.0;
  for (int rep = 0; rep < reps; ++rep) {
    const std::size_t n = 1200;
    std::vector<double> x1(n), x2(n), treat(n), y(n);
    double truth = 0.0, nt = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
      x1[i] = z(rng);
      x2[i] = z(rng);
      const double ps = 1.0 / (1.0 + std::exp(-(-1.5 + 0.8 * x1[i] - 0.5 * x2[i])));
      treat[i] = u(rng) < ps;
      const double p0 = 1.0 / (1.0 + std::exp(-(-0.5 + 0.6 * x1[i] + 0.4 * x2[i])));
      const double p1 = std::max(0.0, p0 - 0.10);
      const double uu = u(rng);
      y[i] = uu < (treat[i] ? p1 : p0);
      if (treat[i]) truth += p1 - p0, nt += 1.0;
    }
    truth /= nt;
    Table t;
    t.add_column(Column::floats("treat", treat));
    t.add_column(Column::floats("x1", x1));
    t.add_column(Column::floats("x2", x2));
    t.add_column(Column::floats("y", y));
    EvaluationOptions o;
    o.formula = "treat ~ x1 + x2";
    o.outcomes = {"y"};
    o.matching.caliper = 0.2;
    const EvaluationResult r = run_evaluation(t, o);
    const auto& e = r.effects[0];
    covered += e.conf_low <= truth && truth <= e.conf_high;
    bias += (e.estimate - truth) / reps;
  }
  std::printf("coverage %d/%d, mean bias %.4f\n", covered, reps, bias);
  EXPECT_GE(covered, 180);
  EXPECT_LE(covered, 198);
  EXPECT_LT(std::fabs(bias), 0.01);
}

TEST(MatchingEvaluation, SentenceReadsNaturally) {
  EffectResult e;
  e.kind = OutcomeKind::Binary;
  e.outcome = "reoffended_1y";
  e.estimate = -0.09;
  e.conf_low = -0.14;
  e.conf_high = -0.02;
  EXPECT_EQ(effect_sentence(e, "reoffended within a year", 0.95),
            "For every 100 people who received the service, 9 fewer reoffended within a year; "
            "the true difference is likely between 2 and 14 fewer (95% interval).");
}

}  // namespace
}  // namespace harmcast

namespace harmcast {
namespace {

// The match-set bootstrap SE agrees with the analytic pair-cluster SE (MatchIt + sandwich:
// 715.76 for 1:1 without replacement on lalonde, re78) to within Monte Carlo and small-sample
// differences, and the same seed gives the same interval.
TEST(MatchingEvaluation, BootstrapAgreesWithPairClusterSe) {
  const Table data = read_csv(harmcast::testing::test_data("matching/lalonde.csv"));
  EvaluationOptions o;
  o.formula = kFormula;
  o.outcomes = {"re78"};
  o.effects.standard_errors = EffectSe::Bootstrap;
  o.effects.bootstrap_replicates = 2000;
  const EvaluationResult a = run_evaluation(data, o);
  EXPECT_NEAR(a.effects[0].estimate, 894.36748027027113, 1e-6);
  EXPECT_NEAR(a.effects[0].std_error, 715.76342158254556, 0.1 * 715.76);
  const EvaluationResult b = run_evaluation(data, o);
  EXPECT_EQ(a.effects[0].conf_low, b.effects[0].conf_low);
}

}  // namespace
}  // namespace harmcast
