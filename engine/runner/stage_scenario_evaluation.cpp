// Effects of scenario interventions read from evaluations of the same run
// (`effect: {from_evaluation: NAME}`), instead of typed-in numbers:
//   an area design (area_evaluations:, design its or did): the rate ratio and the SE of its log,
//     drawn as log m ~ N(log rate ratio, SE^2) (EffectKind::RateRatio);
//   a service evaluation (evaluations:), for cohort targets: a 0/1 outcome's difference in the
//     proportion reoffending d with its SE (EffectKind::Difference), or a count outcome's
//     difference in means d relative to the matched comparison mean c, m = 1 + N(d/c, (SE/c)^2)
//     (EffectKind::Normal), as the value stage values a service.
// The synthetic control is refused: its interval comes from placebo areas, with no standard
// error. Time-to-event outcomes are refused: a hazard ratio is not a change in a rate of
// reoffending within a fixed period.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <optional>

#include "engine/config/config_issue.hpp"
#include "engine/core/error.hpp"
#include "engine/runner/stage_scenario.hpp"

namespace harmcast {
namespace {

bool contains(const std::vector<std::string>& words, const std::string& word) {
  return std::find(words.begin(), words.end(), word) != words.end();
}

std::string in_quotes(const std::string& s) { return "\"" + s + "\""; }

const EvaluationConfig* find_service(const std::vector<EvaluationConfig>& e,
                                     const std::string& name) {
  const auto it = std::find_if(e.begin(), e.end(), [&](const auto& x) { return x.name == name; });
  return it == e.end() ? nullptr : &*it;
}

const AreaEvaluationConfig* find_area(const std::vector<AreaEvaluationConfig>& a,
                                      const std::string& name) {
  const auto it = std::find_if(a.begin(), a.end(), [&](const auto& x) { return x.name == name; });
  return it == a.end() ? nullptr : &*it;
}

// The design or outcome an intervention reads (defaults filled in); "" when it cannot be told.
std::string chosen_result(const EvaluationEffectSource& from, const EvaluationConfig* service,
                          const AreaEvaluationConfig* area) {
  if (area)
    return !from.design.empty()        ? from.design
           : area->designs.size() == 1 ? area->designs.front()
                                       : std::string();
  if (service) return !from.outcome.empty() ? from.outcome : service->outcomes.front();
  return "";
}

std::string where_of(std::size_t plan, std::size_t j) {
  return fmt::format("scenarios.plans[{}].interventions[{}].effect.from_evaluation", plan, j);
}

}  // namespace

void check_scenario_effect_sources(const ExperimentConfig& config, ScenarioStageConfig& s,
                                   const std::vector<EvaluationConfig>& evaluations,
                                   const std::vector<AreaEvaluationConfig>& areas) {
  if (!s.fed_by_evaluations()) return;
  const YAML::Node section = scenario_section_with_marks(config);
  std::vector<std::string> names;
  for (const auto& e : evaluations) names.push_back(e.name);
  for (const auto& a : areas) names.push_back(a.name);
  ConfigIssues issues;
  for (std::size_t i = 0; i < s.plans.size(); ++i) {
    for (std::size_t j = 0; j < s.plans[i].interventions.size(); ++j) {
      InterventionConfig& iv = s.plans[i].interventions[j];
      EvaluationEffectSource& from = iv.from;
      if (from.empty()) continue;
      auto add = [&](const std::string& key, const std::string& message) {
        std::vector<ScenarioKeyPart> path = {"plans", i, "interventions", j};
        if (key == "target") {
          path.push_back(key);
        } else {
          path.push_back("effect");
          path.push_back(key);
        }
        issues.add(scenario_key_path(path), scenario_line(section, path), message);
      };
      const scenario::EffectDistribution untouched;
      if (iv.effect.kind != untouched.kind || iv.effect.change != untouched.change ||
          iv.effect.sd != untouched.sd || iv.effect.rate_ratio != untouched.rate_ratio ||
          iv.effect.se_log != untouched.se_log) {
        std::vector<ScenarioKeyPart> path = {"plans", i, "interventions", j, "effect"};
        issues.add(scenario_key_path(path), scenario_line(section, path),
                   "give either from_evaluation or a distribution with its numbers, not both");
      }
      const EvaluationConfig* service = find_service(evaluations, from.evaluation);
      const AreaEvaluationConfig* area = find_area(areas, from.evaluation);
      const std::string result = chosen_result(from, service, area);
      if (!service && !area) {
        add("from_evaluation",
            "no evaluation named " + in_quotes(from.evaluation) +
                " under evaluations: or area_evaluations:" + did_you_mean(from.evaluation, names));
      } else if (service && area) {
        add("from_evaluation", "both a service evaluation and an area evaluation are called " +
                                   in_quotes(from.evaluation) + "; rename one");
      } else if (area) {
        if (!from.outcome.empty())
          add("outcome", "an area evaluation has one outcome (its crime types): leave outcome out");
        if (from.design.empty() && result.empty()) {
          add("from_evaluation",
              fmt::format("area evaluation {} runs {}: say which with design: its or did",
                          in_quotes(area->name), fmt::join(area->designs, ", ")));
        } else if (!contains(area->designs, result)) {
          add("design",
              fmt::format("area evaluation {} does not run design {} (it runs {}){}",
                          in_quotes(area->name), in_quotes(result), fmt::join(area->designs, ", "),
                          did_you_mean(result, area->designs)));
        } else if (result == "synth") {
          add("design",
              "the synthetic control's interval comes from placebo areas and has no standard "
              "error; use its or did");
        }
        from.design = result;
      } else {
        if (!from.design.empty())
          add("design", "a service evaluation has no designs: leave design out");
        if (!contains(service->outcomes, result)) {
          add("outcome", fmt::format("evaluation {} does not measure outcome {} (it measures {}){}",
                                     in_quotes(service->name), in_quotes(result),
                                     fmt::join(service->outcomes, ", "),
                                     did_you_mean(result, service->outcomes)));
        } else if (result.find(':') != std::string::npos) {
          add("outcome", in_quotes(result) +
                             " is a time to event (a hazard ratio), not a change in the rate of "
                             "reoffending: use a 0/1 or count outcome");
        }
        from.outcome = result;
        if (iv.target.cohort.empty())
          add("target",
              "a service evaluation's effect is on its participants' reoffending: target a "
              "cohort segment (target: {cohort: NAME})");
      }
    }
  }
  issues.throw_if_any(config.source_name);
}

ScenarioStageConfig with_evaluated_effects(const ScenarioStageConfig& s, RunResults& results) {
  ScenarioStageConfig out = s;
  if (!s.fed_by_evaluations()) return out;
  std::vector<std::string> c_scenario, c_intervention, c_evaluation, c_result, c_scale, c_effect;
  std::vector<double> c_estimate, c_se;
  for (std::size_t i = 0; i < out.plans.size(); ++i) {
    for (std::size_t j = 0; j < out.plans[i].interventions.size(); ++j) {
      InterventionConfig& iv = out.plans[i].interventions[j];
      if (iv.from.empty()) continue;
      const std::string& name = iv.from.evaluation;
      // The row of the area design or service outcome (check_scenario_effect_sources filled in
      // which); absent when that evaluation failed.
      const bool from_area = !iv.from.design.empty();
      const Table* table = results.find_table(from_area ? "/area/effects" : "/evaluation/effects");
      std::optional<std::size_t> found;
      for (std::size_t r = 0; table != nullptr && r < table->rows(); ++r)
        if (table->column(from_area ? "evaluation" : "service").text(r) == name &&
            table->column(from_area ? "design" : "outcome").text(r) ==
                (from_area ? iv.from.design : iv.from.outcome))
          found = r;
      if (!found)
        throw Error(where_of(i, j),
                    fmt::format("evaluation {} gave no {} estimate in this run", in_quotes(name),
                                from_area ? iv.from.design : iv.from.outcome),
                    "Its run note says why; fix that evaluation or type the effect in.");
      const Table& t = *table;
      const std::size_t row = *found;
      const double estimate = t.column(from_area ? "rate_ratio" : "estimate").numeric(row);
      const double se = t.column(from_area ? "std_error_log" : "std_error").numeric(row);
      const std::string result = t.column(from_area ? "design" : "outcome").text(row);
      const std::string kind = from_area ? "rate ratio" : t.column("kind").text(row);
      scenario::EffectDistribution& e = iv.effect;
      std::string scale;
      if (from_area) {
        e.kind = scenario::EffectKind::RateRatio;
        e.rate_ratio = estimate;
        e.se_log = se;
        scale = "rate ratio; SE of its log";
      } else if (kind == "binary") {
        e.kind = scenario::EffectKind::Difference;
        e.change = estimate;
        e.sd = se;
        scale = "difference in the proportion reoffending";
      } else {
        const double c = t.column("mean_comparison").numeric(row);
        if (!(c > 0))
          throw Error(where_of(i, j),
                      fmt::format("evaluation {} ({}) has a comparison mean of {}: no relative "
                                  "change to apply",
                                  in_quotes(name), result, c),
                      "Use a 0/1 outcome, or type the effect in.");
        e.kind = scenario::EffectKind::Normal;
        e.change = estimate / c;
        e.sd = se / c;
        scale = fmt::format("difference in mean {} / comparison mean {:.4g}", result, c);
      }
      if (!std::isfinite(estimate) || !std::isfinite(se) || se < 0 ||
          (from_area && !(estimate > 0)))
        throw Error(where_of(i, j),
                    fmt::format("evaluation {} ({}) gave estimate {} with standard error {}: not "
                                "an effect a scenario can draw from",
                                in_quotes(name), result, estimate, se),
                    "Use a design or outcome with a Wald interval (its, did; 0/1 or count).");
      e.validate(where_of(i, j));
      c_scenario.push_back(out.plans[i].name);
      c_intervention.push_back(iv.name.empty() ? fmt::format("intervention {}", j + 1) : iv.name);
      c_evaluation.push_back(name);
      c_result.push_back(result);
      c_estimate.push_back(estimate);
      c_se.push_back(se);
      c_scale.push_back(scale);
      c_effect.push_back(describe_effect(e));
    }
  }
  Table sources;
  sources.add_column(Column::categorical_from_strings("scenario", c_scenario));
  sources.add_column(Column::categorical_from_strings("intervention", c_intervention));
  sources.add_column(Column::categorical_from_strings("evaluation", c_evaluation));
  sources.add_column(Column::categorical_from_strings("result", c_result));
  sources.add_column(Column::floats("estimate", c_estimate));
  sources.add_column(Column::floats("std_error", c_se));
  sources.add_column(Column::categorical_from_strings("scale", c_scale));
  sources.add_column(Column::categorical_from_strings("effect", c_effect));
  results.add_table("/scenarios/effect_sources", std::move(sources));
  return out;
}

}  // namespace harmcast
