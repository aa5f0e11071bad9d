#pragma once
// Count time-series regression with feedback, the log-linear model of R's tscount::tsglm
// (Liboschik, Fokianos & Fried 2017, "tscount: An R package for analysis of count time series
// following generalized linear models", J. Stat. Software 82(5); Fokianos & Tjostheim 2011):
//   y_t | past ~ Poisson(lambda_t)  or  NegBin(mean lambda_t, size theta)
//   nu_t = log lambda_t = beta_0 + sum_k beta_k log(y_{t-i_k} + 1) + sum_l alpha_l nu_{t-j_l}
//                         + eta' X_t
// with X_t = [trend t/n] [Fourier terms sin/cos(2 pi k t / m), k = 1..K] [user regressors, e.g.
// intervention steps and ramps]. As in tscount, covariates enter nu_t and so propagate through
// the feedback on nu.
//
// Estimation: maximum (conditional) likelihood over t = 1..n with pre-sample values
// nu_t = log(y_t + 1) = (beta_0 + eta' X_1) / (1 - sum beta - sum alpha) for t <= 0 (the marginal
// level of the process at the first covariate values, tscount's init.method = "marginal" idea).
// Parameters are restricted to |beta_k|, |alpha_l| < 1 and |sum beta + sum alpha| < 1 (tscount's
// stationarity region for the log-linear model). Without feedback terms the model is a GLM and is
// fitted by IRLS (R's glm / MASS::glm.nb); with feedback, harmcast::minimize maximises the
// likelihood jointly in (beta, alpha, eta[, log theta]) from the GLM solution. (tscount fits the
// negative binomial by Poisson quasi-likelihood plus a moment estimate of theta; harmcast uses
// the full NB likelihood, which is what glm.nb does without feedback.)
// Missing y_t are left out of the likelihood; the feedback then uses log(lambda_t + 1).
//
// Forecasts: the predictive distribution by simulation of paths (the y's feed back), with
// `n_paths` paths from a fixed seed, so forecast() is deterministic. The mean is lambda_{n+1} at
// h = 1 (and exp(nu) at every h without feedback), otherwise the path mean; the interval bounds are
// integer quantiles of the simulated counts (never negative). Parameter uncertainty is not
// included there; simulate_with_parameter_uncertainty() adds it to sample paths.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "models/optim/minimize.hpp"
#include "models/timeseries/forecast_model.hpp"

namespace harmcast::timeseries {

enum class CountDistribution { kPoisson, kNegativeBinomial };
std::string to_string(CountDistribution distribution);  // "poisson", "negbin"
CountDistribution count_distribution_from_string(std::string_view text);

struct CountOptions {
  CountDistribution distribution = CountDistribution::kNegativeBinomial;
  std::vector<int> past_obs = {1};   // lags i_k of log(y + 1) (tscount's past_obs)
  std::vector<int> past_mean = {1};  // lags j_l of nu (tscount's past_mean)
  bool trend = true;                 // a linear trend t / n in X
  int harmonics = 2;                 // Fourier pairs K (capped at floor(m / 2)); 0 = none
  int n_paths = 2000;                // simulated paths behind forecast() intervals
  std::uint64_t seed = 20240601;     // seed of forecast()'s paths
  MinimizeOptions optimizer;         // for the feedback model
  // Starting values (beta0, beta_k, alpha_l, eta[, log theta]) instead of the GLM solution, e.g.
  // the estimates on a longer stretch of the same series (cross-validation refits).
  std::vector<double> start;
  void validate() const;
};

struct CountCoefficient {
  std::string name;  // "intercept", "beta_1", "alpha_1", "trend", "sin1", "cos1", regressors
  double estimate = 0.0;
};

class CountModel final : public ForecastModel {
 public:
  struct Fit;  // estimation results (count.cpp)
  explicit CountModel(std::shared_ptr<const Fit> fit);

  std::string description() const override;  // "Count NegBin(past_obs 1, past_mean 1, K=2)"
  const FitSummary& summary() const override;
  Forecast forecast(const ForecastRequest& request) const override;
  const std::vector<double>& fitted() const override;     // lambda_t
  const std::vector<double>& residuals() const override;  // y_t - lambda_t
  std::vector<std::vector<double>> simulate(int horizon, int n_paths, RandomStream& stream,
                                            const Regressors& future_xreg = {}) const override;
  // As simulate(), plus parameter uncertainty (count_simulate.cpp): each path first draws the
  // parameters from the asymptotic normal of the estimates (inverse numeric Hessian) and reruns
  // the recursion over the series with them.
  std::vector<std::vector<double>> simulate_with_parameter_uncertainty(
      int horizon, int n_paths, RandomStream& stream, const Regressors& future_xreg = {},
      int paths_per_draw = 1) const override;
  bool has_parameter_uncertainty() const override;
  std::optional<double> log_likelihood() const override;
  std::optional<double> aic() const override;
  std::optional<double> aicc() const override;
  std::optional<double> bic() const override;
  int n_parameters() const override;

  const std::vector<CountCoefficient>& coefficients() const;
  double coefficient(const std::string& name) const;  // throws harmcast::Error if none
  double theta() const;                               // NB size; +inf for Poisson
  // All estimated parameters in CountOptions::start order (log theta last for NB).
  const std::vector<double>& parameters() const;

 private:
  std::shared_ptr<const Fit> fit_;
};

// Throws harmcast::Error for data a count model cannot take: negative or non-integer values,
// all missing, a constant zero series, or fewer observations than parameters + 2.
std::unique_ptr<CountModel> fit_count(const Series& series, const CountOptions& options = {});

}  // namespace harmcast::timeseries
