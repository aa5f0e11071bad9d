#include "engine/runner/stage_area.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

#include "engine/config/config_issue.hpp"
#include "engine/core/error.hpp"
#include "engine/runner/area_designs.hpp"
#include "engine/runner/stage_config.hpp"

namespace harmcast {

void declare_options(ConfigReader& r, AreaEvaluationConfig& c) {
  r.key("name", "Name shown in the report.").required().text(c.name);
  r.key("treated", "Ids of the areas that received the intervention.")
      .required()
      .text_list(c.treated);
  r.key("start", "First month under the intervention (YYYY-MM).")
      .required()
      .period(c.start, Frequency::Month);
  r.key("crime_types", "Crime types summed into the outcome; empty = all crime.")
      .text_list(c.crime_types);
  r.key("designs", "Designs to run: its, did, synth.").text_list(c.designs);
  r.key("unit", "Panel key that identifies the areas.").text(c.unit);
  r.key("crime_type_key", "Panel key that holds the crime type.").text(c.crime_type_key);
  r.key("slope_change", "ITS: also estimate a change of trend.").boolean(c.slope_change);
  r.key("permutations", "DiD randomization-inference assignments; 0 = off.")
      .integer(c.permutations, non_negative());
  if (r.parsing()) {
    for (const auto& d : c.designs)
      if (std::find(area_design_words().begin(), area_design_words().end(), d) ==
          area_design_words().end())
        r.report("designs", fmt::format("unknown design \"{}\"; expected its, did or synth", d));
    if (r.parsing() && c.designs.empty()) r.report("designs", "expected at least one design");
  }
}

std::vector<AreaEvaluationConfig> parse_area_evaluations(const ExperimentConfig& config) {
  return parse_stage_list<AreaEvaluationConfig>(config, config.area_evaluations, "area_evaluations",
                                                "Area designs.");
}

namespace {

// The outcome panel of one evaluation: the chosen crime types summed, one series per area.
causal::UnitPanel area_panel(const Panel& crime, const AreaEvaluationConfig& e) {
  const auto& keys = crime.key_names();
  const std::string where = "area_evaluations: " + e.name;
  if (std::find(keys.begin(), keys.end(), e.unit) == keys.end())
    throw Error(where, fmt::format("the crime data have no key '{}'", e.unit),
                fmt::format("set unit to one of: {}", fmt::join(keys, ", ")));
  Panel selected = crime;
  if (!e.crime_types.empty()) {
    const auto type_key = std::find(keys.begin(), keys.end(), e.crime_type_key);
    if (type_key == keys.end())
      throw Error(where, fmt::format("the crime data have no key '{}'", e.crime_type_key),
                  "set crime_type_key, or leave crime_types empty for all crime");
    const auto column = static_cast<std::size_t>(type_key - keys.begin());
    selected = crime.select([&](const PanelSeries& s) {
      return std::find(e.crime_types.begin(), e.crime_types.end(), s.key.at(column)) !=
             e.crime_types.end();
    });
    if (selected.empty())
      throw Error(where, fmt::format("no crime of type {}", fmt::join(e.crime_types, ", ")),
                  "check crime_types against the crime_type column");
  }
  std::vector<std::string> others;
  for (const auto& k : keys)
    if (k != e.unit) others.push_back(k);
  if (!others.empty()) selected = selected.sum_over(others);
  return causal::unit_panel_from(selected, e.unit);
}

}  // namespace

void run_area_stage(const Panel& crime, const std::vector<AreaEvaluationConfig>& evaluations,
                    std::uint64_t seed, RunResults& results) {
  std::vector<std::string> f_name, f_design, f_outcome, f_treated, f_start, f_method, f_sentence;
  std::vector<double> f_ratio, f_low, f_high, f_p, f_perm_p, f_se;
  std::vector<std::int64_t> f_pre, f_post;
  std::vector<std::string> s_name, s_design, s_period;
  std::vector<double> s_observed, s_counterfactual;
  for (const auto& e : evaluations) {
    try {
      const causal::UnitPanel panel = area_panel(crime, e);
      AreaDesignOptions options;
      options.treated = e.treated;
      options.start = *e.start;
      options.designs.clear();
      for (const auto& d : e.designs) options.designs.push_back(parse_area_design(d));
      options.slope_change = e.slope_change;
      options.permutations = e.permutations;
      options.seed = seed;
      const std::string outcome = e.crime_types.empty()
                                      ? std::string("all crime")
                                      : fmt::format("{}", fmt::join(e.crime_types, " + "));
      std::string label = outcome;  // "violence with injury" reads better in a sentence
      std::replace(label.begin(), label.end(), '_', ' ');
      for (const AreaDesignResult& r : run_area_designs(panel, options, label)) {
        for (const auto& w : r.warnings)
          results.add_note({"area", e.name + " / " + to_string(r.design), w});
        if (r.status == FitStatus::kFailed) {
          results.add_note({"area", e.name + " / " + to_string(r.design), r.message});
          continue;
        }
        f_name.push_back(e.name);
        f_design.push_back(to_string(r.design));
        f_outcome.push_back(outcome);
        f_treated.push_back(fmt::format("{}", fmt::join(e.treated, ", ")));
        f_start.push_back(e.start->to_string());
        f_ratio.push_back(r.effect.estimate);
        f_se.push_back(r.effect.std_error);  // of the log ratio; NaN when the interval is not Wald
        f_low.push_back(r.effect.conf_low);
        f_high.push_back(r.effect.conf_high);
        f_p.push_back(r.effect.p_value);
        f_perm_p.push_back(r.permutation_p_value);
        f_pre.push_back(r.pre_periods);
        f_post.push_back(r.post_periods);
        f_method.push_back(r.method);
        f_sentence.push_back(r.sentence);
        for (std::size_t t = 0; t < r.periods.size(); ++t) {
          s_name.push_back(e.name);
          s_design.push_back(to_string(r.design));
          s_period.push_back(r.periods[t]);
          s_observed.push_back(r.observed.at(t));
          s_counterfactual.push_back(r.counterfactual.at(t));
        }
      }
    } catch (const Error& error) {
      results.add_note({"area", e.name, error.what()});
    }
  }
  Table effects;
  effects.add_column(Column::categorical_from_strings("evaluation", f_name));
  effects.add_column(Column::categorical_from_strings("design", f_design));
  effects.add_column(Column::categorical_from_strings("outcome", f_outcome));
  effects.add_column(Column::categorical_from_strings("treated", f_treated));
  effects.add_column(Column::categorical_from_strings("start", f_start));
  effects.add_column(result_floats("rate_ratio", f_ratio));
  effects.add_column(result_floats("conf_low", f_low));
  effects.add_column(result_floats("conf_high", f_high));
  effects.add_column(result_floats("p_value", f_p));
  effects.add_column(result_floats("std_error_log", f_se));
  effects.add_column(result_floats("permutation_p_value", f_perm_p));
  effects.add_column(Column::integers("pre_periods", f_pre));
  effects.add_column(Column::integers("post_periods", f_post));
  effects.add_column(Column::categorical_from_strings("method", f_method));
  effects.add_column(Column::categorical_from_strings("sentence", f_sentence));
  Table series;
  series.add_column(Column::categorical_from_strings("evaluation", s_name));
  series.add_column(Column::categorical_from_strings("design", s_design));
  series.add_column(Column::categorical_from_strings("period", s_period));
  series.add_column(result_floats("observed", s_observed));
  series.add_column(result_floats("counterfactual", s_counterfactual));
  results.add_table("/area/effects", std::move(effects));
  results.add_table("/area/series", std::move(series));
}

}  // namespace harmcast
