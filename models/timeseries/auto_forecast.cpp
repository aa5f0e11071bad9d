#include "models/timeseries/auto_forecast.hpp"

#include <fmt/format.h>

#include <cmath>
#include <limits>

#include "engine/core/error.hpp"
#include "models/timeseries/auto_arima.hpp"
#include "models/timeseries/benchmarks.hpp"
#include "models/timeseries/combination.hpp"
#include "models/timeseries/count.hpp"
#include "models/timeseries/ets.hpp"
#include "models/timeseries/structural.hpp"

namespace harmcast::timeseries {
namespace {

// The chosen ARIMA order and constant, coefficients re-estimated (search-grade optimiser).
std::unique_ptr<ForecastModel> refit_arima(const Series& series, const ForecastModel& chosen) {
  const auto& arima = dynamic_cast<const ArimaModel&>(chosen);
  ArimaOptions options;
  options.order = arima.order();
  options.include_mean = options.include_drift = false;
  for (const auto& c : arima.coefficients()) {
    options.include_mean = options.include_mean || c.name == "intercept";
    options.include_drift = options.include_drift || c.name == "drift";
  }
  options.standard_errors = false;
  options.optimizer = AutoArimaOptions::search_optimizer_defaults();
  return fit_arima(series, options);
}

// The chosen structural variances, states re-filtered on the shorter series.
std::unique_ptr<ForecastModel> refit_structural(const Series& series, const ForecastModel& chosen) {
  StructuralOptions options;
  options.fixed_variances = dynamic_cast<const StructuralModel&>(chosen).variances();
  return fit_structural(series, options);
}

// The count model on the shorter series, started from the chosen model's estimates.
std::unique_ptr<ForecastModel> refit_count(const Series& series, const ForecastModel& chosen) {
  CountOptions options = count_candidate_options();
  options.start = dynamic_cast<const CountModel&>(chosen).parameters();
  return fit_count(series, options);
}

std::unique_ptr<ForecastModel> fit_structural_candidate(const Series& series) {
  StructuralOptions options;
  options.optimizer = AutoArimaOptions::search_optimizer_defaults();
  options.optimizer.max_iterations = 300;
  return fit_structural(series, options);
}

}  // namespace

CountOptions count_candidate_options() {
  CountOptions options;
  options.optimizer = AutoArimaOptions::search_optimizer_defaults();
  return options;
}

std::vector<ForecastCandidate> default_forecast_candidates() {
  return {
      {"arima", [](const Series& s) { return auto_arima(s); }, refit_arima},
      {"structural", fit_structural_candidate, refit_structural},
      {"count", [](const Series& s) { return fit_count(s, count_candidate_options()); },
       refit_count},
      {"ets", [](const Series& s) -> std::unique_ptr<ForecastModel> { return fit_ets(s); }, {}},
      {"snaive",
       [](const Series& s) { return fit_benchmark(s, {BenchmarkMethod::kSeasonalNaive}); },
       {}},
  };
}

AutoForecastResult auto_forecast(const Series& series) {
  static const AutoForecastOptions defaults;
  return auto_forecast(series, defaults);
}

void AutoForecastOptions::validate() const {
  cv.validate();
  if (candidates.empty())
    throw Error("AutoForecastOptions.candidates", "no candidate families", "give at least one");
  for (const auto& c : candidates)
    if (!c.fit)
      throw Error("AutoForecastOptions.candidates", "candidate '" + c.name + "' has no fit");
}

AutoForecastResult auto_forecast(const Series& series, const AutoForecastOptions& options) {
  options.validate();
  AutoForecastResult result;
  std::vector<std::unique_ptr<ForecastModel>> models(options.candidates.size());
  double best = std::numeric_limits<double>::infinity();
  int best_index = -1, first_usable = -1;
  for (std::size_t i = 0; i < options.candidates.size(); ++i) {
    const auto& candidate = options.candidates[i];
    CandidateResult entry;
    entry.name = candidate.name;
    try {
      models[i] = candidate.fit(series);
      if (!models[i]->summary().usable()) throw Error(candidate.name, models[i]->summary().message);
      entry.model = models[i]->description();
    } catch (const Error& e) {
      entry.message = e.what();
      models[i].reset();
      result.candidates.push_back(std::move(entry));
      continue;
    }
    if (first_usable < 0) first_usable = static_cast<int>(i);
    const ForecastModel& chosen = *models[i];
    const ModelFitter fitter =
        candidate.refit ? ModelFitter([&](const Series& s) { return candidate.refit(s, chosen); })
                        : candidate.fit;
    entry.cv = rolling_origin(series, fitter, options.cv);
    const auto attempted = static_cast<int>(entry.cv.origins.size());
    if (attempted == 0) {
      entry.message = "the series is too short for any cross-validation origin";
    } else if (entry.cv.succeeded < attempted) {
      for (const auto& o : entry.cv.origins)
        if (!o.ok) entry.message = fmt::format("origin {}: {}", o.train_length, o.message);
    } else if (!std::isfinite(entry.cv.mean_mase)) {
      entry.message = "MASE undefined at every origin";
    } else if (entry.cv.mean_mase < best) {
      best = entry.cv.mean_mase;
      best_index = static_cast<int>(i);
    }
    result.candidates.push_back(std::move(entry));
  }
  // The combination, scored on the members' forecasts at the same origins.
  std::vector<int> members;
  for (const auto& name : options.combine)
    for (std::size_t i = 0; i < result.candidates.size(); ++i)
      if (result.candidates[i].name == name && result.candidates[i].message.empty())
        members.push_back(static_cast<int>(i));
  bool combined = false;
  if (!options.combine.empty() && members.size() == options.combine.size()) {
    CandidateResult entry;
    entry.name = "combination";
    const auto& first = result.candidates[members.front()].cv.origins;
    for (std::size_t k = 0; k < first.size(); ++k) {
      std::vector<Forecast> forecasts;
      for (int m : members) forecasts.push_back(result.candidates[m].cv.origins[k].forecast);
      OriginScore score;
      score.train_length = first[k].train_length;
      score.ok = true;
      score.forecast = average_forecasts(forecasts, "combination");
      score.actual = first[k].actual;
      score.metrics = forecast_accuracy(head_of(series, score.train_length).values, series.period,
                                        score.forecast, score.actual);
      entry.cv.origins.push_back(std::move(score));
    }
    summarise_origins(entry.cv, options.cv.levels.size());
    if (entry.cv.mean_mase < best) {
      best = entry.cv.mean_mase;
      combined = true;
    }
    result.candidates.push_back(std::move(entry));
  }
  if (combined) {
    std::vector<std::unique_ptr<ForecastModel>> parts;
    for (int m : members) parts.push_back(std::move(models[m]));
    result.chosen = "combination";
    result.cv_mase = best;
    result.model = std::make_unique<CombinedModel>(std::move(parts));
    return result;
  }
  if (best_index < 0) best_index = first_usable;
  if (best_index < 0) {
    std::string reasons;
    for (const auto& c : result.candidates) reasons += fmt::format("; {}: {}", c.name, c.message);
    throw Error(series.id.empty() ? "auto forecast" : "auto forecast: series " + series.id,
                "no candidate model could be fitted" + reasons,
                "check the series (length, missing values, constant values)");
  }
  result.chosen = options.candidates[best_index].name;
  result.cv_mase = std::isfinite(best) ? best : NAN;
  result.model = std::move(models[best_index]);
  return result;
}

}  // namespace harmcast::timeseries
