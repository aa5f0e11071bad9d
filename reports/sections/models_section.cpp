// "Regression models": each model of the offender cohort from the models stage, laid out like
// R's summary(): estimate, standard error, test statistic and p-value per term, with the odds,
// rate or hazard ratio and its interval where the link makes one (logit, log, Cox), then the
// fit statistics, how the fit ended and how many rows were dropped for missing values. Counts of
// people below the disclosure threshold are shown as "<N".
#include <fmt/format.h>

#include <cmath>

#include "models/regression/significance_stars.hpp"
#include "reports/html/number_format.hpp"
#include "reports/sections/sections.hpp"

namespace harmcast::report {
namespace {

// "Odds ratio" for logit, "Rate ratio" for log-link counts, "Hazard ratio" for Cox, else empty.
std::string ratio_label(const std::string& family, const std::string& link) {
  if (family == "cox") return "Hazard ratio";
  if (link == "logit") return "Odds ratio";
  if (link == "log") return family == "gaussian" ? "Ratio of means" : "Rate ratio";
  return {};
}

std::string model_heading(const std::string& family, const std::string& link) {
  if (family == "cox") return "Cox proportional hazards (as survival::coxph)";
  if (family == "negbin")
    return "Negative binomial regression, " + link + " link (as MASS::glm.nb)";
  return "GLM, " + family + " family, " + link + " link (as R's glm)";
}

std::string shown(double v) { return std::isnan(v) ? "NA" : format_significant(v, 4); }

// Fit statistics worth a reader's attention, in words.
const std::vector<std::pair<std::string, std::string>>& statistic_names() {
  static const std::vector<std::pair<std::string, std::string>> names{
      {"deviance", "Residual deviance"},
      {"df_residual", "Residual degrees of freedom"},
      {"null_deviance", "Null deviance"},
      {"aic", "AIC"},
      {"bic", "BIC"},
      {"log_likelihood", "Log-likelihood"},
      {"dispersion", "Dispersion"},
      {"theta", "Theta (negative binomial)"},
      {"theta_se", "Std. error of theta"},
      {"events", "Events"},
      {"loglik", "Log partial likelihood"},
      {"lr_statistic", "Likelihood ratio test"},
      {"wald_statistic", "Wald test"},
      {"score_statistic", "Score (log-rank) test"},
      {"concordance", "Concordance (Harrell's C)"},
      {"iterations", "Iterations"}};
  return names;
}

void add_model(HtmlDocument& doc, const RunResults& results, const Table& summary, std::size_t row,
               const ReportSettings& s) {
  const std::string name = text_cell(summary, "name", row);
  const std::string family = text_cell(summary, "family", row);
  const std::string link = text_cell(summary, "link", row);
  const Table* coef = results.find_table("/models/" + name + "/coefficients");
  const Table* fit = results.find_table("/models/" + name + "/fit");
  if (coef == nullptr || fit == nullptr) return;
  doc.subheading(humanise(name) + ": " + model_heading(family, link));
  doc.preformatted(text_cell(summary, "formula", row));
  const std::string status = text_cell(summary, "status", row);
  if (status != "converged")
    doc.callout(CalloutKind::Warning, "The fit " + text_cell(summary, "message", row) +
                                          ": treat the estimates with caution.");

  const std::string ratio = ratio_label(family, link);
  const bool z = family != "gaussian" || text_cell(summary, "se", row) != "model";  // as R
  HtmlTable table;
  table.caption = "Coefficients (" + text_cell(summary, "se", row) + " standard errors)";
  table.header = {
      "Term", "Estimate", "Std. Error", z ? "z value" : "t value", z ? "Pr(>|z|)" : "Pr(>|t|)", ""};
  if (!ratio.empty()) {
    table.header.push_back(ratio);
    table.header.push_back("95% interval");
  } else {
    table.header.push_back("95% interval");
  }
  table.align.assign(table.header.size(), Align::Right);
  table.align[0] = Align::Left;
  table.align[5] = Align::Left;
  for (std::size_t r = 0; r < coef->rows(); ++r) {
    const double est = cell(*coef, "estimate", r), low = cell(*coef, "conf_low", r),
                 high = cell(*coef, "conf_high", r), p = cell(*coef, "p_value", r);
    std::vector<std::string> cells{text_cell(*coef, "term", r),
                                   shown(est),
                                   shown(cell(*coef, "std_error", r)),
                                   shown(cell(*coef, "statistic", r)),
                                   std::isnan(p) ? "NA" : format_p_value(p),
                                   significance_stars(p)};
    const bool intercept = cells[0] == "(Intercept)";
    if (!ratio.empty()) {
      cells.push_back(intercept || std::isnan(est) ? "" : shown(std::exp(est)));
      cells.push_back(intercept || std::isnan(est)
                          ? ""
                          : shown(std::exp(low)) + " to " + shown(std::exp(high)));
    } else {
      cells.push_back(std::isnan(est) ? "" : shown(low) + " to " + shown(high));
    }
    table.rows.push_back(std::move(cells));
  }
  doc.table(table);

  std::vector<std::pair<std::string, std::string>> facts;
  facts.emplace_back("Status", status + " (" + text_cell(summary, "message", row) + ")");
  facts.emplace_back("Rows used", format_count_suppressed(cell(summary, "rows_used", row),
                                                          s.disclosure_threshold));
  const double dropped = cell(summary, "rows_dropped", row);
  std::string dropped_text = format_count_suppressed(dropped, s.disclosure_threshold);
  if (dropped > 0 && dropped >= s.disclosure_threshold)
    dropped_text += " (" + text_cell(summary, "dropped_detail", row) + ")";
  facts.emplace_back("Rows dropped for missing values", dropped_text);
  for (const auto& [key, label] : statistic_names()) {
    for (std::size_t r = 0; r < fit->rows(); ++r) {
      if (text_cell(*fit, "statistic", r) != key) continue;
      const double v = cell(*fit, "value", r);
      std::string text;
      if (key == "events")
        text = format_count_suppressed(v, s.disclosure_threshold);
      else if (key == "iterations" || key == "df_residual")
        text = format_number(v);
      else if (key == "dispersion" || key.rfind("theta", 0) == 0 || key == "concordance")
        text = shown(v);
      else
        text = format_number(v, 2);  // deviances, likelihoods, test statistics
      if (key == "lr_statistic" || key == "wald_statistic" || key == "score_statistic") {
        const std::string base = key.substr(0, key.find('_'));
        const std::string p_key = base + "_p_value";
        for (std::size_t k = 0; k < fit->rows(); ++k)
          if (text_cell(*fit, "statistic", k) == p_key)
            text += ", p " + format_p_value(cell(*fit, "value", k));
      }
      facts.emplace_back(label, text);
    }
  }
  doc.facts(facts);
}

}  // namespace

void add_models_section(HtmlDocument& doc, const RunResults& results, const ReportSettings& s) {
  const Table* summary = results.find_table("/models/summary");
  if (summary == nullptr) return;
  doc.section("models", "Regression models");
  doc.paragraph(
      "Regression models of the offender cohort, fitted as R fits them (glm, MASS::glm.nb, "
      "survival::coxph). Ratios above 1 mean higher odds, rates or hazards of reoffending for "
      "that group than the reference group (or per unit of a number), holding the other terms "
      "fixed; the 95% intervals are Wald intervals. Signif. codes: 0 '***' 0.001 '**' 0.01 '*' "
      "0.05 '.' 0.1. Counts of people below " +
      std::to_string(s.disclosure_threshold) + " are not shown.");
  if (summary->rows() == 0) {
    doc.callout(CalloutKind::Warning, "No model could be fitted; see the run notes.");
    return;
  }
  for (std::size_t r = 0; r < summary->rows(); ++r) add_model(doc, results, *summary, r, s);
}

}  // namespace harmcast::report
