#pragma once
// Stage "forecast": forecasts each configured series (by default city totals by crime type)
// h months ahead with prediction intervals, using the configured model family. A series that
// cannot be forecast is recorded as a run note and the others go on.
//
// Options: the count and structural forms and intervention regressors of the section
// (engine/config/forecast_options.hpp) reach every family that uses them, auto's candidates too.
//
// Tables: /forecast/points  (series, period, model, mean, lo_L, hi_L per level, actual)
//         /forecast/history (series, period, value): the recent history shown in fan charts
//         /forecast/models  (series, model, status, message, aicc)
#include <cmath>
#include <memory>
#include <string>

#include "engine/config/experiment_config.hpp"
#include "engine/results/run_results.hpp"
#include "engine/runner/stage_forecast_options.hpp"
#include "engine/time/panel.hpp"
#include "models/timeseries/forecast_model.hpp"

namespace harmcast {

void run_forecast_stage(const Panel& crime, const ForecastConfig& config, int threads,
                        RunResults& results);

struct FittedForecast {
  std::unique_ptr<timeseries::ForecastModel> model;
  std::string family;    // the family chosen by auto, else the one asked for
  double cv_mase = NAN;  // auto: the chosen family's rolling-origin MASE
};

// Fits `model` to one series (with the family options of `options`); auto chooses per series
// among the families by rolling-origin MASE (models/timeseries/auto_forecast.hpp), among those
// that take regressors when the series has some. Throws harmcast::Error when the series cannot
// be fitted. The one dispatcher from config words to fits, shared by the forecast and scenario
// stages.
FittedForecast fit_forecast_model(const timeseries::Series& series, ForecastModel model,
                                  const ForecastFamilyOptions& options = {});

}  // namespace harmcast
