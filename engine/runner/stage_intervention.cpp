#include "engine/runner/stage_intervention.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>

#include "engine/config/config_issue.hpp"
#include "engine/core/error.hpp"
#include "engine/runner/stage_config.hpp"
#include "models/timeseries/intervention_analysis.hpp"

namespace harmcast {
namespace ts = timeseries;

void declare_options(ConfigReader& r, InterventionCovariateConfig& c) {
  r.key("column", "Numeric column of the crime data file.").required().text(c.column);
  r.key("transform", "none or log.").choice(c.transform, ts::series_transform_words());
}

void declare_options(ConfigReader& r, InterventionAnalysisConfig& c) {
  r.key("name", "Analysis name shown in the report.").required().text(c.name);
  r.key("group_by", "Id columns kept, the others summed over; default: every id column.")
      .text_list(c.group_by);
  r.key("series", "Id values of the series, in id-column order; empty: all series summed.")
      .text_list(c.series);
  r.key("start", "First period affected by the intervention.").required().period(c.start);
  r.key("shape", "step, ramp or pulse.").choice(c.shape, ts::intervention_shape_words());
  r.key("transform", "none or log (of the series).")
      .choice(c.transform, ts::series_transform_words());
  r.key("order", "ARIMA (p, d, q) of the errors; empty: chosen as auto.arima does.")
      .integer_list(c.order, in_range(0, 5));
  r.key("seasonal_order", "Seasonal (P, D, Q), used with order.")
      .integer_list(c.seasonal_order, in_range(0, 2));
  r.key("covariates", "Extra regressors from columns of the crime data.")
      .section_list(c.covariates);
  r.key("level", "Confidence level of the effect's interval.").number(c.level, open_range(0, 1));
  if (r.parsing()) {
    if (!c.order.empty() && c.order.size() != 3) {
      r.report("order", fmt::format("expected three integers [p, d, q], got {}", c.order.size()));
    }
    if (!c.seasonal_order.empty() && c.seasonal_order.size() != 3) {
      r.report("seasonal_order",
               fmt::format("expected three integers [P, D, Q], got {}", c.seasonal_order.size()));
    }
    if (!c.seasonal_order.empty() && c.order.empty()) {
      r.report("seasonal_order", "given without order; give both, or neither for auto.arima");
    }
  }
}

namespace {

constexpr const char* kSection = "intervention_analysis";

YAML::Node section_node(const ExperimentConfig& config) {
  return section_as_written(config, kSection, config.intervention_analysis);
}

// 1-based line of `key` in entry `index` of the section, or 0 when unknown.
int entry_line(const YAML::Node& section, std::size_t index, const std::string& key) {
  if (!section.IsSequence() || index >= section.size()) return 0;
  const YAML::Node entry = section[index];
  const YAML::Node value = entry.IsMap() && entry[key] ? entry[key] : entry;
  return value.Mark().line >= 0 ? value.Mark().line + 1 : 0;
}

// The panel an analysis picks its series from: the crime panel summed over the id columns not
// in group_by (none when group_by is empty). Unknown columns are reported in `problem`.
std::optional<Panel> grouped_panel(const Panel& panel, const InterventionAnalysisConfig& a,
                                   std::string& problem) {
  if (a.series.empty()) return panel.size() == 1 ? panel : panel.sum_over(panel.key_names());
  if (a.group_by.empty()) return panel;
  std::vector<std::string> summed;
  for (const auto& key : panel.key_names()) {
    if (std::find(a.group_by.begin(), a.group_by.end(), key) == a.group_by.end()) {
      summed.push_back(key);
    }
  }
  for (const auto& key : a.group_by) {
    if (std::find(panel.key_names().begin(), panel.key_names().end(), key) ==
        panel.key_names().end()) {
      problem = fmt::format("group_by names \"{}\", which is not an id column of the crime data{}",
                            key, did_you_mean(key, panel.key_names()));
      return std::nullopt;
    }
  }
  return summed.empty() ? panel : panel.sum_over(summed);
}

// The series an analysis names, or nullopt with the reason in `problem`.
std::optional<PanelSeries> find_series(const Panel& crime, const InterventionAnalysisConfig& a,
                                       std::string& problem) {
  const std::optional<Panel> panel = grouped_panel(crime, a, problem);
  if (!panel) return std::nullopt;
  if (a.series.empty()) return panel->series(0);
  if (a.series.size() != panel->key_names().size()) {
    problem = fmt::format("expected {} id value(s) ({}), got {}", panel->key_names().size(),
                          fmt::join(panel->key_names(), ", "), a.series.size());
    return std::nullopt;
  }
  if (const auto index = panel->find(a.series)) return panel->series(*index);
  std::vector<std::string> ids;
  for (const auto& s : panel->all_series()) ids.push_back(s.id);
  problem = fmt::format("no series \"{}\" in the crime data{}", fmt::join(a.series, " | "),
                        did_you_mean(fmt::format("{}", fmt::join(a.series, " | ")), ids));
  return std::nullopt;
}

// The covariate's values on the series' periods, from the crime data's rows of that series.
std::vector<double> covariate_values(const ExperimentData& data, const ExperimentConfig& config,
                                     const PanelSeries& series, const std::string& column) {
  PanelOptions options;
  options.frequency = data.crime.frequency();
  const Panel panel = Panel::from_table(data.crime_table, config.data.crime.id_columns,
                                        config.data.crime.time_column, column, options);
  const std::optional<std::size_t> index =
      panel.size() == 1 ? std::optional<std::size_t>(0) : panel.find(series.key);
  std::vector<double> values(series.size(), NAN);
  if (!index) return values;
  const PanelSeries& c = panel.series(*index);
  for (std::size_t t = 0; t < series.size(); ++t) {
    const std::int64_t offset = series.period_at(t) - c.start;
    if (offset >= 0 && offset < static_cast<std::int64_t>(c.size())) values[t] = c.values[offset];
  }
  return values;
}

ts::SeriesTransform transform_of(const std::string& word) {
  return word == "log" ? ts::SeriesTransform::kLog : ts::SeriesTransform::kNone;
}

ts::InterventionShape shape_of(const std::string& word) {
  const auto& words = ts::intervention_shape_words();
  for (std::size_t i = 0; i < words.size(); ++i)
    if (words[i] == word) return static_cast<ts::InterventionShape>(i);
  return ts::InterventionShape::kStep;
}

// "fell by 21.8% (95% interval 14.1% to 28.8%)" for a log-scale step; level terms otherwise.
std::string effect_sentence(const InterventionAnalysisConfig& a, const std::string& what,
                            const ts::InterventionResult& r) {
  const int level = static_cast<int>(std::lround(100 * a.level));
  if (a.transform == "log" && a.shape == "step") {
    const bool fell = r.percent_change < 0;
    return fmt::format(
        "From {}, {} was {:.1f}% {} than the model expects without \"{}\" ({}% interval: {:.1f}% "
        "{} to {:.1f}% {}).",
        a.start->to_string(), what, std::abs(r.percent_change), fell ? "lower" : "higher", a.name,
        level, std::abs(fell ? r.percent_high : r.percent_low),
        (fell ? r.percent_high : r.percent_low) < 0 ? "lower" : "higher",
        std::abs(fell ? r.percent_low : r.percent_high),
        (fell ? r.percent_low : r.percent_high) < 0 ? "lower" : "higher");
  }
  return fmt::format(
      "From {}, the {} effect of \"{}\" on {} is {:.4g} ({}% interval {:.4g} to {:.4g}) "
      "on the {} scale.",
      a.start->to_string(), a.shape, a.name, what, r.estimate, level, r.conf_low, r.conf_high,
      a.transform == "log" ? "log" : "original");
}

}  // namespace

std::vector<InterventionAnalysisConfig> parse_intervention_analyses(
    const ExperimentConfig& config) {
  return parse_stage_list<InterventionAnalysisConfig>(config, config.intervention_analysis,
                                                      kSection, "Intervention analyses.");
}

void check_intervention_analyses(const std::vector<InterventionAnalysisConfig>& analyses,
                                 const ExperimentData& data, const ExperimentConfig& config) {
  if (analyses.empty()) return;
  const YAML::Node section = section_node(config);
  ConfigIssues issues;
  if (data.crime.empty()) {
    issues.add(kSection, entry_line(section, 0, "name"),
               "no crime data to analyse; give data.crime.path");
    issues.throw_if_any(config.source_name);
  }
  for (std::size_t i = 0; i < analyses.size(); ++i) {
    const auto& a = analyses[i];
    const std::string path = fmt::format("{}[{}]", kSection, i);
    std::string problem;
    const std::optional<PanelSeries> series = find_series(data.crime, a, problem);
    if (!series) {
      issues.add(path + ".series", entry_line(section, i, "series"), problem);
      continue;
    }
    if (a.start->frequency() != data.crime.frequency() || a.start <= series->start ||
        a.start > series->end()) {
      issues.add(
          path + ".start", entry_line(section, i, "start"),
          fmt::format("expected a period after {} and no later than {}, got {}",
                      series->start.to_string(), series->end().to_string(), a.start->to_string()));
    }
    for (std::size_t c = 0; c < a.covariates.size(); ++c) {
      const std::string& column = a.covariates[c].column;
      const std::string key = fmt::format("{}.covariates[{}].column", path, c);
      const int line = entry_line(section, i, "covariates");
      if (!data.crime_table.has_column(column)) {
        issues.add(key, line,
                   fmt::format("no column \"{}\" in the crime data{}", column,
                               did_you_mean(column, data.crime_table.column_names())));
      } else if (!data.crime_table.column(column).is_numeric()) {
        issues.add(key, line, fmt::format("column \"{}\" is not numeric", column));
      } else if ((a.series.empty() && data.crime.size() > 1) ||
                 (!a.group_by.empty() && a.group_by.size() < data.crime.key_names().size())) {
        issues.add(key, line,
                   "covariates need one series of the data as read; name it under "
                   "series, without summing over id columns");
      }
    }
  }
  issues.throw_if_any(config.source_name);
}

void run_intervention_stage(const ExperimentData& data,
                            const std::vector<InterventionAnalysisConfig>& analyses,
                            const ExperimentConfig& config, RunResults& results) {
  std::vector<std::string> e_name, e_series, e_model, e_shape, e_status, e_sentence;
  std::vector<double> e_est, e_se, e_low, e_high, e_p, e_pct, e_pct_low, e_pct_high, e_aicc;
  std::vector<std::string> c_name, c_term;
  std::vector<double> c_est, c_se;
  std::vector<std::string> s_name, s_period;
  std::vector<double> s_observed, s_fitted, s_counterfactual;
  for (const auto& a : analyses) {
    try {
      std::string problem;
      const std::optional<PanelSeries> series = find_series(data.crime, a, problem);
      if (!series) throw Error(kSection, problem, "");
      ts::Series input;
      input.id = series->id;
      input.values = series->values;
      input.period = periods_per_year(data.crime.frequency());
      std::vector<ts::Covariate> covariates;
      for (const auto& c : a.covariates) {
        covariates.push_back({c.column, covariate_values(data, config, *series, c.column),
                              transform_of(c.transform)});
      }
      ts::InterventionOptions options;
      options.start = static_cast<int>(*a.start - series->start);
      options.shape = shape_of(a.shape);
      options.transform = transform_of(a.transform);
      options.level = a.level;
      options.name = a.shape;
      if (!a.order.empty()) {
        ts::ArimaOrder order{a.order[0], a.order[1], a.order[2]};
        if (!a.seasonal_order.empty()) {
          order.P = a.seasonal_order[0];
          order.D = a.seasonal_order[1];
          order.Q = a.seasonal_order[2];
        }
        options.order = order;
      }
      const ts::InterventionResult r = ts::analyse_intervention(input, covariates, options);
      if (!r.summary.usable()) {
        results.add_note({"intervention", a.name, "the fit failed: " + r.summary.brief()});
        continue;
      }
      if (r.summary.status != FitStatus::kConverged) {
        results.add_note(
            {"intervention", a.name, "the fit did not converge: " + r.summary.brief()});
      }
      e_name.push_back(a.name);
      // A panel without id columns calls its one series "all": name it by its value instead.
      const std::string label = series->id == "all" ? data.crime.value_name() : series->id;
      e_series.push_back(label);
      e_model.push_back(r.model);
      e_shape.push_back(a.shape);
      e_status.push_back(to_string(r.summary.status));
      e_est.push_back(r.estimate);
      e_se.push_back(r.std_error);
      e_low.push_back(r.conf_low);
      e_high.push_back(r.conf_high);
      e_p.push_back(r.p_value);
      e_pct.push_back(r.percent_change);
      e_pct_low.push_back(r.percent_low);
      e_pct_high.push_back(r.percent_high);
      e_aicc.push_back(r.aicc);
      std::string readable = label;  // "violence_without_injury" reads as words in a sentence
      std::replace(readable.begin(), readable.end(), '_', ' ');
      e_sentence.push_back(effect_sentence(a, readable, r));
      for (const auto& c : r.coefficients) {
        c_name.push_back(a.name);
        c_term.push_back(c.name);
        c_est.push_back(c.estimate);
        c_se.push_back(c.fixed ? NAN : c.std_error);
      }
      for (std::size_t t = 0; t < series->size(); ++t) {
        s_name.push_back(a.name);
        s_period.push_back(series->period_at(t).to_string());
        s_observed.push_back(series->values[t]);
        s_fitted.push_back(r.fitted[t]);
        s_counterfactual.push_back(r.counterfactual[t]);
      }
    } catch (const Error& error) {
      results.add_note({"intervention", a.name, error.what()});
    }
  }
  Table effects;
  effects.add_column(Column::categorical_from_strings("analysis", e_name));
  effects.add_column(Column::categorical_from_strings("series", e_series));
  effects.add_column(Column::categorical_from_strings("model", e_model));
  effects.add_column(Column::categorical_from_strings("shape", e_shape));
  effects.add_column(Column::categorical_from_strings("status", e_status));
  effects.add_column(result_floats("estimate", e_est));
  effects.add_column(result_floats("std_error", e_se));
  effects.add_column(result_floats("conf_low", e_low));
  effects.add_column(result_floats("conf_high", e_high));
  effects.add_column(result_floats("p_value", e_p));
  effects.add_column(result_floats("percent_change", e_pct));
  effects.add_column(result_floats("percent_low", e_pct_low));
  effects.add_column(result_floats("percent_high", e_pct_high));
  effects.add_column(result_floats("aicc", e_aicc));
  effects.add_column(Column::categorical_from_strings("sentence", e_sentence));
  Table coefficients;
  coefficients.add_column(Column::categorical_from_strings("analysis", c_name));
  coefficients.add_column(Column::categorical_from_strings("term", c_term));
  coefficients.add_column(result_floats("estimate", c_est));
  coefficients.add_column(result_floats("std_error", c_se));
  Table paths;
  paths.add_column(Column::categorical_from_strings("analysis", s_name));
  paths.add_column(Column::categorical_from_strings("period", s_period));
  paths.add_column(result_floats("observed", s_observed));
  paths.add_column(result_floats("fitted", s_fitted));
  paths.add_column(result_floats("counterfactual", s_counterfactual));
  results.add_table("/intervention/effects", std::move(effects));
  results.add_table("/intervention/coefficients", std::move(coefficients));
  results.add_table("/intervention/series", std::move(paths));
}

}  // namespace harmcast
