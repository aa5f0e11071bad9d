#include "engine/runner/stage_plan.hpp"

#include <algorithm>
#include <cstdlib>
#include <functional>
#include <sstream>

#include "engine/core/error.hpp"

namespace harmcast {
namespace {

// Gathers the problems of several sections, each parsed by a function that throws one
// harmcast::Error listing its own problems ("<source>: N problems in the config:\n<lines>").
class SectionProblems {
  // The N of "<key> at line N: ..."; 0 for a problem without a line.
  static int line_of(const std::string& problem) {
    const auto at = problem.find(" at line ");
    return at == std::string::npos ? 0 : std::atoi(problem.c_str() + at + 9);
  }

 public:
  void attempt(const std::function<void()>& parse) {
    try {
      parse();
    } catch (const Error& e) {
      const std::string& text = e.problem();
      const auto header_end = text.find(" in the config:\n");
      if (header_end == std::string::npos) {
        lines_.push_back(e.where().empty()
                             ? text
                             : e.where() + ": " + text + (e.hint().empty() ? "" : " " + e.hint()));
        return;
      }
      std::istringstream body(text.substr(text.find('\n', header_end) + 1));
      for (std::string line; std::getline(body, line);) lines_.push_back(line);
    }
  }

  void throw_if_any(const std::string& source_name) {
    if (lines_.empty()) return;
    // By line, whichever section a problem is in, as ConfigIssues sorts within one section.
    std::stable_sort(lines_.begin(), lines_.end(), [](const std::string& a, const std::string& b) {
      return line_of(a) < line_of(b);
    });
    std::string message =
        lines_.size() == 1 ? std::string("1 problem") : std::to_string(lines_.size()) + " problems";
    message += " in the config:";
    for (const auto& line : lines_) message += "\n" + line;
    throw Error(source_name, message);
  }

 private:
  std::vector<std::string> lines_;
};

}  // namespace

StagePlan plan_stages(const ExperimentConfig& config) {
  StagePlan plan;
  SectionProblems problems;
  problems.attempt([&] { plan.interventions = parse_intervention_analyses(config); });
  bool evaluations_parsed = false;
  problems.attempt([&] {
    plan.evaluations = parse_evaluations(config);
    evaluations_parsed = true;
  });
  bool areas_parsed = false;
  problems.attempt([&] {
    plan.areas = parse_area_evaluations(config);
    areas_parsed = true;
  });
  problems.attempt([&] { plan.models = parse_models(config); });
  problems.attempt([&] {
    plan.scenarios = parse_scenarios(config);
    // Effects read from evaluations (from_evaluation) are checked against them once they parsed.
    if (evaluations_parsed && areas_parsed)
      check_scenario_effect_sources(config, plan.scenarios, plan.evaluations, plan.areas);
  });
  // The value section refers to evaluations by name: check it against them only when they parsed.
  if (evaluations_parsed) {
    problems.attempt([&] { plan.value = parse_value_config(config, plan.evaluations); });
  }
  problems.throw_if_any(config.source_name);
  return plan;
}

void check_plan_against_data(const StagePlan& plan, const ExperimentData& data,
                             const ExperimentConfig& config) {
  SectionProblems problems;
  problems.attempt([&] { check_intervention_analyses(plan.interventions, data, config); });
  problems.attempt([&] {
    check_scenarios_against_data(config, plan.scenarios, data.crime,
                                 data.cohort ? &*data.cohort : nullptr);
  });
  problems.attempt(
      [&] { check_value_against_scenarios(config, plan.value, plan.scenarios, data.crime); });
  problems.throw_if_any(config.source_name);
}

}  // namespace harmcast
