// The "Regression models" report section (reports/sections/models_section.cpp): R-like
// coefficient tables with the ratio the link makes (odds for logit, hazard for Cox, none for an
// identity link), fit statistics, a warning when a fit did not converge, small counts suppressed.
#include <gtest/gtest.h>

#include <cmath>

#include "engine/results/run_results.hpp"
#include "reports/experiment_report.hpp"

namespace harmcast {
namespace {

void add_model(RunResults& results, const std::string& name, double estimate, double se) {
  Table coef;
  coef.add_column(Column::categorical_from_strings("term", {"(Intercept)", "treat"}));
  coef.add_column(result_floats("estimate", {0.1, estimate}));
  coef.add_column(result_floats("std_error", {0.05, se}));
  coef.add_column(result_floats("statistic", {2.0, estimate / se}));
  coef.add_column(result_floats("p_value", {0.0455, 0.0001}));
  coef.add_column(result_floats("conf_low", {0.002, estimate - 1.959964 * se}));
  coef.add_column(result_floats("conf_high", {0.198, estimate + 1.959964 * se}));
  results.add_table("/models/" + name + "/coefficients", std::move(coef));
  Table fit;
  fit.add_column(Column::categorical_from_strings("statistic", {"aic", "events", "iterations"}));
  fit.add_column(result_floats("value", {1234.5, 3, 4}));
  results.add_table("/models/" + name + "/fit", std::move(fit));
}

std::string render() {
  RunResults results;
  add_model(results, "reoffending", std::log(0.5), 0.1);
  add_model(results, "time_to_reoffence", std::log(2.0), 0.1);
  add_model(results, "score", 1.5, 0.1);
  Table summary;
  summary.add_column(
      Column::categorical_from_strings("name", {"reoffending", "time_to_reoffence", "score"}));
  summary.add_column(Column::categorical_from_strings("family", {"binomial", "cox", "gaussian"}));
  summary.add_column(Column::categorical_from_strings("link", {"logit", "", "identity"}));
  summary.add_column(Column::categorical_from_strings(
      "formula", {"reoffended_1y ~ treat", "Surv(days, event) ~ treat", "ogrs ~ treat"}));
  summary.add_column(Column::categorical_from_strings("se", {"cluster", "model", "model"}));
  summary.add_column(
      Column::categorical_from_strings("status", {"converged", "usable", "converged"}));
  summary.add_column(Column::categorical_from_strings(
      "message",
      {"converged in 4 iterations", "did not converge in 20 iterations", "closed form"}));
  summary.add_column(Column::integers("rows_used", {4998, 5000, 3}));
  summary.add_column(Column::integers("rows_dropped", {2, 0, 4997}));
  summary.add_column(
      Column::categorical_from_strings("dropped_detail", {"age: 2", "", "ogrs: 4997"}));
  results.add_table("/models/summary", std::move(summary));
  return report::render_experiment_report(results, {});
}

TEST(ModelsSection, RatiosFollowTheLink) {
  const std::string html = render();
  EXPECT_NE(html.find("Regression models"), std::string::npos);
  EXPECT_NE(html.find("Odds ratio"), std::string::npos);
  EXPECT_NE(html.find("Hazard ratio"), std::string::npos);
  EXPECT_NE(html.find(">0.5000<"), std::string::npos);           // exp(log 0.5) for treat
  EXPECT_NE(html.find(">2.000<"), std::string::npos);            // exp(log 2)
  EXPECT_NE(html.find("<dd>1,234.50</dd>"), std::string::npos);  // AIC
  EXPECT_NE(html.find("Pr(&gt;|t|)"), std::string::npos);        // gaussian: t tests, as R
}

TEST(ModelsSection, NonConvergenceWarnsAndSmallCountsAreSuppressed) {
  const std::string html = render();
  EXPECT_NE(html.find("did not converge in 20 iterations: treat the estimates with caution"),
            std::string::npos);
  EXPECT_NE(html.find("&lt;5"), std::string::npos);   // 2 dropped rows, 3 events, 3 rows used
  EXPECT_EQ(html.find("age: 2"), std::string::npos);  // detail of a suppressed count not shown
  EXPECT_NE(html.find("ogrs: 4997"), std::string::npos);
}

}  // namespace
}  // namespace harmcast
