#include "models/timeseries/intervention_analysis.hpp"

#include <fmt/format.h>

#include <cmath>

#include "engine/core/error.hpp"
#include "models/timeseries/auto_arima.hpp"

namespace harmcast::timeseries {

const std::vector<std::string>& intervention_shape_words() {
  static const std::vector<std::string> words{"step", "ramp", "pulse"};
  return words;
}

const std::vector<std::string>& series_transform_words() {
  static const std::vector<std::string> words{"none", "log"};
  return words;
}

std::string to_string(InterventionShape shape) {
  return intervention_shape_words()[static_cast<std::size_t>(shape)];
}

std::string to_string(SeriesTransform transform) {
  return series_transform_words()[static_cast<std::size_t>(transform)];
}

std::vector<double> intervention_term(InterventionShape shape, int start, int length) {
  std::vector<double> x(static_cast<std::size_t>(std::max(length, 0)), 0.0);
  for (int t = std::max(start, 0); t < length; ++t) {
    switch (shape) {
      case InterventionShape::kStep:
        x[t] = 1.0;
        break;
      case InterventionShape::kRamp:
        x[t] = t - start + 1.0;
        break;
      case InterventionShape::kPulse:
        x[t] = t == start ? 1.0 : 0.0;
        break;
    }
  }
  return x;
}

void InterventionOptions::validate(int series_length) const {
  if (start <= 0 || start >= series_length) {
    throw Error("intervention",
                fmt::format("the intervention starts at period {} of {}", start + 1, series_length),
                "Choose a start inside the series, with at least one period before and after it.");
  }
  if (!(level > 0 && level < 1)) {
    throw Error("intervention", fmt::format("level {} is not in (0, 1)", level),
                "Give the confidence level as a fraction, e.g. 0.95.");
  }
}

namespace {

double forward(double value, SeriesTransform transform) {
  return transform == SeriesTransform::kLog ? std::log(value) : value;
}

double inverse(double value, SeriesTransform transform) {
  return transform == SeriesTransform::kLog ? std::exp(value) : value;
}

// The transformed values; throws for a value the transform cannot take.
std::vector<double> transformed(const std::vector<double>& values, SeriesTransform transform,
                                const std::string& where, const std::string& what,
                                bool allow_missing) {
  std::vector<double> out(values.size());
  for (std::size_t t = 0; t < values.size(); ++t) {
    const double v = values[t];
    if (std::isnan(v)) {
      if (!allow_missing) {
        throw Error(where, fmt::format("{} is missing at period {}", what, t + 1),
                    "Regressors must be complete: fill or drop the missing periods.");
      }
      out[t] = v;
      continue;
    }
    if (transform == SeriesTransform::kLog && !(v > 0)) {
      throw Error(where, fmt::format("{} is {} at period {}; its log is undefined", what, v, t + 1),
                  "Use transform: none, or a series of positive values.");
    }
    out[t] = forward(v, transform);
  }
  return out;
}

}  // namespace

InterventionResult analyse_intervention(const Series& series,
                                        const std::vector<Covariate>& covariates,
                                        const InterventionOptions& options) {
  const std::string where = series.id.empty() ? std::string("series") : "series " + series.id;
  const int n = static_cast<int>(series.values.size());
  options.validate(n);

  Series model_series;
  model_series.id = series.id;
  model_series.period = series.period;
  model_series.values =
      transformed(series.values, options.transform, where, "the series", /*allow_missing=*/true);
  const std::vector<double> x = intervention_term(options.shape, options.start, n);
  model_series.xreg.names.push_back(options.name);
  model_series.xreg.columns.push_back(x);
  for (const auto& c : covariates) {
    if (static_cast<int>(c.values.size()) != n) {
      throw Error(
          where,
          fmt::format("covariate {} has {} values for {} periods", c.name, c.values.size(), n),
          "Give the covariate for every period of the series.");
    }
    model_series.xreg.names.push_back(c.name);
    model_series.xreg.columns.push_back(
        transformed(c.values, c.transform, where, "covariate " + c.name, /*allow_missing=*/false));
  }
  model_series.validate("intervention analysis");

  std::unique_ptr<ArimaModel> fit;
  if (options.order) {
    ArimaOptions arima;
    arima.order = *options.order;
    fit = fit_arima(model_series, arima);
  } else {
    fit = auto_arima(model_series);
  }

  InterventionResult r;
  r.model = fit->description();
  r.summary = fit->summary();
  r.coefficients = fit->coefficients();
  r.aicc = fit->aicc().value_or(NAN);
  for (const auto& c : r.coefficients) {
    if (c.name != options.name) continue;
    r.estimate = c.estimate;
    r.std_error = c.std_error;
  }
  const double z = normal_quantile(0.5 + options.level / 2);
  r.conf_low = r.estimate - z * r.std_error;
  r.conf_high = r.estimate + z * r.std_error;
  r.p_value = std::erfc(std::abs(r.estimate / r.std_error) / std::sqrt(2.0));
  if (options.transform == SeriesTransform::kLog) {
    r.percent_change = 100 * std::expm1(r.estimate);
    r.percent_low = 100 * std::expm1(r.conf_low);
    r.percent_high = 100 * std::expm1(r.conf_high);
  } else {
    r.percent_change = r.estimate;
    r.percent_low = r.conf_low;
    r.percent_high = r.conf_high;
  }
  const auto& fitted = fit->fitted();
  r.fitted.resize(n);
  r.counterfactual.resize(n);
  for (int t = 0; t < n; ++t) {
    r.fitted[t] = std::isnan(fitted[t]) ? NAN : inverse(fitted[t], options.transform);
    const double g = model_series.values[t];
    r.counterfactual[t] = std::isnan(g) ? NAN : inverse(g - r.estimate * x[t], options.transform);
  }
  return r;
}

}  // namespace harmcast::timeseries
