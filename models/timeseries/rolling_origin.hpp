#pragma once
// Rolling-origin evaluation (time-series cross-validation, as R's forecast::tsCV; Tashman 2000,
// "Out-of-sample tests of forecasting accuracy", Int. J. Forecasting 16; Hyndman &
// Athanasopoulos, FPP3 section 5.10): for origins o_1 > o_2 > ... (training lengths
// n - horizon, n - horizon - step, ...), fit the model on y_1..y_o, forecast h steps and score
// y_{o+1}..y_{o+h} with the metrics of accuracy.hpp (MASE, RMSSE, sMAPE, coverage, MSIS; scales
// from the training part of each origin). A fit or forecast that fails at one origin is
// recorded with its message and the other origins go on.
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "models/timeseries/accuracy.hpp"
#include "models/timeseries/forecast_model.hpp"

namespace harmcast::timeseries {

struct RollingOriginOptions {
  int horizon = 12;                       // steps scored after each origin
  int origins = 3;                        // number of origins
  int step = 6;                           // periods between consecutive origins
  int min_train = 24;                     // origins with a shorter training part are skipped
  std::vector<double> levels = {80, 95};  // interval levels scored
  void validate() const;                  // throws harmcast::Error naming the field
};

// Fits a model to a (training) series. Throws harmcast::Error when it cannot.
using ModelFitter = std::function<std::unique_ptr<ForecastModel>(const Series&)>;

struct OriginScore {
  int train_length = 0;        // observations before the origin
  bool ok = false;             // fitted and forecast
  std::string model;           // description() of the fitted model
  std::string message;         // why it failed, if it did
  AccuracyMetrics metrics;     // when ok
  Forecast forecast;           // when ok (kept so forecasts can be combined across models)
  std::vector<double> actual;  // the held-out values after the origin
};

struct RollingOriginResult {
  std::vector<OriginScore> origins;  // latest origin first
  int succeeded = 0;
  // Means over the successful origins (NaN if none, or if a metric is NaN at every origin).
  double mean_mase = NAN, mean_rmsse = NAN, mean_smape = NAN;
  std::vector<double> mean_coverage, mean_msis;  // per level
};

// Runs the evaluation. Throws harmcast::Error only for bad options; a series too short for any
// origin gives a result with no origins.
RollingOriginResult rolling_origin(const Series& series, const ModelFitter& fit,
                                   const RollingOriginOptions& options);

// Fills the means of `result` from its successful origins.
void summarise_origins(RollingOriginResult& result, std::size_t n_levels);

// The leading `length` values of a series (and of its regressors), period and id kept.
Series head_of(const Series& series, int length);

}  // namespace harmcast::timeseries
