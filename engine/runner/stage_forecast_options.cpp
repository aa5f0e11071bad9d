#include "engine/runner/stage_forecast_options.hpp"

#include <fmt/format.h>

#include "engine/core/error.hpp"
#include "models/timeseries/intervention_analysis.hpp"

namespace harmcast {

namespace ts = timeseries;

namespace {

// The count form of `config` on top of `options` (its optimiser and simulation settings kept).
ts::CountOptions with_form(ts::CountOptions options, const ForecastCountConfig& config) {
  options.distribution = ts::count_distribution_from_string(config.distribution);
  options.past_obs = config.past_obs;
  options.past_mean = config.past_mean;
  options.harmonics = config.harmonics;
  options.trend = config.trend;
  return options;
}

ts::StructuralOptions with_form(ts::StructuralOptions options,
                                const ForecastStructuralConfig& config) {
  options.trend = ts::structural_trend_from_string(config.trend);
  options.seasonal = ts::structural_seasonal_from_string(config.seasonal);
  return options;
}

ts::InterventionShape shape_from(const std::string& word) {
  const auto& words = ts::intervention_shape_words();
  for (std::size_t i = 0; i < words.size(); ++i)
    if (words[i] == word) return static_cast<ts::InterventionShape>(i);
  throw InternalError("intervention shape word not known to the models: " + word);
}

}  // namespace

ForecastFamilyOptions forecast_family_options(const ForecastCountConfig& count,
                                              const ForecastStructuralConfig& structural) {
  ForecastFamilyOptions out;
  out.count = with_form(out.count, count);
  out.structural = with_form(out.structural, structural);
  out.candidates.count = with_form(out.candidates.count, count);
  out.candidates.structural = with_form(out.candidates.structural, structural);
  return out;
}

ts::Regressors intervention_regressors(const std::vector<ForecastInterventionConfig>& interventions,
                                       Period first, int n_fit, int length) {
  ts::Regressors xreg;
  for (const auto& intervention : interventions) {
    const std::string name = intervention.regressor_name();
    const std::string where = "forecast.interventions: " + name;
    const Period start = *intervention.start;
    if (start.frequency() != first.frequency())
      throw Error(where,
                  fmt::format("start {} is not of the series' frequency (first period {})",
                              start.to_string(), first.to_string()),
                  "Give the start as a period of the data, e.g. " + first.to_string() + ".");
    const std::int64_t index = start - first;
    if (index <= 0)
      throw Error(where,
                  fmt::format("starts at {}, not after the series' first period {}: nothing "
                              "before it to compare with",
                              start.to_string(), first.to_string()),
                  "Use a start inside the data, or leave the intervention out.");
    if (index >= n_fit)
      throw Error(where,
                  fmt::format("starts at {}, after the last fitted period {}: its effect cannot "
                              "be estimated yet",
                              start.to_string(), (first + (n_fit - 1)).to_string()),
                  "Model a planned change in the scenarios section instead.");
    xreg.names.push_back(name);
    xreg.columns.push_back(
        ts::intervention_term(shape_from(intervention.shape), static_cast<int>(index), length));
  }
  return xreg;
}

ts::Regressors regressor_rows(const ts::Regressors& xreg, int from, int count) {
  ts::Regressors out;
  out.names = xreg.names;
  for (const auto& column : xreg.columns)
    out.columns.emplace_back(column.begin() + from, column.begin() + from + count);
  return out;
}

}  // namespace harmcast
