#pragma once
// Stage "forecast": forecasts each configured series (by default city totals by crime type)
// h months ahead with prediction intervals, using the configured model family. A series that
// cannot be forecast is recorded as a run note and the others go on.
//
// Tables: /forecast/points  (series, period, model, mean, lo_L, hi_L per level, actual)
//         /forecast/history (series, period, value): the recent history shown in fan charts
//         /forecast/models  (series, model, status, message, aicc)
#include "engine/config/experiment_config.hpp"
#include "engine/results/run_results.hpp"
#include "engine/time/panel.hpp"

namespace harmcast {

void run_forecast_stage(const Panel& crime, const ForecastConfig& config, int threads,
                        RunResults& results);

// Throws harmcast::Error (key forecast.model) for a model family this build cannot fit yet.
void check_forecast_model_available(const ForecastConfig& config);

}  // namespace harmcast
