#pragma once
// Automatic choice of the forecasting family per series by rolling-origin accuracy (the
// "horse race" of forecast competitions; Hyndman & Athanasopoulos FPP3 section 5.10; Fildes &
// Petropoulos 2015, "Simple versus complex selection rules for forecasting many time series",
// J. Business Research 68(8)).
//
// Each candidate family fits the whole series, choosing its own specification (the ARIMA order
// by auto_arima, the structural variances by ML, ...). It is then scored by rolling_origin()
// inside the series: at each origin the family is refitted on the data before it with the
// specification kept (ARIMA: the same order, coefficients re-estimated; structural: the same
// variances, states re-filtered; ETS: the same form, re-estimated; count model: re-estimated
// from its whole-series estimates; benchmarks: refitted), so the choice costs a few cheap fits
// per candidate instead of a full search per origin. A series with regressors (intervention
// terms) is only given to the candidates that take them. The equal-weight
// combination of chosen candidates is scored too, from the same origin forecasts. The
// combination wins unless a single candidate's mean MASE over the origins is lower by more than
// `combination_margin`; otherwise the lowest mean MASE wins. A candidate that fails on the
// whole series, or at
// any origin, is recorded with its message and left out. When no candidate could be scored
// (a series too short for any origin), the first candidate that fits is used.
//
// Adding a family is one entry in default_forecast_candidates().
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "models/timeseries/count.hpp"
#include "models/timeseries/rolling_origin.hpp"
#include "models/timeseries/structural.hpp"

namespace harmcast::timeseries {

struct ForecastCandidate {
  std::string name;  // "arima", "structural", "count", "snaive", ...
  ModelFitter fit;   // fits the family, choosing its specification
  // Refit at a cross-validation origin keeping the specification of `chosen` (the fit on the
  // whole series). Empty: `fit` is used at every origin.
  std::function<std::unique_ptr<ForecastModel>(const Series&, const ForecastModel& chosen)> refit;
  // Whether the family uses the series' regressors (e.g. intervention steps). A series with
  // regressors is only given to candidates that do: the others would forecast as if the
  // intervention had not happened.
  bool takes_regressors = false;
};

// The count model as a candidate: defaults with the search-grade optimiser of auto_arima
// (relative tolerance 1e-6, forward differences): the choice compares accuracies, not digits.
CountOptions count_candidate_options();
// The structural model as a candidate: defaults, search-grade optimiser, 300 iterations.
StructuralOptions structural_candidate_options();

// The model forms of the candidates that have options (the distribution, lags and harmonics of
// the count model; trend and seasonal form of the structural model).
struct CandidateForms {
  CountOptions count = count_candidate_options();
  StructuralOptions structural = structural_candidate_options();
};

// auto ARIMA, structural (trend + dummy seasonal), count (NB with feedback, trend, Fourier),
// ETS, seasonal naive; in this order (the order breaks ties and gives the fallback). ARIMA,
// structural and count take regressors.
std::vector<ForecastCandidate> default_forecast_candidates(const CandidateForms& forms = {});

struct AutoForecastOptions {
  RollingOriginOptions cv;  // origins inside the series given to auto_forecast
  std::vector<ForecastCandidate> candidates = default_forecast_candidates();
  // Also score the equal-weight combination of these candidates (combination.hpp), as the
  // candidate "combination", when every one of them was scored at every origin. Empty: none.
  std::vector<std::string> combine = {"arima", "structural", "count"};
  // The combination is kept unless a single candidate's rolling-origin MASE is lower than the
  // combination's by more than this fraction. Three origins are a noisy basis for a choice, and
  // picking the best of six on them loses to the plain combination (the "forecast combination
  // puzzle", Smith & Wallis 2009, Oxford Bull. Econ. Stat. 71(3); Claeskens et al. 2016, IJF 32).
  // 0.15 was chosen on the first 500 anchor series (held-out MASE: margin 0 0.777, 0.05 0.769,
  // 0.1 0.765, 0.15 0.763, 0.2 0.764) and checked on the other 500 (0.810 by plain choice,
  // 0.792 with the margin; count alone 0.798, the combination alone 0.791).
  double combination_margin = 0.15;
  void validate() const;
};

struct CandidateResult {
  std::string name;
  std::string model;    // description() of the fit on the whole series ("" if it failed)
  std::string message;  // why the candidate was left out ("" if it was scored)
  RollingOriginResult cv;
  double fit_seconds = 0, cv_seconds = 0;  // time of the whole-series fit and of the origins
};

struct AutoForecastResult {
  std::unique_ptr<ForecastModel> model;  // the chosen family fitted on the whole series
  std::string chosen;                    // its candidate name
  double cv_mase = NAN;                  // its mean MASE over the origins (NaN: fallback)
  std::vector<CandidateResult> candidates;
};

// Throws harmcast::Error (naming the series) only when no candidate can be fitted at all; the
// message lists each candidate's reason.
AutoForecastResult auto_forecast(const Series& series, const AutoForecastOptions& options);
// With the default options (one shared instance: a temporary default argument trips GCC 12's
// -Wmaybe-uninitialized on the options' vectors).
AutoForecastResult auto_forecast(const Series& series);

}  // namespace harmcast::timeseries
