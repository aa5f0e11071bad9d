#pragma once
// Model options of the `forecast` section (and `harmcast forecast`): the form of the count and
// structural models, wherever they are fitted (as the family asked for, or as candidates of
// `auto`), and intervention regressors (dated steps, ramps, pulses) added to every family that
// takes regressors. Plain words here; engine/runner/stage_forecast_options.cpp turns them into
// the models' options (models/timeseries/count.hpp, structural.hpp).
//
//   forecast:
//     model: auto
//     count: {distribution: negbin, past_obs: [1], past_mean: [1], harmonics: 2, trend: true}
//     structural: {trend: trend, seasonal: dummy}
//     interventions:
//       - {name: Pilot, start: 2019-04, shape: step}
#include <optional>
#include <string>
#include <vector>

#include "engine/config/config_reader.hpp"
#include "engine/time/period.hpp"

namespace harmcast {

const std::vector<std::string>& count_distribution_words();           // poisson, negbin
const std::vector<std::string>& structural_trend_words();             // level, trend
const std::vector<std::string>& structural_seasonal_words();          // none, dummy, trigonometric
const std::vector<std::string>& forecast_intervention_shape_words();  // step, ramp, pulse

// tscount-style log-linear count model (models/timeseries/count.hpp).
struct ForecastCountConfig {
  std::string distribution = "negbin";  // poisson | negbin
  std::vector<int> past_obs{1};         // lags of log(y + 1); [] = none
  std::vector<int> past_mean{1};        // lags of the log-mean (feedback); [] = none
  int harmonics = 2;                    // Fourier pairs of the season (>= 0; capped at m / 2)
  bool trend = true;                    // a linear trend
};

// Basic structural model (models/timeseries/structural.hpp).
struct ForecastStructuralConfig {
  std::string trend = "trend";     // level (local level) | trend (local linear trend)
  std::string seasonal = "dummy";  // none | dummy | trigonometric (when the period is > 1)
};

// A dated intervention: a regressor x_t (step: 1 from `start`; ramp: t - start + 1 from
// `start`; pulse: 1 at `start` only) in every series' model.
struct ForecastInterventionConfig {
  std::string name;  // regressor name; default "<shape>_<start>"
  std::optional<Period> start;
  std::string shape = "step";
  std::string regressor_name() const;
};

void declare_options(ConfigReader& r, ForecastCountConfig& c);
void declare_options(ConfigReader& r, ForecastStructuralConfig& c);
void declare_options(ConfigReader& r, ForecastInterventionConfig& c);

// Reports `interventions` when the model family (a forecast.model word) takes no regressors.
void check_forecast_interventions(ConfigReader& r, const std::string& model,
                                  std::size_t n_interventions);
// Families that take regressors: auto (its candidates that do), arima, count, structural.
bool forecast_model_takes_regressors(const std::string& model);

}  // namespace harmcast
