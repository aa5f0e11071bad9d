// GLMs against R 4.2.2 glm() + sandwich 3.0-2 on a 5,000-person synthetic cohort
// (tests/data/regression/cohort_5k.csv = gen_cohort.R DIR 5000) and on R's warpbreaks.
// Reference values and the exact R calls: tests/data/regression/make_reference.R.
#include <gtest/gtest.h>

#include "engine/io/csv_reader.hpp"
#include "models/regression/glm.hpp"
#include "tests/regression/glm_reference_support.hpp"

namespace harmcast {
namespace {

using testing::expect_close;
using testing::load_r_coefficients;
using testing::load_r_fit;

constexpr double kRel = 1e-6;  // the agreement target for glm

const std::string kRhs =
    "treat + age + sex + age_first_offence + prior_offences + prior_custody + ogrs + "
    "offence_type + sentence_type + employed + accommodation + substance_misuse + mental_health + "
    "dv_flag + deprivation_decile + ward";

const Table& cohort() {
  static const Table t = read_csv(testing::test_data("regression/cohort_5k.csv"));
  return t;
}

struct Case {
  std::string name, formula, data = "cohort";
  GlmFamily family;
  std::optional<GlmLink> link;
  std::string weights, cluster = "ward";
};

void check_case(const Case& c) {
  SCOPED_TRACE(c.name);
  const Table data =
      c.data == "cohort" ? cohort() : read_csv(testing::test_data("regression/" + c.data));
  ModelFrameOptions frame_options;
  frame_options.weights_column = c.weights;
  frame_options.cluster_column = c.cluster;
  const ModelFrame frame = build_model_frame(parse_formula(c.formula), data, frame_options);
  GlmOptions options;
  options.family = c.family;
  options.link = c.link;
  const GlmResult fit = fit_glm(frame, options);
  ASSERT_EQ(fit.status, FitStatus::kConverged) << fit.message;
  const auto r = load_r_coefficients(c.name);
  testing::expect_coefficients(fit, r, "se_model", fit.std_error, kRel);
  const std::pair<GlmStandardErrors, const char*> robust[] = {
      {GlmStandardErrors::HC0, "se_hc0"},
      {GlmStandardErrors::HC1, "se_hc1"},
      {GlmStandardErrors::HC3, "se_hc3"},
      {GlmStandardErrors::Cluster, "se_cluster"}};
  for (const auto& [type, column] : robust) {
    const Eigen::VectorXd se =
        glm_covariance(fit, frame.x, type, frame.cluster).diagonal().cwiseSqrt();
    testing::expect_coefficients(fit, r, column, se, kRel);
  }
  const auto stats = load_r_fit(c.name);
  expect_close(fit.deviance, stats.at("deviance"), 1e-9, "deviance");
  expect_close(fit.null_deviance, stats.at("null_deviance"), 1e-9, "null deviance");
  expect_close(fit.aic, stats.at("aic"), 1e-9, "AIC");
  expect_close(fit.bic, stats.at("bic"), 1e-9, "BIC");
  expect_close(fit.log_likelihood, stats.at("loglik"), 1e-9, "logLik");
  expect_close(fit.dispersion, stats.at("dispersion"), 1e-9, "dispersion");
  EXPECT_EQ(fit.df_residual, stats.at("df_residual"));
  EXPECT_EQ(fit.df_null, stats.at("df_null"));
  EXPECT_EQ(fit.rank, stats.at("rank"));
  EXPECT_EQ(fit.iterations, stats.at("iterations"));
}

TEST(GlmReference, Logistic) {
  check_case({"logit", "reoffended_1y ~ " + kRhs, "cohort", GlmFamily::Binomial, std::nullopt});
}
TEST(GlmReference, Probit) {
  check_case({"probit", "reoffended_1y ~ " + kRhs, "cohort", GlmFamily::Binomial, GlmLink::Probit});
}
TEST(GlmReference, Cloglog) {
  check_case(
      {"cloglog", "reoffended_1y ~ " + kRhs, "cohort", GlmFamily::Binomial, GlmLink::Cloglog});
}
TEST(GlmReference, Poisson) {
  check_case({"poisson", "n_reoffences ~ " + kRhs, "cohort", GlmFamily::Poisson, std::nullopt});
}
TEST(GlmReference, PoissonWithOffsetAndWeights) {
  std::string rhs = kRhs;
  rhs.erase(rhs.find(" + deprivation_decile"), std::string(" + deprivation_decile").size());
  check_case({"poisson_offset_weights",
              "n_reoffences ~ " + rhs + " + offset(log(age - age_first_offence + 1))", "cohort",
              GlmFamily::Poisson, std::nullopt, "deprivation_decile"});
}
TEST(GlmReference, Gaussian) {
  check_case({"gaussian",
              "ogrs ~ age + I(age^2) + sex + log1p(prior_offences) + prior_custody + "
              "offence_type + employed",
              "cohort", GlmFamily::Gaussian, std::nullopt});
}
TEST(GlmReference, FormulaFeaturesLogistic) {
  check_case({"logit_terms",
              "reoffended_1y ~ age * sex + factor(deprivation_decile) + offence_type:employed + "
              "I(age^2) + log(ogrs) + sqrt(prior_offences)",
              "cohort", GlmFamily::Binomial, std::nullopt});
}
TEST(GlmReference, WarpbreaksPoisson) {
  check_case({"warpbreaks_poisson", "breaks ~ wool * tension", "warpbreaks.csv", GlmFamily::Poisson,
              std::nullopt, "", "tension"});
}

TEST(GlmReference, PredictionWithStandardErrors) {
  const ModelFrame frame =
      build_model_frame(parse_formula("reoffended_1y ~ " + kRhs), cohort(), {});
  GlmOptions options;
  const GlmResult fit = fit_glm(frame, options);
  const Table first5 = cohort().take(std::vector<std::size_t>{0, 1, 2, 3, 4});
  Eigen::VectorXd offset;
  const Eigen::MatrixXd x = design_matrix_for(frame, first5, &offset);
  const GlmPrediction p = predict_glm(fit, x, offset);
  const Table r = read_csv(testing::test_data("regression/ref_logit_predict.csv"));
  for (Eigen::Index i = 0; i < 5; ++i) {
    const auto k = static_cast<std::size_t>(i);
    expect_close(p.link(i), r.column("link").numeric(k), kRel, "link");
    expect_close(p.link_se(i), r.column("link_se").numeric(k), kRel, "link se");
    expect_close(p.response(i), r.column("response").numeric(k), kRel, "response");
    expect_close(p.response_se(i), r.column("response_se").numeric(k), kRel, "response se");
  }
}

}  // namespace
}  // namespace harmcast
