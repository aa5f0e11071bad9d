// The value section against the scenarios it values, before anything runs: every crime type a
// valued scenario's interventions target (an empty list means every crime type of the data)
// needs a unit cost, and every price year of their costs a deflator value. Found here, the
// mistake comes with the intervention's key path and line; at run time it would only skip the
// scenario with a note. Cohort targets are checked when the stage values them (their offence
// types come from the cohort's data).
#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "engine/config/config_issue.hpp"
#include "engine/core/error.hpp"
#include "engine/runner/stage_scenario.hpp"
#include "engine/runner/value_config.hpp"

namespace harmcast {

void check_value_against_scenarios(const ExperimentConfig& config, const ValueConfig& value,
                                   const ScenarioStageConfig& s, const Panel& crime) {
  if (!value.present || s.empty()) return;
  std::set<std::string> data_types;
  const auto& keys = crime.key_names();
  const auto type_key = std::find(keys.begin(), keys.end(), "crime_type");
  if (type_key != keys.end())
    for (const auto& series : crime.all_series())
      data_types.insert(series.key[type_key - keys.begin()]);
  const YAML::Node section = scenario_section_with_marks(config);
  ConfigIssues issues;
  for (std::size_t i = 0; i < s.plans.size(); ++i) {
    const auto& plan = s.plans[i];
    if (!value.all_scenarios && std::find(value.scenarios.begin(), value.scenarios.end(),
                                          plan.name) == value.scenarios.end())
      continue;
    for (std::size_t j = 0; j < plan.interventions.size(); ++j) {
      const InterventionConfig& iv = plan.interventions[j];
      auto add = [&](std::vector<ScenarioKeyPart> tail, const std::string& message) {
        std::vector<ScenarioKeyPart> path = {"plans", i, "interventions", j};
        path.insert(path.end(), tail.begin(), tail.end());
        issues.add(scenario_key_path(path), scenario_line(section, path), message);
      };
      if (iv.target.cohort.empty()) {
        const std::vector<std::string> types =
            iv.target.crime_types.empty()
                ? std::vector<std::string>(data_types.begin(), data_types.end())
                : iv.target.crime_types;
        for (const auto& type : types) {
          try {
            value::unit_cost_per_offence(type, value.unit_cost_table, value.mapping);
          } catch (const Error&) {
            add({"target", "crime_types"},
                fmt::format("unit cost missing for crime type \"{}\", which the value section "
                            "values; give it in value.user_unit_costs (£ per offence)",
                            type));
          }
        }
      }
      if (iv.costs.any()) {
        const std::string year = normalise_financial_year(std::to_string(iv.costs.price_year));
        if (year != value.price_year) {
          try {
            value.deflator_series.index(year);
          } catch (const Error& e) {
            add({"costs", "price_year"},
                fmt::format("{} (value.deflator), so these costs cannot be uprated to {}; add "
                            "the year to the deflator file or state the costs in {}",
                            e.problem(), value.price_year, value.price_year));
          }
        }
      }
    }
  }
  issues.throw_if_any(config.source_name);
}

}  // namespace harmcast
