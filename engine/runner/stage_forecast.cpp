#include "engine/runner/stage_forecast.hpp"

#include <fmt/format.h>

#include <cmath>
#include <memory>
#include <optional>

#include "engine/core/error.hpp"
#include "engine/core/parallel.hpp"
#include "models/timeseries/accuracy.hpp"
#include "models/timeseries/auto_arima.hpp"
#include "models/timeseries/auto_forecast.hpp"
#include "models/timeseries/benchmarks.hpp"
#include "models/timeseries/count.hpp"
#include "models/timeseries/ets.hpp"
#include "models/timeseries/structural.hpp"

namespace harmcast {
namespace {

namespace ts = timeseries;

constexpr int kHistoryMonths = 48;  // months of history drawn before each forecast

struct SeriesForecast {
  std::string id;
  Period first_forecast;
  std::string model;
  std::string family;    // the candidate chosen by auto, else the model asked for
  double cv_mase = NAN;  // auto: the chosen family's rolling-origin MASE
  std::string status = "failed";
  std::string message;
  double aicc = NAN;
  ts::Forecast forecast;
  std::vector<double> actual;                   // held-out values (NaN beyond the data)
  std::optional<ts::AccuracyMetrics> accuracy;  // when values were held out
};

// The seasonal period models use for each frequency (days: the weekly cycle).
int seasonal_period(Frequency frequency) {
  switch (frequency) {
    case Frequency::Day:
      return 7;
    case Frequency::Week:
      return 52;
    default:
      return periods_per_year(frequency);
  }
}

SeriesForecast forecast_series(const PanelSeries& s, const ForecastConfig& config, int period,
                               const ForecastFamilyOptions& options) {
  SeriesForecast out;
  out.id = s.id;
  const std::size_t n_fit = s.size() - std::min<std::size_t>(config.holdout, s.size());
  out.first_forecast = s.period_at(n_fit);
  try {
    ts::Series series;
    series.values.assign(s.values.begin(), s.values.begin() + n_fit);
    series.period = period;
    series.id = s.id;
    const int fit_length = static_cast<int>(n_fit);
    const ts::Regressors xreg = intervention_regressors(config.interventions, s.start, fit_length,
                                                        fit_length + config.horizon);
    series.xreg = regressor_rows(xreg, 0, fit_length);
    FittedForecast fitted = fit_forecast_model(series, config.model, options);
    out.family = fitted.family;
    out.cv_mase = fitted.cv_mase;
    const auto& model = fitted.model;
    ts::ForecastRequest request;
    request.horizon = config.horizon;
    request.levels.assign(config.levels.begin(), config.levels.end());
    if (!xreg.empty()) request.future_xreg = regressor_rows(xreg, fit_length, config.horizon);
    out.forecast = model->forecast(request);
    out.model = model->description();
    out.status = to_string(model->summary().status);
    out.message = model->summary().message;
    if (auto aicc = model->aicc()) out.aicc = *aicc;
    for (int h = 0; h < config.horizon; ++h) {
      const std::size_t t = n_fit + h;
      out.actual.push_back(t < s.size() ? s.values[t] : NAN);
    }
    if (config.holdout > 0) {
      out.accuracy = ts::forecast_accuracy(series.values, period, out.forecast, out.actual);
    }
  } catch (const Error& e) {
    out.message = e.what();
  }
  return out;
}

// One row per series: the model and its held-out accuracy (M4 definitions, accuracy.hpp).
Table accuracy_table(const std::string& key, const std::vector<SeriesForecast>& forecasts,
                     const ForecastConfig& config) {
  std::vector<std::string> ids, models;
  std::vector<std::int64_t> evaluated;
  std::vector<double> mase, rmsse, smape;
  std::vector<std::vector<double>> coverage(config.levels.size()), msis(config.levels.size());
  for (const auto& f : forecasts) {
    ids.push_back(f.id);
    models.push_back(f.model);
    const ts::AccuracyMetrics m = f.accuracy.value_or(ts::AccuracyMetrics{});
    evaluated.push_back(m.evaluated);
    mase.push_back(m.mase);
    rmsse.push_back(m.rmsse);
    smape.push_back(m.smape);
    for (std::size_t l = 0; l < config.levels.size(); ++l) {
      coverage[l].push_back(l < m.coverage.size() ? m.coverage[l] : NAN);
      msis[l].push_back(l < m.msis.size() ? m.msis[l] : NAN);
    }
  }
  Table t;
  t.add_column(Column::categorical_from_strings(key, ids));
  t.add_column(Column::categorical_from_strings("model", models));
  t.add_column(Column::integers("evaluated", evaluated));
  t.add_column(result_floats("mase", mase));
  t.add_column(result_floats("rmsse", rmsse));
  t.add_column(result_floats("smape", smape));
  for (std::size_t l = 0; l < config.levels.size(); ++l) {
    t.add_column(result_floats(fmt::format("coverage_{}", config.levels[l]), coverage[l]));
    t.add_column(result_floats(fmt::format("msis_{}", config.levels[l]), msis[l]));
  }
  return t;
}

}  // namespace

FittedForecast fit_forecast_model(const timeseries::Series& series, ForecastModel model,
                                  const ForecastFamilyOptions& options) {
  FittedForecast out;
  out.family = to_string(model);
  out.model = [&]() -> std::unique_ptr<ts::ForecastModel> {
    switch (model) {
      case ForecastModel::Auto: {
        ts::AutoForecastOptions automatic;
        automatic.candidates = ts::default_forecast_candidates(options.candidates);
        auto chosen = ts::auto_forecast(series, automatic);
        out.family = chosen.chosen;
        out.cv_mase = chosen.cv_mase;
        return std::move(chosen.model);
      }
      case ForecastModel::Arima:
        return ts::auto_arima(series);
      case ForecastModel::Ets:
        return ts::fit_ets(series);
      case ForecastModel::Count:
        return ts::fit_count(series, options.count);
      case ForecastModel::Structural:
        return ts::fit_structural(series, options.structural);
      case ForecastModel::SeasonalNaive:
        return ts::fit_benchmark(series, {ts::BenchmarkMethod::kSeasonalNaive});
      case ForecastModel::Naive:
        return ts::fit_benchmark(series, {ts::BenchmarkMethod::kNaive});
      case ForecastModel::Drift:
        return ts::fit_benchmark(series, {ts::BenchmarkMethod::kDrift});
      case ForecastModel::Mean:
        return ts::fit_benchmark(series, {ts::BenchmarkMethod::kMean});
    }
    throw InternalError("forecast model not handled: " + to_string(model));
  }();
  return out;
}

void run_forecast_stage(const Panel& crime, const ForecastConfig& config, int threads,
                        RunResults& results) {
  std::vector<std::string> summed;
  for (const auto& k : crime.key_names()) {
    if (std::find(config.group_by.begin(), config.group_by.end(), k) == config.group_by.end()) {
      summed.push_back(k);
    }
  }
  const Panel panel = summed.empty() ? crime : crime.sum_over(summed);
  std::vector<SeriesForecast> forecasts(panel.size());
  const ForecastFamilyOptions options = forecast_family_options(config.count, config.structural);
  parallel_for(panel.size(), threads, [&](std::size_t i) {
    forecasts[i] =
        forecast_series(panel.series(i), config, seasonal_period(crime.frequency()), options);
  });

  std::vector<std::string> p_series, p_model, m_series, m_model, m_family, m_status, m_message,
      h_series;
  std::vector<std::int64_t> p_period, h_period;
  std::vector<double> p_mean, p_actual, m_aicc, m_cv_mase, h_value;
  std::vector<std::vector<double>> lo(config.levels.size()), hi(config.levels.size());
  for (std::size_t i = 0; i < forecasts.size(); ++i) {
    const auto& f = forecasts[i];
    m_series.push_back(f.id);
    m_model.push_back(f.model);
    m_family.push_back(f.family);
    m_cv_mase.push_back(f.cv_mase);
    m_status.push_back(f.status);
    m_message.push_back(f.message);
    m_aicc.push_back(f.aicc);
    if (f.forecast.mean.empty()) {
      results.add_note({"forecast", f.id, f.message});
      continue;
    }
    const auto& s = panel.series(i);
    const std::size_t n_fit = static_cast<std::size_t>(f.first_forecast - s.start);
    for (std::size_t t = n_fit > kHistoryMonths ? n_fit - kHistoryMonths : 0; t < n_fit; ++t) {
      h_series.push_back(f.id);
      h_period.push_back(s.period_at(t).ordinal());
      h_value.push_back(s.values[t]);
    }
    for (int h = 0; h < f.forecast.horizon(); ++h) {
      p_series.push_back(f.id);
      p_period.push_back((f.first_forecast + h).ordinal());
      p_model.push_back(f.model);
      p_mean.push_back(f.forecast.mean[h]);
      p_actual.push_back(f.actual[h]);
      for (std::size_t l = 0; l < config.levels.size(); ++l) {
        lo[l].push_back(f.forecast.intervals[l].lower[h]);
        hi[l].push_back(f.forecast.intervals[l].upper[h]);
      }
    }
  }
  const std::string key = config.group_by.size() == 1 ? config.group_by.front() : "series";
  Table points;
  points.add_column(Column::categorical_from_strings(key, p_series));
  points.add_column(Column::periods("period", crime.frequency(), p_period));
  points.add_column(Column::categorical_from_strings("model", p_model));
  points.add_column(Column::floats("mean", p_mean));
  for (std::size_t l = 0; l < config.levels.size(); ++l) {
    points.add_column(Column::floats(fmt::format("lo_{}", config.levels[l]), lo[l]));
    points.add_column(Column::floats(fmt::format("hi_{}", config.levels[l]), hi[l]));
  }
  if (config.holdout > 0) {
    points.add_column(result_floats("actual", p_actual));
  }
  Table history;
  history.add_column(Column::categorical_from_strings(key, h_series));
  history.add_column(Column::periods("period", crime.frequency(), h_period));
  history.add_column(result_floats("value", h_value));
  Table models;
  models.add_column(Column::categorical_from_strings(key, m_series));
  models.add_column(Column::categorical_from_strings("model", m_model));
  models.add_column(Column::categorical_from_strings("family", m_family));
  models.add_column(Column::categorical_from_strings("status", m_status));
  models.add_column(Column::categorical_from_strings("message", m_message));
  models.add_column(result_floats("aicc", m_aicc));
  models.add_column(result_floats("cv_mase", m_cv_mase));
  if (config.holdout > 0)
    results.add_table("/forecast/accuracy", accuracy_table(key, forecasts, config));
  results.add_table("/forecast/points", std::move(points));
  results.add_table("/forecast/history", std::move(history));
  results.add_table("/forecast/models", std::move(models));
}

}  // namespace harmcast
