#pragma once
// From the `forecast` section's words (engine/config/forecast_options.hpp) to the options of the
// model families, and the intervention regressors of one series.
#include <string>
#include <vector>

#include "engine/config/experiment_config.hpp"
#include "engine/time/period.hpp"
#include "models/timeseries/auto_forecast.hpp"
#include "models/timeseries/count.hpp"
#include "models/timeseries/structural.hpp"

namespace harmcast {

// The options each family is fitted with. Defaults: the models' own defaults (the families as
// asked for) and auto's candidate defaults (search-grade optimiser).
struct ForecastFamilyOptions {
  timeseries::CountOptions count;            // model: count
  timeseries::StructuralOptions structural;  // model: structural
  timeseries::CandidateForms candidates;     // model: auto (same forms, candidate optimisers)
};

ForecastFamilyOptions forecast_family_options(const ForecastCountConfig& count,
                                              const ForecastStructuralConfig& structural);

// The intervention terms over `length` periods of a series whose first period is `first`, of
// which the first `n_fit` are fitted (the rest is the forecast horizon). Throws harmcast::Error
// (where "forecast.interventions: <name>") when a term cannot be estimated from the fitted part:
// a start of another frequency, at or before the first period (the term would be constant or a
// trend), or after the fitted part (nothing observed with it yet: that is a scenario).
timeseries::Regressors intervention_regressors(
    const std::vector<ForecastInterventionConfig>& interventions, Period first, int n_fit,
    int length);

// Rows [from, from + count) of every column.
timeseries::Regressors regressor_rows(const timeseries::Regressors& xreg, int from, int count);

}  // namespace harmcast
