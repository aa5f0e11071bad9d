// The `scenarios` section of an experiment config: declarations (parsing, validation with key
// paths and lines, documentation) and the checks against the loaded data.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>
#include <variant>

#include "engine/config/config_issue.hpp"
#include "engine/core/error.hpp"
#include "engine/runner/stage_scenario.hpp"

namespace harmcast {
namespace scenario {

// Declarations for the model structs, found by argument-dependent lookup.
void declare_options(ConfigReader& r, InterventionTarget& c) {
  r.key("crime_types", "Crime types targeted; empty = all.").text_list(c.crime_types);
  r.key("wards", "Wards targeted; empty = all.").text_list(c.wards);
  r.key("cohort", "A cohort segment (scenarios.cohorts) instead of crime types and wards.")
      .text(c.cohort);
  if (r.parsing() && !c.cohort.empty() && (!c.crime_types.empty() || !c.wards.empty()))
    r.report("cohort", "a target is either a cohort or crime types and wards, not both");
}

void declare_options(ConfigReader& r, EffectDistribution& c) {
  NumberRule above_minus_one;
  above_minus_one.lower = -1;
  above_minus_one.lower_open = true;
  r.key("distribution", "fixed, normal, lognormal, rate_ratio (an evaluation) or difference.")
      .choice(c.kind, effect_kind_words());
  r.key("change", "Relative change in the rate (-0.1 = 10% fewer); difference: in proportion.")
      .number(c.change, above_minus_one);
  r.key("sd", "normal/difference: sd of the change; lognormal: sd of the log multiplier.")
      .number(c.sd, non_negative());
  r.key("rate_ratio", "rate_ratio: the estimated rate ratio.").number(c.rate_ratio, positive());
  r.key("se_log", "rate_ratio: standard error of the log rate ratio.")
      .number(c.se_log, non_negative());
}

void declare_options(ConfigReader& r, CostSchedule& c) {
  r.key("price_year", "Price year of the amounts (2024 = 2024/25); required with costs.")
      .integer(c.price_year, in_range(1900, 2200));
  r.key("one_off", "One-off cost in the start month.").number(c.one_off, non_negative());
  r.key("annual", "Cost per year of running.").number(c.annual, non_negative());
  r.key("per_participant", "Cost per person reached.").number(c.per_participant, non_negative());
  r.key("participants_per_year", "People reached per year.")
      .number(c.participants_per_year, non_negative());
  if (r.parsing() && c.any() && c.price_year == 0)
    r.report("price_year", "costs need the price year they are in (e.g. 2024 for 2024/25)");
  if (r.parsing() && c.per_participant > 0 && c.participants_per_year <= 0)
    r.report("participants_per_year", "a cost per participant needs participants per year");
}

void declare_options(ConfigReader& r, CohortSegment& c) {
  r.key("name", "Segment name, used by targets (cohort: NAME).").required().text(c.name);
  r.key("column", "Cohort column selecting the segment; empty = whole cohort.").text(c.column);
  r.key("values", "Values of that column in the segment.").text_list(c.values);
  r.key("people_per_year", "People entering the segment each year.")
      .required()
      .number(c.people_per_year, positive());
  r.key("reoffended", "0/1 proven-reoffending column.").text(c.reoffended);
  r.key("count", "Number of reoffences column.").text(c.count);
  r.key("offence_type", "Offence type column (the offence mix).").text(c.offence_type);
  if (r.parsing() && !c.column.empty() && c.values.empty())
    r.report("values", "a segment column needs the values that select its rows");
}

}  // namespace scenario

void declare_options(ConfigReader& r, ScenarioBaselineConfig& c) {
  r.key("model", "Forecast model of each modelled total.").choice(c.model, forecast_model_words());
  r.key("group_by", "Totals modelled and shared out to their series by recent shares.")
      .text_list(c.group_by);
  r.key("share_months", "Recorded months behind the shares.").integer(c.share_months, positive());
}

void declare_options(ConfigReader& r, RecordedWindowConfig& c) {
  r.key("from", "First recorded month of the window.").period(c.from, Frequency::Month);
  r.key("to", "Last recorded month of the window.").period(c.to, Frequency::Month);
  r.key("factor", "Threshold = factor x the recorded total.").number(c.factor, positive());
}

void declare_options(ConfigReader& r, ScenarioTargetConfig& c) {
  r.key("name", "Target shown in the report.").required().text(c.name);
  r.key("crime_types", "Crime types summed; empty = all.").text_list(c.series.crime_types);
  r.key("wards", "Wards summed; empty = all.").text_list(c.series.wards);
  r.key("cohort", "A cohort segment instead of crime types and wards.").text(c.series.cohort);
  r.key("from", "First month of the target window.").required().period(c.from, Frequency::Month);
  r.key("to", "Last month of the target window.").required().period(c.to, Frequency::Month);
  r.key("below", "Met when the window total is below this number.").number(c.below, non_negative());
  r.key("below_recorded", "Met when below a recorded window's total (times factor).")
      .section(c.below_recorded);
  if (!r.parsing()) return;
  const bool recorded = c.below_recorded.from.has_value() || c.below_recorded.to.has_value();
  if (std::isnan(c.below) == !recorded)
    r.report("below", "give exactly one threshold: below (a number) or below_recorded");
  if (recorded && !(c.below_recorded.from && c.below_recorded.to))
    r.report("below_recorded", "a recorded window needs both from and to");
  if (c.from && c.to && *c.from > *c.to) r.report("to", "the window ends before it starts");
}

void declare_options(ConfigReader& r, EvaluationEffectSource& c) {
  r.key("from_evaluation",
        "Take the effect (estimate and SE) from this evaluation or area evaluation of the run.")
      .text(c.evaluation);
  r.key("design", "from_evaluation of an area evaluation: its or did.").text(c.design);
  r.key("outcome", "from_evaluation of a service: the outcome (default its first).")
      .text(c.outcome);
  if (!r.parsing()) return;
  if (c.empty() && (!c.design.empty() || !c.outcome.empty()))
    r.report(c.design.empty() ? "outcome" : "design", "only used with from_evaluation");
}

void declare_options(ConfigReader& r, InterventionConfig& c) {
  r.key("name", "Intervention name (optional).").text(c.name);
  r.key("target", "Series acted on.").required().section(c.target);
  r.key("start", "First month with an effect.").required().period(c.start, Frequency::Month);
  r.key("ramp_months", "Months to full effect.").integer(c.ramp_months, non_negative());
  r.key("effect", "Full effect on the rate of those reached (or from_evaluation: NAME).")
      .required()
      .section([&c](ConfigReader& e) {
        declare_options(e, c.effect);
        declare_options(e, c.from);
      });
  r.key("coverage", "Share of the target reached, in (0, 1].").number(c.coverage, [] {
    NumberRule rule = in_range(0, 1);
    rule.lower_open = true;
    return rule;
  }());
  r.key("half_life_months", "Decay after the first year; 0 = lasting.")
      .number(c.half_life_months, non_negative());
  r.key("costs", "Cost schedule.").section(c.costs);
  if (r.parsing() && c.effect.kind == scenario::EffectKind::Difference && c.target.cohort.empty())
    r.report("effect", "a difference in proportions applies to cohort targets only");
}

void declare_options(ConfigReader& r, ScenarioPlanConfig& c) {
  r.key("name", "Scenario name.").required().text(c.name);
  r.key("interventions", "What the scenario does.").required().section_list(c.interventions);
}

void declare_options(ConfigReader& r, ScenarioStageConfig& c) {
  r.key("horizon", "Months simulated after the last recorded month.")
      .integer(c.horizon, in_range(1, 240));
  r.key("origin", "Simulate as if the data ended in this month (default: the data's end).")
      .period(c.origin, Frequency::Month);
  r.key("paths", "Sample paths.").integer(c.paths, in_range(2, 1000000));
  r.key("noise", "Counts given the rate: poisson or none.")
      .choice(c.noise, scenario::count_noise_words());
  r.key("baseline", "Baseline models.").section(c.baseline);
  r.key("cohorts", "Offender-cohort segments.").section_list(c.cohorts);
  r.key("targets", "Targets whose chance of being met is reported.").section_list(c.targets);
  r.key("plans", "Scenarios: each a set of interventions.").required().section_list(c.plans);
  if (!r.parsing()) return;
  std::set<std::string> names;
  for (std::size_t i = 0; i < c.plans.size(); ++i)
    if (!names.insert(c.plans[i].name).second)
      r.report(fmt::format("plans[{}].name", i),
               "two scenarios are called \"" + c.plans[i].name + "\"; names must differ");
}

bool ScenarioStageConfig::fed_by_evaluations() const {
  for (const auto& plan : plans)
    for (const auto& i : plan.interventions)
      if (!i.from.empty()) return true;
  return false;
}

Period ScenarioStageConfig::first_simulated(const Panel& crime) const {
  return (origin ? *origin : crime.last_period()) + 1;
}

// The scenarios section as written (with marks), for lines of data-dependent problems.
YAML::Node scenario_section_with_marks(const ExperimentConfig& config) {
  if (!config.source_text.empty()) {
    const YAML::Node root = YAML::Load(config.source_text);
    if (root.IsMap() && root["scenarios"]) return root["scenarios"];
  }
  return config.scenarios.node;
}

// The 1-based line of the node at `path`, or of the deepest part of it that exists.
int scenario_line(const YAML::Node& section, const std::vector<ScenarioKeyPart>& path) {
  YAML::Node node;
  node.reset(section);  // refer, not assign: assigning a yaml-cpp node writes through
  int line = node.Mark().line + 1;
  for (const auto& part : path) {
    YAML::Node next;
    if (const auto* key = std::get_if<std::string>(&part)) {
      if (!node.IsMap() || !node[*key]) break;
      next = node[*key];
    } else {
      const std::size_t i = std::get<std::size_t>(part);
      if (!node.IsSequence() || i >= node.size()) break;
      next = node[i];
    }
    node.reset(next);
    if (node.Mark().line >= 0) line = node.Mark().line + 1;
  }
  return line;
}

std::string scenario_key_path(const std::vector<ScenarioKeyPart>& path) {
  std::string out = "scenarios";
  for (const auto& part : path) {
    if (const auto* key = std::get_if<std::string>(&part)) {
      out += "." + *key;
    } else {
      out += fmt::format("[{}]", std::get<std::size_t>(part));
    }
  }
  return out;
}

ScenarioStageConfig parse_scenarios(const ExperimentConfig& config) {
  ScenarioStageConfig stage;
  if (!config.scenarios.present()) return stage;
  YAML::Node wrapper(YAML::NodeType::Map);
  wrapper["scenarios"] = scenario_section_with_marks(config);
  ConfigIssues issues;
  ConfigReader reader = ConfigReader::parsing(wrapper, issues);
  reader.key("scenarios", "What-if scenarios.").section(stage);
  reader.finish();
  issues.throw_if_any(config.source_name);
  return stage;
}

void check_scenarios_against_data(const ExperimentConfig& config, const ScenarioStageConfig& s,
                                  const Panel& crime, const Table* cohort) {
  if (s.empty()) return;
  const YAML::Node section = scenario_section_with_marks(config);
  ConfigIssues issues;
  auto add = [&](const std::vector<ScenarioKeyPart>& path, const std::string& message) {
    issues.add(scenario_key_path(path), scenario_line(section, path), message);
  };
  const Period first = s.first_simulated(crime);
  const Period last = first + (s.horizon - 1);
  const Period data_end = first - 1;  // the last month the baselines see
  if (s.origin && (*s.origin < crime.first_period() + 23 || *s.origin > crime.last_period()))
    add({"origin"},
        fmt::format("the origin must lie inside the data with two years before it, {} "
                    "to {}",
                    (crime.first_period() + 23).to_string(), crime.last_period().to_string()));
  for (const auto& key : s.baseline.group_by) {
    const auto& names = crime.key_names();
    if (std::find(names.begin(), names.end(), key) == names.end())
      add({"baseline", "group_by"}, "\"" + key + "\" is not a key of the crime data (" +
                                        fmt::format("{}", fmt::join(names, ", ")) + ")" +
                                        did_you_mean(key, names));
  }
  std::vector<scenario::SeriesLabels> series;
  try {
    series = scenario_series_labels(crime, s, cohort);
  } catch (const Error& e) {
    add({"cohorts"}, e.what());
  }
  auto check_selection = [&](const scenario::InterventionTarget& t,
                             std::vector<ScenarioKeyPart> path) {
    for (const auto& [field, message] : scenario::selection_problems(t, series)) {
      auto where = path;
      if (!field.empty()) where.push_back(field);
      add(where, message);
    }
  };
  for (std::size_t i = 0; i < s.plans.size(); ++i) {
    for (std::size_t j = 0; j < s.plans[i].interventions.size(); ++j) {
      const InterventionConfig& iv = s.plans[i].interventions[j];
      const std::vector<ScenarioKeyPart> at = {"plans", i, "interventions", j};
      auto with = [&](std::vector<ScenarioKeyPart> tail) {
        auto p = at;
        p.insert(p.end(), tail.begin(), tail.end());
        return p;
      };
      check_selection(iv.target, with({"target"}));
      if (iv.start && *iv.start < first)
        add(with({"start"}),
            fmt::format("starts in {}, before the data end (last {} month {}); a "
                        "scenario changes the future only: start in {} or later",
                        iv.start->to_string(), s.origin ? "simulated-from" : "recorded",
                        data_end.to_string(), first.to_string()));
      if (iv.start && *iv.start > last)
        add(with({"start"}), fmt::format("starts in {}, after the {}-month horizon ends ({})",
                                         iv.start->to_string(), s.horizon, last.to_string()));
    }
  }
  for (std::size_t k = 0; k < s.targets.size(); ++k) {
    const ScenarioTargetConfig& t = s.targets[k];
    check_selection(t.series, {"targets", k});
    if ((t.from && *t.from < first) || (t.to && *t.to > last))
      add({"targets", k, "from"},
          fmt::format("the target window must lie inside the simulated horizon, {} to {}",
                      first.to_string(), last.to_string()));
    const auto& w = t.below_recorded;
    if (w.from && w.to && (*w.from < crime.first_period() || *w.to > data_end))
      add({"targets", k, "below_recorded"},
          fmt::format("the recorded window must lie inside the data, {} to {}",
                      crime.first_period().to_string(), data_end.to_string()));
    if (w.from && !t.series.cohort.empty())
      add({"targets", k, "below_recorded"}, "a cohort target needs a number (below)");
  }
  issues.throw_if_any(config.source_name);
}

}  // namespace harmcast
