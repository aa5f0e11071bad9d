#pragma once
// The "methods" table of a run: one row per configured analysis (the KPI comparison, the
// forecasts, each intervention analysis, service evaluation, regression model, area design,
// the scenarios and the value-for-money appraisal) saying which method ran and with which
// settings, so a reader of the report's appendix can repeat or criticise it without reading the
// YAML. Columns: stage, analysis, method, settings.
#include "engine/config/experiment_config.hpp"
#include "engine/runner/stage_plan.hpp"
#include "engine/table/table.hpp"

namespace harmcast {

// `crime`: the run has crime data (a cohort-only run has no KPI, forecast or area rows).
Table methods_table(const ExperimentConfig& config, const StagePlan& plan, bool crime);

}  // namespace harmcast
