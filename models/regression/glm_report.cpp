// Prediction and the printed summary of a GLM fit.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>

#include "engine/core/error.hpp"
#include "models/regression/glm.hpp"
#include "models/regression/significance_stars.hpp"
#include "models/regression/weighted_least_squares.hpp"

namespace harmcast {
namespace {

std::string format_g(double v, int digits = 6) {
  if (std::isnan(v)) return "NA";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*g", digits, v);
  return buf;
}

std::string format_p(double p) {
  if (std::isnan(p)) return "NA";
  if (p < 2.2e-16) return "< 2e-16";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3g", p);
  return buf;
}

std::string pad_left(const std::string& s, std::size_t width) {
  return s.size() >= width ? s : std::string(width - s.size(), ' ') + s;
}
std::string pad_right(const std::string& s, std::size_t width) {
  return s.size() >= width ? s : s + std::string(width - s.size(), ' ');
}

}  // namespace

GlmPrediction predict_glm(const GlmResult& fit, const Eigen::MatrixXd& x,
                          const Eigen::VectorXd& offset) {
  if (x.cols() != fit.coefficients.size())
    throw Error("predict", "the prediction rows have " + std::to_string(x.cols()) +
                               " columns but the model has " +
                               std::to_string(fit.coefficients.size()) + " coefficients");
  const FamilyFunctions family(fit.family, fit.link, 1.0);
  GlmPrediction out;
  wls_detail::linear_predictor(x, fit.coefficients, offset, out.link);
  const Eigen::MatrixXd cov = (fit.dispersion * fit.cov_unscaled).unaryExpr([](double v) {
    return std::isnan(v) ? 0.0 : v;
  });
  const Eigen::Index n = x.rows();
  out.link_se.resize(n);
  out.response.resize(n);
  out.response_se.resize(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    const Eigen::VectorXd xi = x.row(i).transpose();
    out.link_se(i) = std::sqrt(std::max(0.0, xi.dot(cov * xi)));
    out.response(i) = family.linkinv(out.link(i));
    out.response_se(i) = out.link_se(i) * std::fabs(family.mu_eta(out.link(i)));
  }
  return out;
}

std::string format_glm_summary(const GlmResult& fit, const std::string& formula) {
  std::string s;
  if (!formula.empty())
    s += "Call:\nglm(formula = " + formula + ", family = " + to_string(fit.family) + "(link = \"" +
         to_string(fit.link) + "\"))\n\n";
  int singular = 0;
  for (bool a : fit.aliased) singular += a;
  s += singular ? "Coefficients: (" + std::to_string(singular) +
                      " not defined because of singularities)\n"
                : std::string("Coefficients:\n");
  const std::string stat_name = fit.t_statistics ? "t value" : "z value";
  const std::string p_name = fit.t_statistics ? "Pr(>|t|)" : "Pr(>|z|)";
  std::size_t name_w = 0;
  for (const auto& n : fit.names) name_w = std::max(name_w, n.size());
  std::vector<std::array<std::string, 4>> cells;
  std::array<std::size_t, 4> width = {8, 10, stat_name.size(), p_name.size()};
  for (Eigen::Index j = 0; j < fit.coefficients.size(); ++j) {
    std::array<std::string, 4> row = {format_g(fit.coefficients(j)), format_g(fit.std_error(j)),
                                      format_g(fit.statistic(j), 4), format_p(fit.p_value(j))};
    for (std::size_t k = 0; k < 4; ++k) width[k] = std::max(width[k], row[k].size());
    cells.push_back(row);
  }
  s += pad_right("", name_w) + " " + pad_left("Estimate", width[0]) + " " +
       pad_left("Std. Error", width[1]) + " " + pad_left(stat_name, width[2]) + " " +
       pad_left(p_name, width[3]) + "\n";
  for (std::size_t j = 0; j < cells.size(); ++j) {
    s += pad_right(fit.names[j], name_w);
    for (std::size_t k = 0; k < 4; ++k) s += " " + pad_left(cells[j][k], width[k]);
    s += " " + significance_stars(fit.p_value(static_cast<Eigen::Index>(j))) + "\n";
  }
  s += "---\nSignif. codes:  0 '***' 0.001 '**' 0.01 '*' 0.05 '.' 0.1 ' ' 1\n";
  s += "Standard errors: " + fit.se_description + "\n\n";
  const std::string fam =
      fit.family == GlmFamily::NegativeBinomial ? "Negative Binomial" : to_string(fit.family);
  s += "(Dispersion parameter for " + fam + " family taken to be " + format_g(fit.dispersion) +
       ")\n\n";
  char line[256];
  std::snprintf(line, sizeof line, "    Null deviance: %.*g  on %.0f  degrees of freedom\n", 7,
                fit.null_deviance, fit.df_null);
  s += line;
  std::snprintf(line, sizeof line, "Residual deviance: %.*g  on %.0f  degrees of freedom\n", 7,
                fit.deviance, fit.df_residual);
  s += line;
  if (fit.rows_dropped > 0)
    s += "  (" + std::to_string(fit.rows_dropped) + " observations deleted due to missingness)\n";
  s += "AIC: " + format_g(fit.aic, 7) + "   BIC: " + format_g(fit.bic, 7) +
       "   log-likelihood: " + format_g(fit.log_likelihood, 9) + "\n\n";
  s += "Number of Fisher Scoring iterations: " + std::to_string(fit.iterations) + " (" +
       to_string(fit.status) + ")\n";
  for (const auto& w : fit.warnings) s += "Warning: " + w + "\n";
  return s;
}

}  // namespace harmcast
