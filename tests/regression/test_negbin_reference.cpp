// Negative binomial regression against MASS::glm.nb (R 4.2.2, MASS 7.3-58.2): on the
// 5,000-person synthetic cohort and on MASS's quine data (Aitkin 1978, school absences).
// Reference values and the exact R calls: tests/data/regression/make_reference.R.
#include <gtest/gtest.h>

#include <random>

#include "engine/io/csv_reader.hpp"
#include "models/regression/negbin.hpp"
#include "tests/regression/glm_reference_support.hpp"

namespace harmcast {
namespace {

using testing::expect_close;

constexpr double kRel = 1e-5;  // the agreement target for glm.nb (theta included)

void check_negbin(const std::string& name, const std::string& data_file, const std::string& formula,
                  const std::string& cluster) {
  SCOPED_TRACE(name);
  const Table data = read_csv(testing::test_data("regression/" + data_file));
  ModelFrameOptions frame_options;
  frame_options.cluster_column = cluster;
  const ModelFrame frame = build_model_frame(parse_formula(formula), data, frame_options);
  const NegBinResult nb = fit_negbin(frame, NegBinOptions{});
  const auto r = testing::load_r_coefficients(name);
  const auto stats = testing::load_r_fit(name);
  expect_close(nb.theta, stats.at("theta"), kRel, "theta");
  expect_close(nb.theta_se, stats.at("theta_se"), kRel, "SE.theta");
  testing::expect_coefficients(nb.glm, r, "se_model", nb.glm.std_error, kRel);
  for (const auto& [type, column] :
       {std::pair{GlmStandardErrors::HC0, "se_hc0"}, std::pair{GlmStandardErrors::HC3, "se_hc3"}}) {
    const Eigen::VectorXd se =
        glm_covariance(nb.glm, frame.x, type, frame.cluster).diagonal().cwiseSqrt();
    testing::expect_coefficients(nb.glm, r, column, se, kRel);
  }
  expect_close(nb.two_log_likelihood, stats.at("twologlik"), 1e-8, "2 loglik");
  expect_close(nb.glm.aic, stats.at("aic"), 1e-8, "AIC");
  expect_close(nb.glm.bic, stats.at("bic"), 1e-8, "BIC");
  expect_close(nb.glm.deviance, stats.at("deviance"), kRel, "deviance");
  expect_close(nb.glm.null_deviance, stats.at("null_deviance"), kRel, "null deviance");
  EXPECT_EQ(nb.glm.df_residual, stats.at("df_residual"));
}

TEST(NegBinReference, Cohort) {
  check_negbin("negbin", "cohort_5k.csv",
               "n_reoffences ~ treat + age + sex + age_first_offence + prior_offences + "
               "prior_custody + ogrs + offence_type + sentence_type + employed + accommodation + "
               "substance_misuse + mental_health + dv_flag + deprivation_decile + ward",
               "ward");
}

TEST(NegBinReference, Quine) {
  // MASS 4th ed. p. 207: theta 1.275 (SE 0.093)
  check_negbin("quine_negbin", "quine.csv", "Days ~ Eth + Sex + Age + Lrn", "");
}

TEST(NegBin, RecoversThetaFromSimulatedCounts) {
  // Simulation with known truth: y ~ NB(mu = exp(0.5 + 0.8 x), size 2), x ~ U(0,1), n = 20000.
  const Eigen::Index n = 20000;
  Eigen::MatrixXd x(n, 2);
  Eigen::VectorXd y(n);
  std::mt19937_64 rng(20240602);
  std::uniform_real_distribution<double> u(0, 1);
  for (Eigen::Index i = 0; i < n; ++i) {
    x(i, 0) = 1;
    x(i, 1) = u(rng);
    const double mu = std::exp(0.5 + 0.8 * x(i, 1));
    std::gamma_distribution<double> g(2.0, mu / 2.0);
    std::poisson_distribution<int> pois(g(rng));
    y(i) = pois(rng);
  }
  const NegBinResult nb = fit_negbin(x, y, NegBinOptions{});
  EXPECT_NEAR(nb.theta, 2.0, 4 * nb.theta_se);
  EXPECT_NEAR(nb.glm.coefficients(1), 0.8, 4 * nb.glm.std_error(1));
}

}  // namespace
}  // namespace harmcast
