// Binomial responses given as cbind(successes, failures) against R 4.2.2 glm() on reoffending
// counts grouped by ward, sex and offence type (tests/data/regression/cohort_5k_grouped.csv and
// the reference values from make_reference_cbind.R); and the inputs a two-column response
// rejects.
#include <gtest/gtest.h>

#include <functional>

#include "engine/core/error.hpp"
#include "engine/io/csv_reader.hpp"
#include "models/regression/glm.hpp"
#include "models/regression/negbin.hpp"
#include "tests/regression/glm_reference_support.hpp"

namespace harmcast {
namespace {

constexpr double kRel = 1e-6;  // the agreement target for glm

const std::string kFormula =
    "cbind(reoffended, not_reoffended) ~ sex + offence_type + mean_age + ward";

const Table& grouped() {
  static const Table t = read_csv(testing::test_data("regression/cohort_5k_grouped.csv"));
  return t;
}

// The fit against R's stored values ref_<name>_coef.csv / ref_<name>_fit.csv.
void expect_matches_r(const GlmResult& fit, const std::string& name) {
  ASSERT_EQ(fit.status, FitStatus::kConverged) << fit.message;
  const Table ref = read_csv(testing::test_data("regression/ref_" + name + "_coef.csv"));
  ASSERT_EQ(fit.names.size(), ref.rows());
  const auto estimate = ref.column("estimate").to_doubles();
  const auto se = ref.column("se_model").to_doubles();
  for (std::size_t j = 0; j < ref.rows(); ++j) {
    const auto k = static_cast<Eigen::Index>(j);
    EXPECT_EQ(fit.names[j], ref.column("term").text(j));
    testing::expect_close(fit.coefficients(k), estimate[j], kRel, "estimate " + fit.names[j]);
    testing::expect_close(fit.std_error(k), se[j], kRel, "se " + fit.names[j]);
  }
  const auto r = testing::load_r_fit(name);
  testing::expect_close(fit.deviance, r.at("deviance"), kRel, "deviance");
  testing::expect_close(fit.null_deviance, r.at("null_deviance"), kRel, "null deviance");
  testing::expect_close(fit.aic, r.at("aic"), kRel, "aic");
  testing::expect_close(fit.log_likelihood, r.at("loglik"), kRel, "loglik");
  EXPECT_EQ(fit.df_residual, r.at("df_residual"));
  EXPECT_EQ(fit.nobs, r.at("nobs"));
  EXPECT_EQ(fit.iterations, r.at("iterations"));
}

TEST(GlmCbind, MatchesRGlmOnGroupedCounts) {
  GlmOptions options;
  options.family = GlmFamily::Binomial;
  expect_matches_r(fit_glm(kFormula, grouped(), options), "cbind");
}

// R multiplies prior weights into the trials (weights * (s + f)) but starts IRLS and counts the
// binomial likelihood from the trials themselves.
TEST(GlmCbind, MatchesRGlmWithPriorWeights) {
  ModelFrameOptions weighted;
  weighted.weights_column = "weight";
  const GlmResult fit = fit_glm(kFormula, grouped(), GlmOptions{}, weighted);
  expect_matches_r(fit, "cbind_weights");
  EXPECT_TRUE(fit.warnings.empty()) << fit.warnings.front();  // whole successes: no warning
}

// The same model from one row per person (0/1 response) gives the same coefficients: the
// grouped counts are sufficient statistics when the covariates are constant within groups.
TEST(GlmCbind, EqualsTheUngroupedFitWithGroupConstantCovariates) {
  GlmOptions options;
  const GlmResult grouped_fit =
      fit_glm("cbind(reoffended, not_reoffended) ~ sex + offence_type + ward", grouped(), options);
  const Table people = read_csv(testing::test_data("regression/cohort_5k.csv"));
  const GlmResult person_fit =
      fit_glm("reoffended_1y ~ sex + offence_type + ward", people, options);
  ASSERT_EQ(grouped_fit.names, person_fit.names);
  for (Eigen::Index j = 0; j < grouped_fit.coefficients.size(); ++j) {
    testing::expect_close(grouped_fit.coefficients(j), person_fit.coefficients(j), kRel,
                          grouped_fit.names[static_cast<std::size_t>(j)]);
    testing::expect_close(grouped_fit.std_error(j), person_fit.std_error(j), kRel,
                          grouped_fit.names[static_cast<std::size_t>(j)]);
  }
}

void expect_error(const std::function<void()>& fit, const std::string& fragment) {
  try {
    fit();
    FAIL() << "expected an error mentioning " << fragment;
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << e.what();
  }
}

TEST(GlmCbind, RejectsWhatRWouldNotFit) {
  Table t = grouped();
  GlmOptions poisson;
  poisson.family = GlmFamily::Poisson;
  expect_error([&] { fit_glm(kFormula, t, poisson); }, "needs family binomial");
  expect_error([&] { fit_negbin(build_model_frame(parse_formula(kFormula), t), {}); },
               "needs family binomial");
  expect_error([&] { fit_glm("cbind(reoffended) ~ sex", t, GlmOptions{}); }, "two arguments");
  expect_error([&] { fit_glm("cbind(reoffended, sex) ~ ward", t, GlmOptions{}); }, "numeric count");
  std::vector<double> negative = t.column("reoffended").to_doubles();
  negative[3] = -1;
  Table bad = t;
  bad.add_column(Column::floats("bad_successes", negative));
  expect_error([&] { fit_glm("cbind(bad_successes, not_reoffended) ~ sex", bad, GlmOptions{}); },
               "negative count");
}

}  // namespace
}  // namespace harmcast
