#include "models/timeseries/forecast_model.hpp"

#include <fmt/format.h>

#include <boost/math/distributions/normal.hpp>
#include <cmath>

#include "engine/core/error.hpp"

namespace harmcast::timeseries {

void Series::validate(const std::string& model) const {
  const std::string where = id.empty() ? model : fmt::format("{}: series {}", model, id);
  if (values.empty()) throw Error(where, "the series is empty", "supply at least one value");
  bool any = false;
  for (double v : values) {
    if (std::isinf(v)) throw Error(where, "the series contains an infinite value", "");
    any = any || !std::isnan(v);
  }
  if (!any) throw Error(where, "every value of the series is missing", "supply observed values");
  if (period < 1) throw Error(where, fmt::format("period must be >= 1, got {}", period), "");
  if (xreg.names.size() != xreg.columns.size())
    throw Error(where, "regressor names and columns differ in number", "");
  for (std::size_t j = 0; j < xreg.columns.size(); ++j)
    if (xreg.columns[j].size() != values.size())
      throw Error(where,
                  fmt::format("regressor '{}' has {} rows but the series has {}", xreg.names[j],
                              xreg.columns[j].size(), values.size()),
                  "align the regressors with the series");
}

void ForecastRequest::validate(const std::string& model) const {
  if (horizon < 1)
    throw Error(model, fmt::format("forecast horizon must be >= 1, got {}", horizon), "");
  for (double level : levels)
    if (!(level > 0 && level < 100))
      throw Error(model, fmt::format("interval level must be in (0, 100), got {}", level),
                  "give levels in percent, e.g. 80,95");
}

const PredictionInterval& Forecast::at_level(double level) const {
  for (const auto& interval : intervals)
    if (std::abs(interval.level - level) < 1e-9) return interval;
  throw Error(model, fmt::format("no {}% interval in this forecast", level),
              "request that level when forecasting");
}

double normal_quantile(double probability) {
  static const boost::math::normal_distribution<double> standard;
  return boost::math::quantile(standard, probability);
}

Forecast gaussian_forecast(std::string model, std::vector<double> mean,
                           const std::vector<double>& se, const std::vector<double>& levels) {
  Forecast out;
  out.model = std::move(model);
  out.mean = std::move(mean);
  for (double level : levels) {
    const double z = normal_quantile(0.5 + level / 200.0);
    PredictionInterval interval;
    interval.level = level;
    interval.lower.resize(out.mean.size());
    interval.upper.resize(out.mean.size());
    for (std::size_t t = 0; t < out.mean.size(); ++t) {
      interval.lower[t] = out.mean[t] - z * se[t];
      interval.upper[t] = out.mean[t] + z * se[t];
    }
    out.intervals.push_back(std::move(interval));
  }
  return out;
}

void check_simulation_size(const std::string& model, int horizon, int n_paths, int paths_per_draw) {
  if (horizon < 1 || n_paths < 1)
    throw Error(model, fmt::format("simulate needs horizon >= 1 and n_paths >= 1, got {} and {}",
                                   horizon, n_paths));
  if (paths_per_draw < 1)
    throw Error(model, fmt::format("paths_per_draw must be >= 1, got {}", paths_per_draw));
}

}  // namespace harmcast::timeseries
