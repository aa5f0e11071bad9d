// Degenerate inputs to the GLM: each must give a clear error or a flagged result, never a crash
// or an unflagged NaN. Also: results must not depend on the thread count.
#include <gtest/gtest.h>

#include <cmath>
#include <functional>

#include "engine/core/error.hpp"
#include "engine/io/csv_reader.hpp"
#include "models/regression/glm.hpp"
#include "models/regression/negbin.hpp"
#include "tests/support/paths.hpp"

namespace harmcast {
namespace {

const Table& cohort() {
  static const Table t = read_csv(testing::test_data("regression/cohort_5k.csv"));
  return t;
}

bool has_warning(const GlmResult& r, const std::string& text) {
  for (const auto& w : r.warnings)
    if (w.find(text) != std::string::npos) return true;
  return false;
}

std::string error_text(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return std::string(e.what()) + " | " + e.hint();
  }
  return "(no error)";
}

TEST(GlmDegenerate, CollinearColumnIsAliasedByName) {
  GlmOptions options;
  const GlmResult with = fit_glm("reoffended_1y ~ age + I(2 * age) + sex", cohort(), options);
  const GlmResult without = fit_glm("reoffended_1y ~ age + sex", cohort(), options);
  ASSERT_EQ(with.names.size(), 4u);
  EXPECT_EQ(with.names[2], "I(2 * age)");
  EXPECT_TRUE(with.aliased[2]);
  EXPECT_TRUE(std::isnan(with.coefficients(2)));
  EXPECT_TRUE(std::isnan(with.std_error(2)));
  EXPECT_TRUE(has_warning(with, "I(2 * age)"));
  EXPECT_EQ(with.rank, 3);
  // R 4.2.2: coef(glm(reoffended_1y ~ age + I(2*age) + sex, binomial, d)) gives NA for I(2 * age)
  // and the other coefficients equal those of the model without it.
  EXPECT_NEAR(with.coefficients(1), without.coefficients(1), 1e-10);
  EXPECT_NEAR(with.coefficients(3), without.coefficients(2), 1e-10);
  EXPECT_NEAR(with.std_error(3), without.std_error(2), 1e-10);
  EXPECT_NEAR(with.deviance, without.deviance, 1e-8);
}

TEST(GlmDegenerate, ConstantColumnIsWarnedAndAliased) {
  Table t = cohort();
  t.add_column(Column::floats("const", std::vector<double>(t.rows(), 3.0)));
  const GlmResult fit = fit_glm("reoffended_1y ~ age + const", t, GlmOptions{});
  EXPECT_TRUE(has_warning(fit, "constant"));
  EXPECT_TRUE(fit.aliased[2]);
}

TEST(GlmDegenerate, PerfectSeparationIsFlagged) {
  Table t;
  std::vector<double> x, y;
  for (int i = 0; i < 100; ++i) {
    x.push_back(i);
    y.push_back(i >= 50 ? 1 : 0);
  }
  t.add_column(Column::floats("x", x));
  t.add_column(Column::floats("y", y));
  const GlmResult fit = fit_glm("y ~ x", t, GlmOptions{});
  EXPECT_TRUE(fit.separation);
  EXPECT_TRUE(has_warning(fit, "fitted probabilities numerically 0 or 1 occurred"));
  EXPECT_TRUE(has_warning(fit, "separation"));
  EXPECT_TRUE(std::isfinite(fit.coefficients(1)));
}

TEST(GlmDegenerate, ClearErrors) {
  GlmOptions binomial, poisson;
  poisson.family = GlmFamily::Poisson;
  Table t;
  t.add_column(Column::floats("x", {1, 2, 3, 4}));
  t.add_column(Column::floats("zero", {0, 0, 0, 0}));
  t.add_column(Column::floats("neg", {1, -1, 2, 0}));
  t.add_column(Column::floats("two", {0, 2, 1, 0}));
  t.add_column(Column::floats("gone", {1, 2, 3, 4}, {1, 1, 1, 1}));
  t.add_column(Column::categorical_from_strings("one", {"a", "a", "a", "a"}));
  EXPECT_NE(error_text([&] { fit_glm("zero ~ x", t, binomial); }).find("every row"),
            std::string::npos);
  EXPECT_NE(error_text([&] { fit_glm("neg ~ x", t, poisson); }).find("negative"),
            std::string::npos);
  EXPECT_NE(error_text([&] { fit_glm("two ~ x", t, binomial); }).find("0 <= y <= 1"),
            std::string::npos);
  EXPECT_NE(error_text([&] { fit_glm("gone ~ x", t, poisson); }).find("no rows left"),
            std::string::npos);
  EXPECT_NE(error_text([&] { fit_glm("x ~ one", t, poisson); }).find("only one level"),
            std::string::npos);
  EXPECT_NE(error_text([&] { fit_glm("x ~ nosuch", t, poisson); }).find("nosuch"),
            std::string::npos);
  GlmOptions gaussian;
  gaussian.family = GlmFamily::Gaussian;
  EXPECT_NE(error_text([&] { fit_glm("zero ~ x", t, gaussian); }).find("every row"),
            std::string::npos);
  GlmOptions bad;
  bad.family = GlmFamily::Poisson;
  bad.link = GlmLink::Logit;
  EXPECT_THROW(bad.validate(), Error);
}

// glm.nb as R: negative counts are an error (MASS: "negative values not allowed for the
// negative binomial family"), as are a one-level factor and all rows missing.
TEST(GlmDegenerate, NegativeBinomialClearErrors) {
  Table t;
  t.add_column(Column::floats("x", {1, 2, 3, 4, 5, 6}));
  t.add_column(Column::floats("neg", {1, -1, 2, 0, 3, 1}));
  t.add_column(Column::floats("gone", {1, 2, 3, 4, 5, 6}, {1, 1, 1, 1, 1, 1}));
  t.add_column(Column::categorical_from_strings("one", {"a", "a", "a", "a", "a", "a"}));
  t.add_column(Column::floats("y", {0, 3, 1, 7, 2, 5}));
  auto negbin = [&](const std::string& formula) {
    return error_text(
        [&] { fit_negbin(build_model_frame(parse_formula(formula), t), NegBinOptions{}); });
  };
  EXPECT_NE(negbin("neg ~ x").find("negative"), std::string::npos) << negbin("neg ~ x");
  EXPECT_NE(negbin("y ~ one").find("only one level"), std::string::npos);
  EXPECT_NE(negbin("y ~ gone").find("no rows left"), std::string::npos);
}

TEST(GlmDegenerate, NonConvergenceIsReported) {
  GlmOptions options;
  options.max_iterations = 1;
  const GlmResult fit = fit_glm("reoffended_1y ~ age + sex + ogrs", cohort(), options);
  EXPECT_EQ(fit.status, FitStatus::kUsable);
  EXPECT_TRUE(has_warning(fit, "did not converge"));
}

TEST(GlmDeterminism, SameResultForAnyThreadCount) {
  GlmOptions one, two;
  one.threads = 1;
  two.threads = 2;
  one.family = two.family = GlmFamily::Poisson;
  const std::string f = "n_reoffences ~ age + sex + ogrs + ward + offence_type";
  const GlmResult a = fit_glm(f, cohort(), one), b = fit_glm(f, cohort(), two);
  for (Eigen::Index j = 0; j < a.coefficients.size(); ++j) {
    EXPECT_EQ(a.coefficients(j), b.coefficients(j));
    EXPECT_EQ(a.std_error(j), b.std_error(j));
  }
  EXPECT_EQ(a.deviance, b.deviance);
}

}  // namespace
}  // namespace harmcast
