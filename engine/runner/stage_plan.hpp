#pragma once
// StagePlan: every stage's section of an experiment config, parsed and checked before anything
// runs, so `harmcast validate` and `harmcast run` list every mistake in every section at once
// (each with its key path and line) instead of stopping at the first section with a problem.
#include <string>
#include <vector>

#include "engine/config/experiment_config.hpp"
#include "engine/runner/experiment_data.hpp"
#include "engine/runner/stage_area.hpp"
#include "engine/runner/stage_evaluation.hpp"
#include "engine/runner/stage_intervention.hpp"
#include "engine/runner/stage_models.hpp"
#include "engine/runner/stage_scenario.hpp"
#include "engine/runner/value_config.hpp"

namespace harmcast {

struct StagePlan {
  std::vector<InterventionAnalysisConfig> interventions;
  std::vector<EvaluationConfig> evaluations;
  std::vector<AreaEvaluationConfig> areas;
  std::vector<ModelConfig> models;
  ScenarioStageConfig scenarios;
  ValueConfig value;
};

// Parses every stage section of `config`; throws one harmcast::Error listing the problems of
// all sections together.
StagePlan plan_stages(const ExperimentConfig& config);

// Checks the plan against the loaded data (series, columns and periods it names); throws one
// harmcast::Error listing every problem.
void check_plan_against_data(const StagePlan& plan, const ExperimentData& data,
                             const ExperimentConfig& config);

}  // namespace harmcast
