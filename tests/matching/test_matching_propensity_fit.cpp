// The warm-started propensity GLM (models/matching/propensity_fit.hpp) lands on the estimate
// of R's cold start: on MatchIt's lalonde data against MatchIt's stored scores (R 4.2.2 glm via
// MatchIt 4.5.1; tests/data/matching/make_reference.R), and on a simulated cohort with rare
// treatment and a rare factor level against our cold fit (= R's glm path), with identical pairs.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "engine/core/random.hpp"
#include "engine/io/csv_reader.hpp"
#include "models/matching/nearest_neighbour.hpp"
#include "models/matching/propensity.hpp"
#include "models/matching/propensity_fit.hpp"
#include "models/regression/formula.hpp"
#include "tests/support/paths.hpp"

namespace harmcast {
namespace {

constexpr double kScoreRel = 1e-7;    // as the cold-start lalonde test: MatchIt's stored scores
constexpr double kSameMleRel = 1e-9;  // warm vs cold coefficients on the same data
// Standard errors come from the IRLS weights of the last step, taken at the iterate before the
// final one (as R's summary.glm), and that iterate depends on the path: both are within ~1e-5
// of the weights at the MLE, so warm and cold SEs agree to this and no further.
constexpr double kSePathRel = 1e-4;
constexpr const char* kLalonde = "treat ~ age + educ + race + married + nodegree + re74 + re75";

// MatchIt's scores of config `name` (tests/data/matching/matchit_distance.csv).
std::vector<double> matchit_scores(const std::string& name) {
  const Table d = read_csv(harmcast::testing::test_data("matching/matchit_distance.csv"));
  const auto dist = d.column("distance").to_doubles();
  std::vector<double> out;
  for (std::size_t i = 0; i < d.rows(); ++i)
    if (d.column("config").text(i) == name) out.push_back(dist[i]);
  return out;
}

TEST(PropensityWarmStart, LalondeScoresAndPairsAsMatchIt) {
  const Table lalonde = read_csv(harmcast::testing::test_data("matching/lalonde.csv"));
  PropensityOptions po;
  po.warm_start_rows = 150;  // 614 rows >= 3 x 150: warm start from 75 treated + 75 controls
  const MatchingData warm = prepare_matching_data(kLalonde, lalonde, po);
  EXPECT_TRUE(warm.score_warm_started);
  po.warm_start_rows = 0;
  const MatchingData cold = prepare_matching_data(kLalonde, lalonde, po);
  EXPECT_FALSE(cold.score_warm_started);
  const std::vector<double> r = matchit_scores("nn");
  ASSERT_EQ(warm.score.size(), r.size());
  for (std::size_t i = 0; i < r.size(); ++i)
    EXPECT_NEAR(warm.score[i], r[i], kScoreRel * r[i]) << "unit " << i;
  for (std::optional<double> caliper : {std::optional<double>{}, std::optional<double>{0.2}}) {
    NearestOptions o;
    o.caliper = caliper;
    EXPECT_EQ(matched_pairs(match_nearest(warm.distance, warm.treat, o)),
              matched_pairs(match_nearest(cold.distance, cold.treat, o)));
  }
}

// 40,000 people, 3% treated, a ward factor whose last level W9 has 30 people, a third of them
// treated (its few controls may be absent from the subsample); with `w9_untreated` nobody in
// W9 is treated (quasi-separation: the MLE of its coefficient is -infinity).
Table simulated_cohort(bool w9_untreated = false) {
  RandomStream rng(7, 0);
  const std::size_t n = 40000;
  std::vector<double> treat(n), age(n), prior(n), employed(n);
  std::vector<std::string> ward(n);
  for (std::size_t i = 0; i < n; ++i) {
    age[i] = 18 + 50 * rng.uniform();
    prior[i] = static_cast<double>(rng.poisson(2.0));
    employed[i] = rng.bernoulli(0.4);
    const std::size_t w = i < 30 ? 9 : static_cast<std::size_t>(rng.uniform_int(0, 8));
    ward[i] = "W" + std::to_string(w);
    const double eta = -4.2 + 0.02 * (age[i] - 40) + 0.15 * prior[i] - 0.4 * employed[i] +
                       0.1 * static_cast<double>(w % 3) + (w == 9 ? 3.5 : 0.0);
    treat[i] = rng.bernoulli(1.0 / (1.0 + std::exp(-eta)));
    if (w9_untreated && w == 9) treat[i] = 0.0;
  }
  Table t;
  t.add_column(Column::floats("treat", std::move(treat)));
  t.add_column(Column::floats("age", std::move(age)));
  t.add_column(Column::floats("prior", std::move(prior)));
  t.add_column(Column::floats("employed", std::move(employed)));
  t.add_column(Column::categorical_from_strings("ward", ward));
  return t;
}

constexpr const char* kCohort = "treat ~ age + prior + employed + ward";

TEST(PropensityWarmStart, SameEstimateAsTheColdFitInFewerFullIterations) {
  const Table cohort = simulated_cohort();
  const ModelFrame frame = build_model_frame(parse_formula(kCohort), cohort);
  PropensityFitOptions o;
  o.warm_start_rows = 4000;
  const PropensityFit warm = fit_propensity_glm(frame, o);
  o.warm_start_rows = 0;
  const PropensityFit cold = fit_propensity_glm(frame, o);
  ASSERT_TRUE(warm.warm_started);
  EXPECT_FALSE(cold.warm_started);
  EXPECT_EQ(warm.start_rows, 4000u);
  EXPECT_LT(warm.glm.iterations, cold.glm.iterations);
  std::printf("full-data IRLS iterations: warm %d (+%d on the subsample), cold %d\n",
              warm.glm.iterations, warm.start_iterations, cold.glm.iterations);
  EXPECT_EQ(warm.glm.status, FitStatus::kConverged);
  for (Eigen::Index j = 0; j < cold.glm.coefficients.size(); ++j) {
    const double c = cold.glm.coefficients(j);
    EXPECT_NEAR(warm.glm.coefficients(j), c, kSameMleRel * std::max(std::fabs(c), 1.0))
        << warm.glm.names[static_cast<std::size_t>(j)];
    EXPECT_NEAR(warm.glm.std_error(j), cold.glm.std_error(j), kSePathRel * cold.glm.std_error(j));
  }
  EXPECT_NEAR(warm.glm.deviance, cold.glm.deviance, 1e-12 * cold.glm.deviance);
  EXPECT_NEAR(warm.glm.null_deviance, cold.glm.null_deviance, 1e-12 * cold.glm.null_deviance);

  std::vector<std::uint8_t> treat(static_cast<std::size_t>(frame.rows()));
  for (std::size_t i = 0; i < treat.size(); ++i) treat[i] = frame.response(i) == 1.0;
  NearestOptions m;
  m.caliper = 0.2;
  const std::vector<double> dw(warm.glm.fitted.begin(), warm.glm.fitted.end());
  const std::vector<double> dc(cold.glm.fitted.begin(), cold.glm.fitted.end());
  EXPECT_EQ(matched_pairs(match_nearest(dw, treat, m)), matched_pairs(match_nearest(dc, treat, m)));
}

TEST(PropensityWarmStart, SameBitsForAnyThreadCount) {
  const Table cohort = simulated_cohort();
  const ModelFrame frame = build_model_frame(parse_formula(kCohort), cohort);
  PropensityFitOptions o;
  o.warm_start_rows = 4000;
  o.glm.threads = 1;
  const PropensityFit one = fit_propensity_glm(frame, o);
  o.glm.threads = 2;
  const PropensityFit two = fit_propensity_glm(frame, o);
  ASSERT_TRUE(one.warm_started && two.warm_started);
  for (Eigen::Index i = 0; i < one.glm.fitted.size(); ++i)
    ASSERT_EQ(one.glm.fitted(i), two.glm.fitted(i)) << "row " << i;
}

// A factor level with no treated unit: the estimate depends on where the iterations stop, so
// R's cold path is kept (and gives R's numbers exactly).
TEST(PropensityWarmStart, SeparatingLevelKeepsTheColdStart) {
  const Table cohort = simulated_cohort(true);
  const ModelFrame frame = build_model_frame(parse_formula(kCohort), cohort);
  PropensityFitOptions o;
  o.warm_start_rows = 4000;
  const PropensityFit fit = fit_propensity_glm(frame, o);
  EXPECT_FALSE(fit.warm_started);
  o.warm_start_rows = 0;
  EXPECT_EQ(fit.glm.coefficients, fit_propensity_glm(frame, o).glm.coefficients);
}

// Probit keeps R's path (Fisher scoring stops where R's test stops, not at the exact MLE).
TEST(PropensityWarmStart, ProbitKeepsTheColdStart) {
  const Table cohort = simulated_cohort();
  const ModelFrame frame = build_model_frame(parse_formula(kCohort), cohort);
  PropensityFitOptions o;
  o.warm_start_rows = 4000;
  o.glm.link = GlmLink::Probit;
  EXPECT_FALSE(fit_propensity_glm(frame, o).warm_started);
}

}  // namespace
}  // namespace harmcast
