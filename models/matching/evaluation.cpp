#include "models/matching/evaluation.hpp"

#include <fmt/format.h>

#include <chrono>
#include <cmath>

#include "engine/core/error.hpp"
#include "models/matching/abadie_imbens.hpp"
#include "models/matching/time_quantile.hpp"

namespace harmcast {

namespace {

std::vector<double> outcome_values(const Table& data, const std::string& column,
                                   const std::vector<std::size_t>& rows) {
  const Column& col = data.column(column);
  if (!col.is_numeric())
    throw Error("evaluate",
                fmt::format("outcome '{}' is {}, not numeric", column, to_string(col.type())),
                "outcomes must be 0/1, counts or numbers");
  std::vector<double> y(rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) y[i] = col.numeric(rows[i]);
  return y;
}

std::string number(double v) {
  if (!std::isfinite(v)) return "null";
  return format_double(v);
}

std::string count(std::size_t n, int threshold) {
  if (threshold > 0 && static_cast<long long>(n) < threshold)
    return json_string(suppress_count(n, threshold));
  return fmt::format("{}", n);
}

}  // namespace

void EvaluationOptions::validate() const {
  if (formula.empty())
    throw Error("evaluate", "no formula", "give --formula \"treat ~ age + sex + ...\"");
  if (outcomes.empty()) throw Error("evaluate", "no outcome", "give --outcome COLUMN");
  propensity.validate();
  matching.validate();
  balance.validate();
  effects.validate();
  if (jdl) jdl_options.validate();
}

OutcomeKind detect_outcome_kind(const Column& column) {
  bool binary = true, counts = true;
  for (std::size_t r = 0; r < column.size(); ++r) {
    if (column.is_missing(r)) continue;
    const double v = column.numeric(r);
    binary = binary && (v == 0.0 || v == 1.0);
    counts = counts && v >= 0.0 && v == std::floor(v);
  }
  return binary ? OutcomeKind::Binary : counts ? OutcomeKind::Count : OutcomeKind::Continuous;
}

EvaluationResult run_evaluation(const Table& input, const EvaluationOptions& options) {
  options.validate();
  Table derived;
  const Table* data = &input;
  if (options.jdl) {
    derived = input;
    if (derive_jdl_outcomes(derived, options.jdl_options)) data = &derived;
  }
  EvaluationResult out;
  const auto start = std::chrono::steady_clock::now();
  const MatchingData md = prepare_matching_data(options.formula, *data, options.propensity);
  const MatchResult match =
      options.propensity.distance == DistanceKind::Mahalanobis
          ? match_mahalanobis(md.design, md.treat, options.matching, md.strata)
          : match_nearest(md.distance, md.treat, options.matching, md.strata);
  out.seconds_matching =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (options.jdl) check_jdl_minimum(match, options.jdl_options);
  out.rows_in = md.rows_in;
  out.rows_dropped = md.rows_dropped;
  out.dropped_detail = md.dropped_detail;
  out.n_treated = match.n_treated;
  out.n_control = match.n_control;
  out.n_matched_treated = match.n_matched_treated;
  out.n_matched_control = match.n_matched_control;
  out.match_message = match.message;
  out.caliper_absolute = match.caliper_absolute;
  out.has_caliper = match.has_caliper;
  out.warnings = md.warnings;
  for (std::size_t i = 0; i < md.treat.size(); ++i)
    if (md.treat[i] && match.weights[i] > 0.0) out.matched_treated_rows.push_back(md.table_rows[i]);
  out.jdl = options.jdl;
  out.suppression_threshold = options.jdl ? options.jdl_options.suppression_threshold : 0;

  // Balance: the distance first (as MatchIt's summary), then the covariates.
  const BalanceCovariates covariates = balance_covariates(md, true);
  out.balance = compute_balance(covariates.values, covariates.names, md.treat, match.weights,
                                options.balance);

  for (const std::string& spec : options.outcomes) {
    EffectOptions eo = options.effects;
    const auto colon = spec.find(':');
    if (colon != std::string::npos) {
      const std::string time = spec.substr(0, colon), event = spec.substr(colon + 1);
      const auto t = outcome_values(*data, time, md.table_rows);
      const auto e = outcome_values(*data, event, md.table_rows);
      out.effects.push_back(estimate_att_hazard(t, e, md.treat, match, spec, eo));
      if (options.median_time)
        out.effects.push_back(estimate_time_quantile_difference(t, e, md.treat, match, spec, eo));
      out.events_treated.resize(out.effects.size(), 0);
      out.events_control.resize(out.effects.size(), 0);
      continue;
    }
    const OutcomeKind kind = detect_outcome_kind(data->column(spec));
    if (options.jdl && eo.description.empty() && spec == options.jdl_options.outcome_column)
      eo.description = "reoffended within a year";
    const auto y = outcome_values(*data, spec, md.table_rows);
    out.effects.push_back(estimate_att(y, md.treat, match, kind, spec, eo));
    if (eo.standard_errors == EffectSe::AbadieImbens)
      apply_abadie_imbens_se(out.effects.back(), y, md.treat, match, md.distance, eo);
    std::size_t et = 0, ec = 0;
    if (kind == OutcomeKind::Binary)
      for (std::size_t i = 0; i < y.size(); ++i)
        if (match.weights[i] > 0.0 && y[i] == 1.0) (md.treat[i] ? et : ec) += 1;
    out.events_treated.push_back(et);
    out.events_control.push_back(ec);
  }
  return out;
}

std::string json_string(const std::string& text) {
  std::string out = "\"";
  for (unsigned char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      default:
        if (c < 0x20)
          out += fmt::format("\\u{:04x}", c);
        else
          out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

std::string evaluation_json(const EvaluationResult& r) {
  const int th = r.suppression_threshold;
  std::string j = "{\n";
  j += fmt::format("  \"n_treated\": {},\n  \"n_control\": {},\n", count(r.n_treated, th),
                   count(r.n_control, th));
  j += fmt::format("  \"n_matched_treated\": {},\n  \"n_matched_control\": {},\n",
                   count(r.n_matched_treated, th), count(r.n_matched_control, th));
  j += fmt::format("  \"rows_in\": {},\n  \"rows_dropped\": {},\n", r.rows_in, r.rows_dropped);
  j += fmt::format("  \"caliper\": {},\n", r.has_caliper ? number(r.caliper_absolute) : "null");
  j += fmt::format("  \"preset\": {},\n", r.jdl ? "\"jdl\"" : "null");
  j += fmt::format("  \"matching\": {},\n", json_string(r.match_message));
  j += "  \"balance\": [";
  for (std::size_t i = 0; i < r.balance.rows.size(); ++i) {
    const auto& b = r.balance.rows[i];
    j += fmt::format(
        "{}\n    {{\"covariate\": {}, \"smd_before\": {}, \"smd_after\": {}, "
        "\"var_ratio_before\": {}, \"var_ratio_after\": {}, \"ecdf_mean_after\": {}, "
        "\"ecdf_max_after\": {}, \"flagged\": {}}}",
        i ? "," : "", json_string(b.covariate), number(b.before.smd), number(b.after.smd),
        number(b.before.var_ratio), number(b.after.var_ratio), number(b.after.ecdf_mean),
        number(b.after.ecdf_max), b.flagged ? "true" : "false");
  }
  j += "\n  ],\n  \"effects\": [";
  for (std::size_t i = 0; i < r.effects.size(); ++i) {
    const auto& e = r.effects[i];
    j += fmt::format(
        "{}\n    {{\"outcome\": {}, \"kind\": {}, \"estimate\": {}, \"std_error\": {}, "
        "\"conf_low\": {}, \"conf_high\": {}, \"p_value\": {}, \"mean_treated\": {}, "
        "\"mean_control\": {}, \"hazard_ratio\": {}, \"n_treated\": {}, \"n_control\": {}, ",
        i ? "," : "", json_string(e.outcome), json_string(to_string(e.kind)), number(e.estimate),
        number(e.std_error), number(e.conf_low), number(e.conf_high), number(e.p_value),
        number(e.mean_treated), number(e.mean_control), number(e.hazard_ratio),
        count(e.n_treated, th), count(e.n_control, th));
    if (e.kind == OutcomeKind::Binary)
      j += fmt::format("\"events_treated\": {}, \"events_control\": {}, ",
                       count(r.events_treated[i], th), count(r.events_control[i], th));
    if (e.kind == OutcomeKind::MedianTime || e.kind == OutcomeKind::TimeQuantile)
      j += fmt::format("\"time_quantile\": {}, ", number(e.time_quantile));
    j += fmt::format("\"se_method\": {}, \"sentence\": {}}}", json_string(e.se_method),
                     json_string(e.sentence));
  }
  j += "\n  ]\n}\n";
  return j;
}

std::string format_evaluation(const EvaluationResult& r) {
  const int th = r.suppression_threshold;
  auto c = [&](std::size_t n) { return th > 0 ? suppress_count(n, th) : fmt::format("{}", n); };
  std::string s =
      fmt::format("Rows: {} read, {} dropped for missing values{}\n", r.rows_in, r.rows_dropped,
                  r.dropped_detail.empty() ? "" : " (" + r.dropped_detail + ")");
  s += fmt::format("Treated: {} ({} matched); comparison: {} ({} matched)\n", c(r.n_treated),
                   c(r.n_matched_treated), c(r.n_control), c(r.n_matched_control));
  s += "Matching: " + r.match_message + "\n\nBalance\n";
  s += format_balance_table(r.balance);
  s += "\nEffects on the treated\n";
  for (std::size_t i = 0; i < r.effects.size(); ++i) {
    const auto& e = r.effects[i];
    if (e.kind == OutcomeKind::TimeToEvent)
      s += fmt::format("  {}: hazard ratio {:.3f} ({:.3f} to {:.3f}), p = {:.3g}; {}\n", e.outcome,
                       e.hazard_ratio, e.hr_low, e.hr_high, e.p_value, e.se_method);
    else if (e.kind == OutcomeKind::MedianTime || e.kind == OutcomeKind::TimeQuantile)
      s += fmt::format(
          "  {}: {} time treated {:.4g}, comparison {:.4g}, difference {:.4g} (95% {:.4g} to "
          "{:.4g}); {}\n",
          e.outcome, quantile_name(e.time_quantile), e.mean_treated, e.mean_control, e.estimate,
          e.conf_low, e.conf_high, e.se_method);
    else
      s += fmt::format(
          "  {} ({}): treated {:.4g}, comparison {:.4g}, difference {:.4g} (SE {:.4g}, 95% "
          "{:.4g} to {:.4g}), p = {:.3g}; {}\n",
          e.outcome, to_string(e.kind), e.mean_treated, e.mean_control, e.estimate, e.std_error,
          e.conf_low, e.conf_high, e.p_value, e.se_method);
    if (e.kind == OutcomeKind::Binary && th > 0)
      s += fmt::format("    events: treated {}, comparison {}\n", c(r.events_treated[i]),
                       c(r.events_control[i]));
    s += "    " + e.sentence + "\n";
  }
  for (const auto& w : r.warnings) s += "Warning: " + w + "\n";
  return s;
}

}  // namespace harmcast
