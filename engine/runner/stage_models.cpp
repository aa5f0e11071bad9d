#include "engine/runner/stage_models.hpp"

#include <boost/math/distributions/normal.hpp>
#include <cmath>
#include <set>

#include "engine/config/config_issue.hpp"
#include "engine/config/config_value_text.hpp"
#include "engine/core/error.hpp"
#include "engine/runner/stage_config.hpp"
#include "models/regression/cox_formula.hpp"
#include "models/regression/glm.hpp"
#include "models/regression/negbin.hpp"

namespace harmcast {
namespace {

const std::vector<std::string>& family_words() {
  static const std::vector<std::string> words{"binomial", "poisson", "negbin", "gaussian", "cox"};
  return words;
}
const std::vector<std::string>& se_words() {
  static const std::vector<std::string> words{"model", "hc0", "hc1", "hc3", "cluster"};
  return words;
}
const std::vector<std::string>& ties_words() {
  static const std::vector<std::string> words{"efron", "breslow"};
  return words;
}

bool usable_name(const std::string& name) {
  if (name.empty()) return false;
  for (char ch : name)
    if (!std::isalnum(static_cast<unsigned char>(ch)) && ch != '_' && ch != '-') return false;
  return true;
}

// Cross-field rules, reported against the key they concern.
void check_model(ConfigReader& r, const ModelConfig& c) {
  if (!c.name.empty() && !usable_name(c.name))
    r.report("name",
             "expected letters, digits, _ or - (it names tables), got " + in_quotes(c.name));
  const bool cox = c.family == "cox";
  if (!c.formula.empty()) {
    try {
      const Formula f = parse_formula(c.formula);
      if (cox && !f.is_survival())
        r.report("formula",
                 "family cox needs a Surv(time, event) ~ ... formula, got " + in_quotes(c.formula));
      if (!cox && f.is_survival()) r.report("formula", "a Surv(...) response needs family: cox");
      if (!f.response) r.report("formula", "the formula has no response (left of ~)");
    } catch (const Error& e) {
      r.report("formula", e.what());
    }
  }
  if (cox && !c.link.empty()) r.report("link", "family cox has no link; remove the key");
  if (!cox && !c.link.empty()) {
    try {
      check_family_link(parse_glm_family(c.family), parse_glm_link(c.link));
    } catch (const Error& e) {
      r.report("link", e.what());
    }
  }
  if (cox && (c.se == "hc1" || c.se == "hc3"))
    r.report("se",
             "family cox offers model, hc0 (robust sandwich) or cluster, got " + in_quotes(c.se));
  if (c.se == "cluster" && c.cluster.empty())
    r.report("cluster", "se: cluster needs the column of cluster ids");
}

// Appends one statistic/value row.
struct FitRows {
  std::vector<std::string> names;
  std::vector<double> values;
  void add(std::string name, double value) {
    names.push_back(std::move(name));
    values.push_back(value);
  }
  Table table() const {
    Table t;
    t.add_column(Column::categorical_from_strings("statistic", names));
    t.add_column(result_floats("value", values));
    return t;
  }
};

struct CoefficientRows {
  std::vector<std::string> term;
  std::vector<double> estimate, std_error, statistic, p_value, conf_low, conf_high;
  Table table() const {
    Table t;
    t.add_column(Column::categorical_from_strings("term", term));
    t.add_column(result_floats("estimate", estimate));
    t.add_column(result_floats("std_error", std_error));
    t.add_column(result_floats("statistic", statistic));
    t.add_column(result_floats("p_value", p_value));
    t.add_column(result_floats("conf_low", conf_low));
    t.add_column(result_floats("conf_high", conf_high));
    return t;
  }
};

// What every model reports besides its tables.
struct ModelOutcome {
  std::string link, status, message;
  std::size_t rows_used = 0, rows_dropped = 0;
  std::string dropped_detail;
  std::vector<std::string> warnings;
};

ModelOutcome fit_glm_model(const Table& cohort, const ModelConfig& m, CoefficientRows& coef,
                           FitRows& fit_rows) {
  const GlmFamily family = parse_glm_family(m.family);
  ModelFrameOptions frame_options;
  frame_options.weights_column = m.weights;
  frame_options.cluster_column = m.cluster;
  frame_options.context = "models: " + m.name;
  const ModelFrame frame = build_model_frame(parse_formula(m.formula), cohort, frame_options);
  const GlmStandardErrors se = parse_glm_standard_errors(m.se);
  GlmResult fit;
  double theta = std::nan(""), theta_se = std::nan("");
  if (family == GlmFamily::NegativeBinomial) {
    NegBinOptions options;
    if (!m.link.empty()) options.link = parse_glm_link(m.link);
    options.standard_errors = se;
    options.threads = 1;  // a stage fit: the run's threads serve the stages around it
    NegBinResult nb = fit_negbin(frame, options);
    theta = nb.theta;
    theta_se = nb.theta_se;
    fit = std::move(nb.glm);
    fit.warnings.insert(fit.warnings.end(), nb.theta_warnings.begin(), nb.theta_warnings.end());
  } else {
    GlmOptions options;
    options.family = family;
    if (!m.link.empty()) options.link = parse_glm_link(m.link);
    options.standard_errors = se;
    options.threads = 1;
    fit = fit_glm(frame, options);
  }
  for (std::size_t j = 0; j < fit.names.size(); ++j) {
    const auto k = static_cast<Eigen::Index>(j);
    coef.term.push_back(fit.names[j]);
    coef.estimate.push_back(fit.coefficients[k]);
    coef.std_error.push_back(fit.std_error[k]);
    coef.statistic.push_back(fit.statistic[k]);
    coef.p_value.push_back(fit.p_value[k]);
    coef.conf_low.push_back(fit.conf_low[k]);
    coef.conf_high.push_back(fit.conf_high[k]);
  }
  fit_rows.add("nobs", fit.nobs);
  fit_rows.add("deviance", fit.deviance);
  fit_rows.add("null_deviance", fit.null_deviance);
  fit_rows.add("df_residual", fit.df_residual);
  fit_rows.add("df_null", fit.df_null);
  fit_rows.add("rank", fit.rank);
  fit_rows.add("log_likelihood", fit.log_likelihood);
  fit_rows.add("aic", fit.aic);
  fit_rows.add("bic", fit.bic);
  fit_rows.add("dispersion", fit.dispersion);
  fit_rows.add("iterations", fit.iterations);
  if (family == GlmFamily::NegativeBinomial) {
    fit_rows.add("theta", theta);
    fit_rows.add("theta_se", theta_se);
  }
  ModelOutcome out;
  out.link = to_string(fit.link);
  out.status = to_string(fit.status);
  out.message = fit.message;
  out.rows_used = frame.table_rows.size();
  out.rows_dropped = frame.rows_dropped;
  out.dropped_detail = frame.dropped_detail;
  out.warnings = fit.warnings;
  return out;
}

ModelOutcome fit_cox_model(const Table& cohort, const ModelConfig& m, CoefficientRows& coef,
                           FitRows& fit_rows) {
  CoxOptions options;
  options.ties = cox_ties_from_string(m.ties);
  options.robust = m.se != "model";
  options.threads = 1;
  CoxFormulaOptions columns;
  columns.weights_column = m.weights;
  if (m.se == "cluster") columns.cluster_column = m.cluster;
  const CoxResult fit = fit_cox(cohort, m.formula, options, columns);
  const double z = boost::math::quantile(boost::math::normal(), 1 - (1 - options.conf_level) / 2);
  for (const CoxTerm& t : fit.terms) {
    coef.term.push_back(t.name);
    coef.estimate.push_back(t.estimate);
    coef.std_error.push_back(t.std_error);
    coef.statistic.push_back(t.z);
    coef.p_value.push_back(t.p_value);
    coef.conf_low.push_back(t.estimate - z * t.std_error);  // log scale, as the GLMs
    coef.conf_high.push_back(t.estimate + z * t.std_error);
  }
  fit_rows.add("n", static_cast<double>(fit.n));
  fit_rows.add("events", fit.n_events);
  fit_rows.add("loglik_null", fit.loglik_null);
  fit_rows.add("loglik", fit.loglik);
  fit_rows.add("lr_statistic", fit.likelihood_ratio.statistic);
  fit_rows.add("lr_df", fit.likelihood_ratio.df);
  fit_rows.add("lr_p_value", fit.likelihood_ratio.p_value);
  fit_rows.add("wald_statistic", fit.wald.statistic);
  fit_rows.add("wald_p_value", fit.wald.p_value);
  fit_rows.add("score_statistic", fit.score.statistic);
  fit_rows.add("score_p_value", fit.score.p_value);
  if (fit.has_robust_score) {
    fit_rows.add("robust_score_statistic", fit.robust_score.statistic);
    fit_rows.add("robust_score_p_value", fit.robust_score.p_value);
  }
  fit_rows.add("concordance", fit.concordance.concordance);
  fit_rows.add("concordance_se", fit.concordance.std_error);
  fit_rows.add("iterations", fit.iterations);
  ModelOutcome out;
  out.status = to_string(fit.status);
  out.message = fit.message;
  out.rows_used = fit.n;
  out.rows_dropped = fit.rows_dropped;
  out.dropped_detail = fit.dropped_detail;
  out.warnings = fit.warnings;
  return out;
}

}  // namespace

void declare_options(ConfigReader& r, ModelConfig& c) {
  r.key("name", "Model name: letters, digits, _ or -; names its tables.").required().text(c.name);
  r.key("formula", "R formula; Surv(time, event) ~ ... for family cox.").required().text(c.formula);
  r.key("family", "binomial, poisson, negbin (MASS::glm.nb), gaussian or cox (coxph).")
      .choice(c.family, family_words());
  r.key("link", "logit, probit, cloglog, log, identity or sqrt; empty = canonical (not cox).")
      .text(c.link);
  r.key("weights", "Column of prior (GLM) or case (Cox) weights; empty = none.").text(c.weights);
  r.key("se", "Standard errors: model, hc0, hc1, hc3 or cluster (cox: model, hc0, cluster).")
      .choice(c.se, se_words());
  r.key("cluster", "Column of cluster ids for se: cluster.").text(c.cluster);
  r.key("ties", "Cox only: how tied event times enter, efron or breslow.")
      .choice(c.ties, ties_words());
  if (r.mode() != ConfigReader::Mode::Describe) check_model(r, c);
}

std::vector<ModelConfig> parse_models(const ExperimentConfig& config) {
  return parse_stage_list<ModelConfig>(
      config, config.models, "models", "Regression models of the offender cohort.",
      [](ConfigReader& reader, const std::vector<ModelConfig>& models) {
        std::set<std::string> seen;
        for (std::size_t i = 0; i < models.size(); ++i)
          if (!models[i].name.empty() && !seen.insert(models[i].name).second)
            reader.report("models", "model name " + in_quotes(models[i].name) +
                                        " is used twice (item " + std::to_string(i + 1) + ")");
      });
}

void run_models_stage(const Table& cohort, const std::vector<ModelConfig>& models,
                      RunResults& results) {
  std::vector<std::string> s_name, s_family, s_link, s_formula, s_se, s_status, s_message, s_detail;
  std::vector<std::int64_t> s_used, s_dropped;
  for (const ModelConfig& m : models) {
    try {
      CoefficientRows coef;
      FitRows fit_rows;
      const ModelOutcome out = m.family == "cox" ? fit_cox_model(cohort, m, coef, fit_rows)
                                                 : fit_glm_model(cohort, m, coef, fit_rows);
      results.add_table("/models/" + m.name + "/coefficients", coef.table());
      results.add_table("/models/" + m.name + "/fit", fit_rows.table());
      s_name.push_back(m.name);
      s_family.push_back(m.family);
      s_link.push_back(out.link);
      s_formula.push_back(m.formula);
      s_se.push_back(m.se);
      s_status.push_back(out.status);
      s_message.push_back(out.message);
      s_used.push_back(static_cast<std::int64_t>(out.rows_used));
      s_dropped.push_back(static_cast<std::int64_t>(out.rows_dropped));
      s_detail.push_back(out.dropped_detail);
      for (const auto& w : out.warnings) results.add_note({"models", m.name, w});
    } catch (const Error& error) {
      results.add_note({"models", m.name, std::string("not fitted: ") + error.what()});
    }
  }
  Table summary;
  summary.add_column(Column::categorical_from_strings("name", s_name));
  summary.add_column(Column::categorical_from_strings("family", s_family));
  summary.add_column(Column::categorical_from_strings("link", s_link));
  summary.add_column(Column::categorical_from_strings("formula", s_formula));
  summary.add_column(Column::categorical_from_strings("se", s_se));
  summary.add_column(Column::categorical_from_strings("status", s_status));
  summary.add_column(Column::categorical_from_strings("message", s_message));
  summary.add_column(Column::integers("rows_used", s_used));
  summary.add_column(Column::integers("rows_dropped", s_dropped));
  summary.add_column(Column::categorical_from_strings("dropped_detail", s_detail));
  results.add_table("/models/summary", std::move(summary));
}

}  // namespace harmcast
