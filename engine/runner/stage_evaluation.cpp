#include "engine/runner/stage_evaluation.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <cmath>

#include "engine/config/config_issue.hpp"
#include "engine/core/error.hpp"
#include "engine/runner/stage_config.hpp"
#include "models/matching/evaluation.hpp"

namespace harmcast {

void declare_options(ConfigReader& r, EvaluationConfig& c) {
  r.key("name", "Service name shown in the report.").required().text(c.name);
  r.key("service", "Cohort `service` value of the treated; empty: use `treatment`.")
      .text(c.service);
  r.key("treatment", "0/1 treatment column, used when `service` is empty.").text(c.treatment);
  r.key("covariates", "Columns of the propensity-score model.").required().text_list(c.covariates);
  r.key("outcomes", "Outcome columns; time:event for a time to event.").text_list(c.outcomes);
  r.key("caliper", "Caliper in SDs of the propensity score; 0 = none.")
      .number(c.caliper, non_negative());
  r.key("ratio", "Comparison people per treated person.").integer(c.ratio, positive());
  r.key("replace", "Match with replacement.").boolean(c.replace);
  r.key("pool_ties",
        "With replacement: every comparison person as close as the ratio-th nearest joins the "
        "match set (R Matching's ties = TRUE).")
      .boolean(c.pool_ties);
  r.key("tie_tolerance",
        "pool_ties: squared score gap in SDs counted as a tie (Matching's distance.tolerance).")
      .number(c.tie_tolerance, non_negative());
  if (r.parsing() && c.pool_ties && !c.replace)
    r.report("pool_ties", "pooled ties need matching with replacement: add replace: true");
  r.key("jdl", "Justice Data Lab preset (minimum 60 matched, small-number suppression).")
      .boolean(c.jdl);
  r.key("standard_errors",
        "auto (pair-cluster without replacement, unit-robust with), pair-cluster, unit-robust, "
        "bootstrap or abadie-imbens.")
      .choice(c.standard_errors,
              {"auto", "pair-cluster", "unit-robust", "bootstrap", "abadie-imbens"});
  r.key("bootstrap_replicates", "Bootstrap replicates (bootstrap SEs, median-time intervals).")
      .integer(c.bootstrap_replicates, in_range(50, 1e6));
  r.key("median_time",
        "Time-to-event outcomes: also the difference in the time_quantile-th quantile of time.")
      .boolean(c.median_time);
  r.key("time_quantile",
        "The quantile of time to event compared: 0.5 the median; 0.25 when fewer than half "
        "have the event within follow-up.")
      .number(c.time_quantile, open_range(0.0, 1.0));
}

std::vector<EvaluationConfig> parse_evaluations(const ExperimentConfig& config) {
  return parse_stage_list<EvaluationConfig>(config, config.evaluations, "evaluations",
                                            "Service evaluations.");
}

// The cohort restricted to the service's participants and the untreated pool, with a fresh
// 0/1 `treat` column (a person in another service is neither treated nor a comparison).
Table service_sample(const Table& cohort, const EvaluationConfig& e, std::string& treatment) {
  if (e.service.empty()) {
    treatment = e.treatment;
    return cohort;
  }
  const Column& service = cohort.column("service");
  std::vector<std::uint8_t> keep(cohort.rows());
  std::vector<std::int64_t> treat;
  std::size_t treated = 0;
  for (std::size_t r = 0; r < cohort.rows(); ++r) {
    const std::string s = service.text(r);
    keep[r] = s == e.service || s == "none";
    if (keep[r]) {
      treat.push_back(s == e.service);
      treated += s == e.service;
    }
  }
  if (treated == 0) {
    throw Error("evaluations: " + e.name,
                "no one in the cohort received service \"" + e.service + "\"",
                "Check the service name against the cohort's service column.");
  }
  Table sample = cohort.filter(keep);
  treatment = "treated_by_service";
  sample.add_column(Column::integers(treatment, std::move(treat)));
  return sample;
}

EvaluationOptions evaluation_options(const EvaluationConfig& e, const std::string& treatment,
                                     int disclosure_threshold) {
  EvaluationOptions options;
  options.formula = fmt::format("{} ~ {}", treatment, fmt::join(e.covariates, " + "));
  options.outcomes = e.outcomes;
  if (e.caliper > 0) options.matching.caliper = e.caliper;
  options.matching.ratio = e.ratio;
  options.matching.replace = e.replace;
  options.matching.pool_ties = e.pool_ties;
  options.matching.tie_tolerance = e.tie_tolerance;
  options.jdl = e.jdl;
  options.jdl_options.suppression_threshold = disclosure_threshold;
  options.effects.standard_errors = e.standard_errors;
  options.effects.bootstrap_replicates = e.bootstrap_replicates;
  options.median_time = e.median_time;
  options.effects.time_quantile = e.time_quantile;
  return options;
}

void run_evaluation_stage(const Table& cohort, const std::vector<EvaluationConfig>& evaluations,
                          int disclosure_threshold, RunResults& results) {
  std::vector<std::string> e_service, e_outcome, e_kind, e_sentence, e_method;
  std::vector<double> e_estimate, e_se, e_low, e_high, e_p, e_treated_mean, e_control_mean;
  std::vector<double> e_ratio, e_ratio_low, e_ratio_high, e_time_quantile;
  std::vector<std::int64_t> e_matched_treated, e_matched_control, e_treated_total;
  std::vector<std::string> b_service, b_covariate;
  std::vector<double> b_smd_before, b_smd_after, b_vr_before, b_vr_after;
  for (const auto& e : evaluations) {
    try {
      std::string treatment;
      const Table sample = service_sample(cohort, e, treatment);
      const EvaluationResult r =
          run_evaluation(sample, evaluation_options(e, treatment, disclosure_threshold));
      for (const auto& effect : r.effects) {
        e_service.push_back(e.name);
        e_outcome.push_back(effect.outcome);
        e_kind.push_back(to_string(effect.kind));
        e_estimate.push_back(effect.estimate);
        e_se.push_back(effect.std_error);
        e_low.push_back(effect.conf_low);
        e_high.push_back(effect.conf_high);
        e_p.push_back(effect.p_value);
        e_treated_mean.push_back(effect.mean_treated);
        e_control_mean.push_back(effect.mean_control);
        e_matched_treated.push_back(static_cast<std::int64_t>(r.n_matched_treated));
        e_matched_control.push_back(static_cast<std::int64_t>(r.n_matched_control));
        e_treated_total.push_back(static_cast<std::int64_t>(r.n_treated));
        e_sentence.push_back(effect.sentence);
        e_method.push_back(effect.se_method);
        e_ratio.push_back(effect.hazard_ratio);
        e_ratio_low.push_back(effect.hr_low);
        e_ratio_high.push_back(effect.hr_high);
        e_time_quantile.push_back(effect.time_quantile);
      }
      for (const auto& row : r.balance.rows) {
        b_service.push_back(e.name);
        b_covariate.push_back(row.covariate);
        b_smd_before.push_back(row.before.smd);
        b_smd_after.push_back(row.after.smd);
        b_vr_before.push_back(row.before.var_ratio);
        b_vr_after.push_back(row.after.var_ratio);
      }
      for (const auto& w : r.warnings) results.add_note({"evaluation", e.name, w});
    } catch (const Error& error) {
      results.add_note({"evaluation", e.name, error.what()});
    }
  }
  Table effects;
  effects.add_column(Column::categorical_from_strings("service", e_service));
  effects.add_column(Column::categorical_from_strings("outcome", e_outcome));
  effects.add_column(Column::categorical_from_strings("kind", e_kind));
  effects.add_column(result_floats("estimate", e_estimate));
  effects.add_column(result_floats("std_error", e_se));
  effects.add_column(result_floats("conf_low", e_low));
  effects.add_column(result_floats("conf_high", e_high));
  effects.add_column(result_floats("p_value", e_p));
  effects.add_column(result_floats("mean_treated", e_treated_mean));
  effects.add_column(result_floats("mean_comparison", e_control_mean));
  effects.add_column(Column::integers("treated", e_treated_total));
  effects.add_column(Column::integers("matched_treated", e_matched_treated));
  effects.add_column(Column::integers("matched_comparison", e_matched_control));
  effects.add_column(Column::categorical_from_strings("se_method", e_method));
  effects.add_column(Column::categorical_from_strings("sentence", e_sentence));
  effects.add_column(result_floats("ratio", e_ratio));
  effects.add_column(result_floats("ratio_low", e_ratio_low));
  effects.add_column(result_floats("ratio_high", e_ratio_high));
  effects.add_column(result_floats("time_quantile", e_time_quantile));
  Table balance;
  balance.add_column(Column::categorical_from_strings("service", b_service));
  balance.add_column(Column::categorical_from_strings("covariate", b_covariate));
  balance.add_column(result_floats("smd_before", b_smd_before));
  balance.add_column(result_floats("smd_after", b_smd_after));
  balance.add_column(result_floats("var_ratio_before", b_vr_before));
  balance.add_column(result_floats("var_ratio_after", b_vr_after));
  results.add_table("/evaluation/effects", std::move(effects));
  results.add_table("/evaluation/balance", std::move(balance));
}

}  // namespace harmcast
