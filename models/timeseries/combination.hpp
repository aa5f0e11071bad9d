#pragma once
// Equal-weight forecast combination: the point forecast is the mean of the members' point
// forecasts and each interval bound the mean of the members' bounds (quantile averaging,
// Lichtendahl, Grushka-Cockayne & Winkler 2013, "Is it better to average probabilities or
// quantiles?", Management Science 59(7)). Simple averages of a few diverse methods are hard to
// beat (Makridakis, Spiliotis & Assimakopoulos 2020, the M4 competition; Claeskens et al. 2016,
// "The forecast combination puzzle"). Simulated paths are a mixture: path i comes from member
// i mod k, so the paths keep each member's own dependence over the horizon.
#include <memory>
#include <vector>

#include "models/timeseries/forecast_model.hpp"

namespace harmcast::timeseries {

// Averages forecasts made with the same horizon and levels (throws InternalError otherwise).
Forecast average_forecasts(const std::vector<Forecast>& forecasts, std::string model);

class CombinedModel final : public ForecastModel {
 public:
  // Throws harmcast::Error if `members` is empty.
  explicit CombinedModel(std::vector<std::unique_ptr<ForecastModel>> members);

  std::string description() const override;  // "Mean of [ARIMA(...); Structural(...)]"
  const FitSummary& summary() const override;
  Forecast forecast(const ForecastRequest& request) const override;
  const std::vector<double>& fitted() const override;
  const std::vector<double>& residuals() const override;
  // Path i comes from member i mod k, so each member gives an equal share of the paths.
  std::vector<std::vector<double>> simulate(int horizon, int n_paths, RandomStream& stream,
                                            const Regressors& future_xreg = {}) const override;
  // As simulate(), each member with its own parameter uncertainty where it has one.
  bool has_parameter_uncertainty() const override;
  std::vector<std::vector<double>> simulate_with_parameter_uncertainty(
      int horizon, int n_paths, RandomStream& stream, const Regressors& future_xreg = {},
      int paths_per_draw = 1) const override;
  int n_parameters() const override;

  const std::vector<std::unique_ptr<ForecastModel>>& members() const { return members_; }

 private:
  std::vector<std::unique_ptr<ForecastModel>> members_;
  FitSummary summary_;
  std::vector<double> fitted_, residuals_;
};

}  // namespace harmcast::timeseries
