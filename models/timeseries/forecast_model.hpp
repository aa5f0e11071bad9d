#pragma once
// The one interface every forecasting model in harmcast implements (benchmarks, ARIMA, ETS,
// count and structural models), so the CLI, the accuracy evaluation and the contract test treat
// them alike (as R's forecast package and statsforecast do).
//
//   Series            values (NaN = missing) + seasonal period (12 monthly, 4 quarterly, 1 none)
//   fit_<model>(...)  -> std::unique_ptr<ForecastModel> (or a concrete fitted type)
//   ForecastModel     forecast(h, levels), fitted(), residuals(), simulate(h, paths, stream),
//                     log-likelihood / AIC / AICc / BIC where the model has a likelihood,
//                     description() ("ARIMA(0,1,1)(0,1,1)[12]"), summary() (FitSummary).
//
// Interval convention: a level L (e.g. 80, 95) gives the central L% prediction interval
// [lower, upper]; for a Gaussian predictive distribution mean -/+ z_{(1+L/100)/2} * se.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/core/random.hpp"
#include "models/optim/fit_summary.hpp"

namespace harmcast::timeseries {

// Regressors (covariates, intervention steps/ramps) as named columns of equal length.
struct Regressors {
  std::vector<std::string> names;
  std::vector<std::vector<double>> columns;

  int count() const { return static_cast<int>(columns.size()); }
  int rows() const { return columns.empty() ? 0 : static_cast<int>(columns.front().size()); }
  bool empty() const { return columns.empty(); }
};

// A univariate series on a regular index. NaN marks a missing value.
struct Series {
  std::vector<double> values;
  int period = 1;   // seasonal period: 12 monthly, 4 quarterly, 1 non-seasonal
  std::string id;   // series id, used in error messages ("" if none)
  Regressors xreg;  // optional regressors aligned with `values`

  // Throws harmcast::Error (where = "series <id>") if empty, all missing, period < 1, or the
  // regressors' length differs from the series'.
  void validate(const std::string& model) const;
};

struct PredictionInterval {
  double level = 95.0;        // percent, in (0, 100)
  std::vector<double> lower;  // one per horizon step
  std::vector<double> upper;
};

struct Forecast {
  std::string model;                          // description() of the model that made it
  std::vector<double> mean;                   // point forecasts, h of them
  std::vector<PredictionInterval> intervals;  // in the order of the requested levels

  int horizon() const { return static_cast<int>(mean.size()); }
  // The interval at `level`; throws harmcast::Error if that level was not requested.
  const PredictionInterval& at_level(double level) const;
};

struct ForecastRequest {
  int horizon = 12;                       // steps ahead, >= 1
  std::vector<double> levels = {80, 95};  // interval levels in percent, each in (0, 100)
  Regressors future_xreg;  // future regressor values (horizon rows) if fitted with xreg

  void validate(const std::string& model) const;
};

class ForecastModel {
 public:
  virtual ~ForecastModel() = default;

  // One line naming the model, as R's forecast package prints it, e.g. "ARIMA(0,1,1)(0,1,1)[12]".
  virtual std::string description() const = 0;
  virtual const FitSummary& summary() const = 0;

  virtual Forecast forecast(const ForecastRequest& request) const = 0;
  // One-step in-sample fitted values and residuals, aligned with the series (NaN where none).
  virtual const std::vector<double>& fitted() const = 0;
  virtual const std::vector<double>& residuals() const = 0;

  // n_paths sample paths of h future values (path-major: paths[i][t]). Draws only from
  // `stream`, so the same stream state gives the same paths. Includes the noise uncertainty;
  // models document whether parameter uncertainty is included.
  virtual std::vector<std::vector<double>> simulate(int horizon, int n_paths, RandomStream& stream,
                                                    const Regressors& future_xreg = {}) const = 0;
  // As simulate(), plus the uncertainty of the estimated parameters: the parameters are drawn
  // from the asymptotic normal of the estimates, once per block of `paths_per_draw` consecutive
  // paths (1: every path its own draw; larger blocks save refiltering the history when many
  // paths are wanted). Models that cannot (no covariance of their estimates, or nothing
  // estimated) say so in has_parameter_uncertainty() and give simulate()'s paths.
  virtual bool has_parameter_uncertainty() const { return false; }
  virtual std::vector<std::vector<double>> simulate_with_parameter_uncertainty(
      int horizon, int n_paths, RandomStream& stream, const Regressors& future_xreg = {},
      int paths_per_draw = 1) const {
    (void)paths_per_draw;
    return simulate(horizon, n_paths, stream, future_xreg);
  }

  // Likelihood-based criteria; empty for models without a likelihood (benchmarks).
  virtual std::optional<double> log_likelihood() const { return std::nullopt; }
  virtual std::optional<double> aic() const { return std::nullopt; }
  virtual std::optional<double> aicc() const { return std::nullopt; }
  virtual std::optional<double> bic() const { return std::nullopt; }
  // Number of estimated parameters, including the innovation variance.
  virtual int n_parameters() const = 0;
};

// Helpers shared by the model implementations.
// Gaussian intervals mean -/+ z * se for each level.
Forecast gaussian_forecast(std::string model, std::vector<double> mean,
                           const std::vector<double>& se, const std::vector<double>& levels);
// Standard normal quantile.
double normal_quantile(double probability);
// Throws harmcast::Error naming `model` unless horizon, n_paths and paths_per_draw are >= 1.
void check_simulation_size(const std::string& model, int horizon, int n_paths,
                           int paths_per_draw = 1);

}  // namespace harmcast::timeseries
