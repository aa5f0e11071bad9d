#include "models/timeseries/auto_forecast.hpp"

#include <fmt/format.h>

#include <chrono>
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

constexpr int kOriginCountPaths = 500;

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

// The chosen structural form and variances, states re-filtered on the shorter series.
std::unique_ptr<ForecastModel> refit_structural(const Series& series, const ForecastModel& chosen,
                                                StructuralOptions options) {
  options.fixed_variances = dynamic_cast<const StructuralModel&>(chosen).variances();
  return fit_structural(series, options);
}

// The count model on the shorter series, started from the chosen model's estimates.
std::unique_ptr<ForecastModel> refit_count(const Series& series, const ForecastModel& chosen,
                                           CountOptions options) {
  options.start = dynamic_cast<const CountModel&>(chosen).parameters();
  // The origin forecasts only score the choice: a quarter of the paths (the means' Monte Carlo
  // error stays ~2% of their sd, small beside the forecast errors; the interval ends move by
  // about one count) for a quarter of the simulation time.
  options.n_paths = kOriginCountPaths;
  return fit_count(series, options);
}

// The chosen ETS form (error, trend, damping, season), its parameters and initial states
// re-estimated from R's starting values: one model instead of a search over all 30 forms.
// (Starting from the whole-series estimates instead was 6% faster on the anchor panel but lets
// the held-out part of each origin leak into its fit through the start: Nelder-Mead often stops
// at its evaluation limit near where it began, and ETS then won the choice half as often again
// with no better held-out accuracy.)
std::unique_ptr<ForecastModel> refit_ets(const Series& series, const ForecastModel& chosen) {
  const EtsStructure& s = dynamic_cast<const EtsModel&>(chosen).structure();
  const auto letter = [](EtsType type) {
    return type == EtsType::kNone ? 'N' : type == EtsType::kAdditive ? 'A' : 'M';
  };
  EtsOptions options;
  options.model = {letter(s.error), letter(s.trend), letter(s.season)};
  options.damped = s.damped;
  return fit_ets(series, options);
}

}  // namespace

CountOptions count_candidate_options() {
  CountOptions options;
  options.optimizer = AutoArimaOptions::search_optimizer_defaults();
  return options;
}

StructuralOptions structural_candidate_options() {
  StructuralOptions options;
  options.optimizer = AutoArimaOptions::search_optimizer_defaults();
  options.optimizer.max_iterations = 300;
  return options;
}

std::vector<ForecastCandidate> default_forecast_candidates(const CandidateForms& forms) {
  const CountOptions count = forms.count;
  const StructuralOptions structural = forms.structural;
  return {
      {"arima", [](const Series& s) { return auto_arima(s); }, refit_arima, true},
      {"structural", [structural](const Series& s) { return fit_structural(s, structural); },
       [structural](const Series& s, const ForecastModel& chosen) {
         return refit_structural(s, chosen, structural);
       },
       true},
      {"count", [count](const Series& s) { return fit_count(s, count); },
       [count](const Series& s, const ForecastModel& chosen) {
         return refit_count(s, chosen, count);
       },
       true},
      {"ets", [](const Series& s) -> std::unique_ptr<ForecastModel> { return fit_ets(s); },
       refit_ets},
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
  if (!(combination_margin >= 0 && combination_margin < 1))
    throw Error("AutoForecastOptions.combination_margin",
                "must be in [0, 1), got " + std::to_string(combination_margin), "");
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
    if (!series.xreg.empty() && !candidate.takes_regressors) {
      entry.message = fmt::format("takes no regressors (the series has {})", series.xreg.count());
      result.candidates.push_back(std::move(entry));
      continue;
    }
    const auto fit_start = std::chrono::steady_clock::now();
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
    const auto cv_start = std::chrono::steady_clock::now();
    entry.fit_seconds = std::chrono::duration<double>(cv_start - fit_start).count();
    entry.cv = rolling_origin(series, fitter, options.cv);
    entry.cv_seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - cv_start).count();
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
    // A single candidate wins only when clearly better than the combination.
    if (std::isfinite(entry.cv.mean_mase) &&
        !(best < (1 - options.combination_margin) * entry.cv.mean_mase)) {
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
