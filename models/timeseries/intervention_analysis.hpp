#pragma once
// Intervention analysis (Box & Tiao 1975): the effect of a dated event (a law, a new policing
// tactic) on a series, estimated as the coefficient of an intervention regressor in a
// regression with ARIMA errors, alongside other covariates:
//
//   g(y_t) = omega * x_t + beta' z_t + n_t,   n_t ~ ARIMA(p,d,q)(P,D,Q)_s,
//
// with g the identity or log, z_t covariates (optionally logged) and x_t the intervention term
// from period t0 on: a step (x_t = 1 for t >= t0), a ramp (x_t = t - t0 + 1, a change of slope
// per period) or a pulse (x_t = 1 at t0 only). On the log scale a step's omega is a
// proportional change, reported as 100 (exp(omega) - 1) % with the interval transformed
// alike. The counterfactual is the series with the intervention's contribution removed,
// g^{-1}(g(y_t) - omega x_t): what the model says would have been seen without it.
//
// The ARIMA part is fitted by exact Gaussian likelihood (arima.hpp), with either a given order
// or auto.arima's choice with the regressors included (auto_arima.hpp). The Seatbelts analysis
// (Harvey & Durbin 1986; R: Arima(log(drivers), c(0,1,1), c(0,1,1), xreg = cbind(law,
// log(PetrolPrice)))) is the reference case.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "models/optim/fit_summary.hpp"
#include "models/timeseries/arima.hpp"

namespace harmcast::timeseries {

enum class InterventionShape { kStep, kRamp, kPulse };
enum class SeriesTransform { kNone, kLog };
std::string to_string(InterventionShape shape);    // "step", "ramp", "pulse"
std::string to_string(SeriesTransform transform);  // "none", "log"
const std::vector<std::string>& intervention_shape_words();
const std::vector<std::string>& series_transform_words();

// The intervention regressor for `length` periods starting at index `start` (0-based).
std::vector<double> intervention_term(InterventionShape shape, int start, int length);

struct Covariate {
  std::string name;
  std::vector<double> values;  // aligned with the series
  SeriesTransform transform = SeriesTransform::kNone;
};

struct InterventionOptions {
  int start = 0;  // index of the first period affected (0-based; > 0 and < series length)
  InterventionShape shape = InterventionShape::kStep;
  SeriesTransform transform = SeriesTransform::kLog;  // of the series
  std::optional<ArimaOrder> order;    // the error model; unset = chosen as auto.arima does
  double level = 0.95;                // confidence level of the effect's interval, in (0, 1)
  std::string name = "intervention";  // the regressor's name in the coefficient table

  void validate(int series_length) const;
};

struct InterventionResult {
  std::string model;  // e.g. "Regression with ARIMA(0,1,1)(0,1,1)[12] errors"
  FitSummary summary;
  std::vector<ArimaCoefficient> coefficients;  // every coefficient, as R's coef(fit)
  double estimate = 0.0;                       // omega, on the transformed scale
  double std_error = 0.0;
  double conf_low = 0.0, conf_high = 0.0;
  double p_value = 0.0;  // two-sided, normal reference (as lmtest::coeftest on an Arima)
  // For a log transform: 100 (exp(omega) - 1) and its interval; for none: omega itself.
  double percent_change = 0.0, percent_low = 0.0, percent_high = 0.0;
  std::vector<double> fitted;          // one-step fitted values on the original scale
  std::vector<double> counterfactual;  // the series without the intervention's contribution
  double aicc = 0.0;
};

// Throws harmcast::Error (where = "series <id>") for non-positive values under a log
// transform, covariates of the wrong length or with missing values, or a start outside the
// series; a fit that does not converge is reported in `summary`.
InterventionResult analyse_intervention(const Series& series,
                                        const std::vector<Covariate>& covariates,
                                        const InterventionOptions& options);

}  // namespace harmcast::timeseries
