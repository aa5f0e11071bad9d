#pragma once
// Automatic ARIMA order selection as R's forecast::auto.arima (Hyndman & Khandakar 2008,
// "Automatic time series forecasting: the forecast package for R", J. Stat. Software 27(3)),
// with forecast 8.20's defaults:
//  1. D from the seasonal strength of an STL decomposition (> 0.64: D = 1; seasonal.test =
//     "seas"), d from repeated KPSS tests at alpha = 0.05 (see unit_root.hpp). With regressors
//     the tests run on the residuals of a regression of y on them.
//  2. Stepwise search minimising AICc: start from ARIMA(2,d,2)(1,D,1), (0,d,0)(0,D,0),
//     (1,d,0)(1,D,0), (0,d,1)(0,D,1) and the model without constant, then repeatedly vary
//     p, q, P, Q by +-1 (singly and in pairs) and toggle the constant, moving to any better
//     model, until no neighbour improves (at most 94 models).
//  3. A constant (mean when d + D = 0, drift when d + D = 1) is allowed; never when d + D >= 2.
//  4. Models with an AR or MA root within 1.01 of the unit circle, or with a negative
//     variance in the coefficient covariance, are rejected.
//  5. With n > 150 or period > 12 the search uses the CSS approximation
//     (AIC ~ offset + n* log sigma^2_CSS + 2 npar) and refits the best models exactly.
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "models/timeseries/arima.hpp"

namespace harmcast::timeseries {

enum class InformationCriterion { kAicc, kAic, kBic };
std::string to_string(InformationCriterion ic);  // "aicc", "aic", "bic"
InformationCriterion information_criterion_from_string(std::string_view text);

struct AutoArimaOptions {
  std::optional<int> d;      // regular differences; chosen by KPSS tests when unset
  std::optional<int> D;      // seasonal differences; chosen by seasonal strength when unset
  int max_p = 5, max_q = 5;  // largest non-seasonal orders
  int max_P = 2, max_Q = 2;  // largest seasonal orders
  int max_d = 2, max_D = 1;  // most differences the tests may choose
  int start_p = 2, start_q = 2, start_P = 1, start_Q = 1;  // first model of the search
  bool stationary = false;                                 // restrict to d = D = 0
  bool seasonal = true;                                    // false: non-seasonal models only
  InformationCriterion ic = InformationCriterion::kAicc;   // criterion to minimise
  int max_models = 94;                                     // stepwise search budget (R's nmodels)
  // CSS approximation during the search; unset = R's rule (n > 150 or period > 12).
  std::optional<bool> approximation;
  bool allow_drift = true;                    // consider a drift when d + D == 1
  bool allow_mean = true;                     // consider a mean when d + D == 0
  double kpss_alpha = 0.05;                   // level of the KPSS tests for d
  double seasonal_strength_threshold = 0.64;  // seasonal difference when strength exceeds it
  // For every candidate fit. Looser than fit_arima's defaults (and R's reltol 1e-8) with
  // forward-difference gradients: the search compares criteria, not digits of coefficients.
  // These chose the same model as the tight defaults on the first 60 anchor series and on every
  // R test series, in a third of the time.
  MinimizeOptions optimizer = search_optimizer_defaults();

  static MinimizeOptions search_optimizer_defaults() {
    MinimizeOptions o;
    o.function_tolerance = 1e-6;
    o.gradient_tolerance = 1e-6;
    o.parameter_tolerance = 1e-8;
    o.forward_differences = true;
    return o;
  }

  void validate() const;
};

// One fitted candidate of the search, in the order fitted.
struct ArimaCandidate {
  ArimaOrder order;
  bool constant = false;
  double ic = 0.0;  // +inf when the fit failed or was rejected
};

struct AutoArimaTrace {
  int d = 0, D = 0;
  bool approximation = false;
  std::vector<ArimaCandidate> candidates;
};

// Selects and fits the model. Throws harmcast::Error for an all-missing or constant series,
// a differenced series that is constant, or when no candidate can be fitted.
std::unique_ptr<ArimaModel> auto_arima(const Series& series, const AutoArimaOptions& options = {},
                                       AutoArimaTrace* trace = nullptr);

}  // namespace harmcast::timeseries
