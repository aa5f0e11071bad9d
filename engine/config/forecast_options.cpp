#include "engine/config/forecast_options.hpp"

#include <fmt/format.h>

#include <set>

namespace harmcast {

const std::vector<std::string>& count_distribution_words() {
  static const std::vector<std::string> words{"poisson", "negbin"};
  return words;
}
const std::vector<std::string>& structural_trend_words() {
  static const std::vector<std::string> words{"level", "trend"};
  return words;
}
const std::vector<std::string>& structural_seasonal_words() {
  static const std::vector<std::string> words{"none", "dummy", "trigonometric"};
  return words;
}
const std::vector<std::string>& forecast_intervention_shape_words() {
  static const std::vector<std::string> words{"step", "ramp", "pulse"};
  return words;
}

namespace {

// Lags must be distinct (a repeated lag makes two identical columns).
void check_distinct(ConfigReader& r, const char* key, const std::vector<int>& lags) {
  if (r.parsing() && std::set<int>(lags.begin(), lags.end()).size() != lags.size())
    r.report(key, "expected distinct lags, got a repeated value");
}

}  // namespace

void declare_options(ConfigReader& r, ForecastCountConfig& c) {
  r.key("distribution", "poisson or negbin (negative binomial).")
      .choice(c.distribution, count_distribution_words());
  r.key("past_obs", "Lags of log(y + 1) in the log-mean, e.g. [1, 12]; [] = none.")
      .integer_list(c.past_obs, in_range(1, 60));
  r.key("past_mean", "Lags of the log-mean itself (feedback), e.g. [1]; [] = none.")
      .integer_list(c.past_mean, in_range(1, 60));
  r.key("harmonics", "Fourier pairs for the season (capped at half the period); 0 = none.")
      .integer(c.harmonics, in_range(0, 26));
  r.key("trend", "Include a linear trend.").boolean(c.trend);
  check_distinct(r, "past_obs", c.past_obs);
  check_distinct(r, "past_mean", c.past_mean);
}

void declare_options(ConfigReader& r, ForecastStructuralConfig& c) {
  r.key("trend", "level (local level) or trend (local linear trend).")
      .choice(c.trend, structural_trend_words());
  r.key("seasonal", "none, dummy or trigonometric seasonal component.")
      .choice(c.seasonal, structural_seasonal_words());
}

void declare_options(ConfigReader& r, ForecastInterventionConfig& c) {
  r.key("name", "Regressor name shown in the model.").shown_default("<shape>_<start>").text(c.name);
  r.key("start", "First period affected.").required().period(c.start);
  r.key("shape", "step, ramp or pulse.").choice(c.shape, forecast_intervention_shape_words());
}

std::string ForecastInterventionConfig::regressor_name() const {
  if (!name.empty()) return name;
  return fmt::format("{}_{}", shape, start ? start->to_string() : std::string("?"));
}

bool forecast_model_takes_regressors(const std::string& model) {
  return model == "auto" || model == "arima" || model == "count" || model == "structural";
}

void check_forecast_interventions(ConfigReader& r, const std::string& model,
                                  std::size_t n_interventions) {
  if (r.parsing() && n_interventions > 0 && !forecast_model_takes_regressors(model))
    r.report("interventions",
             fmt::format("model {} takes no regressors; use auto, arima, count or structural "
                         "with interventions",
                         model));
}

}  // namespace harmcast
