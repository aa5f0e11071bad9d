#pragma once
// Stage "kpi": each KPI's latest window against its baseline, with a verdict on whether the
// change is real (models/kpi/baseline_comparison.hpp), by the configured grouping and for all
// recorded crime together.
#include "engine/config/experiment_config.hpp"
#include "engine/results/run_results.hpp"
#include "engine/time/panel.hpp"

namespace harmcast {

// Adds /kpi/summary to `results`: one row per group (e.g. crime type) plus an "all" row.
// Throws harmcast::Error (key kpi.group_by) if a grouping column is not a key of the panel.
void run_kpi_stage(const Panel& crime, const KpiConfig& config, RunResults& results);

}  // namespace harmcast
