#include "models/timeseries/rolling_origin.hpp"

#include <fmt/format.h>

#include <cmath>

#include "engine/core/error.hpp"

namespace harmcast::timeseries {

void RollingOriginOptions::validate() const {
  const auto positive = [](int value, const char* field) {
    if (value < 1)
      throw Error(fmt::format("RollingOriginOptions.{}", field),
                  fmt::format("must be >= 1, got {}", value), "");
  };
  positive(horizon, "horizon");
  positive(origins, "origins");
  positive(step, "step");
  positive(min_train, "min_train");
  for (double level : levels)
    if (!(level > 0 && level < 100))
      throw Error("RollingOriginOptions.levels",
                  fmt::format("levels must be in (0, 100), got {}", level), "");
}

Series head_of(const Series& series, int length) {
  Series out;
  out.period = series.period;
  out.id = series.id;
  out.values.assign(series.values.begin(), series.values.begin() + length);
  out.xreg.names = series.xreg.names;
  for (const auto& column : series.xreg.columns)
    out.xreg.columns.emplace_back(column.begin(), column.begin() + length);
  return out;
}

namespace {

// Regressor rows [from, from + h) of the series (the "future" of an origin).
Regressors slice_regressors(const Regressors& xreg, int from, int h) {
  Regressors out;
  out.names = xreg.names;
  for (const auto& column : xreg.columns)
    out.columns.emplace_back(column.begin() + from, column.begin() + from + h);
  return out;
}

double mean_of(const std::vector<double>& values) {
  double sum = 0;
  int n = 0;
  for (double v : values)
    if (std::isfinite(v)) sum += v, ++n;
  return n > 0 ? sum / n : NAN;
}

}  // namespace

RollingOriginResult rolling_origin(const Series& series, const ModelFitter& fit,
                                   const RollingOriginOptions& options) {
  options.validate();
  const int n = static_cast<int>(series.values.size());
  RollingOriginResult result;
  for (int k = 0; k < options.origins; ++k) {
    const int train = n - options.horizon - k * options.step;
    if (train < options.min_train) break;
    OriginScore score;
    score.train_length = train;
    try {
      const Series head = head_of(series, train);
      const auto model = fit(head);
      ForecastRequest request;
      request.horizon = options.horizon;
      request.levels = options.levels;
      if (!series.xreg.empty())
        request.future_xreg = slice_regressors(series.xreg, train, options.horizon);
      const Forecast forecast = model->forecast(request);
      const std::vector<double> actual(series.values.begin() + train,
                                       series.values.begin() + train + options.horizon);
      score.model = model->description();
      score.metrics = forecast_accuracy(head.values, series.period, forecast, actual);
      score.forecast = forecast;
      score.actual = actual;
      score.ok = true;
    } catch (const Error& e) {
      score.message = e.what();
    }
    result.origins.push_back(std::move(score));
  }
  summarise_origins(result, options.levels.size());
  return result;
}

void summarise_origins(RollingOriginResult& result, std::size_t n_levels) {
  std::vector<double> mase, rmsse, smape;
  std::vector<std::vector<double>> coverage(n_levels), msis(n_levels);
  result.succeeded = 0;
  result.mean_coverage.clear();
  result.mean_msis.clear();
  for (const auto& o : result.origins) {
    if (!o.ok) continue;
    ++result.succeeded;
    mase.push_back(o.metrics.mase);
    rmsse.push_back(o.metrics.rmsse);
    smape.push_back(o.metrics.smape);
    for (std::size_t l = 0; l < n_levels && l < o.metrics.coverage.size(); ++l) {
      coverage[l].push_back(o.metrics.coverage[l]);
      msis[l].push_back(o.metrics.msis[l]);
    }
  }
  result.mean_mase = mean_of(mase);
  result.mean_rmsse = mean_of(rmsse);
  result.mean_smape = mean_of(smape);
  for (std::size_t l = 0; l < n_levels; ++l) {
    result.mean_coverage.push_back(mean_of(coverage[l]));
    result.mean_msis.push_back(mean_of(msis[l]));
  }
}

}  // namespace harmcast::timeseries
