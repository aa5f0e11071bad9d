#include "models/timeseries/count.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

#include "engine/core/error.hpp"
#include "models/regression/glm.hpp"
#include "models/regression/negbin.hpp"
#include "models/timeseries/count_fit.hpp"

namespace harmcast::timeseries {

std::string to_string(CountDistribution distribution) {
  return distribution == CountDistribution::kPoisson ? "poisson" : "negbin";
}
CountDistribution count_distribution_from_string(std::string_view text) {
  if (text == "poisson") return CountDistribution::kPoisson;
  if (text == "negbin") return CountDistribution::kNegativeBinomial;
  throw Error("count distribution", fmt::format("unknown distribution '{}'", text),
              "use poisson or negbin");
}

void CountOptions::validate() const {
  for (const auto* lags : {&past_obs, &past_mean})
    for (int lag : *lags)
      if (lag < 1 || lag > 60)
        throw Error("CountOptions.past_obs/past_mean",
                    fmt::format("lags must be between 1 and 60, got {}", lag), "");
  if (harmonics < 0)
    throw Error("CountOptions.harmonics", fmt::format("must be >= 0, got {}", harmonics), "");
  if (n_paths < 100)
    throw Error("CountOptions.n_paths", fmt::format("must be >= 100, got {}", n_paths),
                "quantiles of fewer paths are too noisy");
  optimizer.validate();
}

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kMaxLogMean = 30;
// IRLS tolerance: tighter than glm's 1e-8 so the no-feedback fit is the MLE to ~1e-8.
constexpr double kGlmEpsilon = 1e-11;  // exp(30) ~ 1e13: beyond that the recursion has diverged

}  // namespace

namespace detail {

bool feasible(const CountModel::Fit& f, const double* par) {
  double sum = 0;
  for (int k = 1; k < f.first_eta(); ++k) {
    if (std::abs(par[k]) >= 1) return false;
    sum += par[k];
  }
  return std::abs(sum) < 1;
}

// Runs the recursion over t = from .. to - 1 given z = log(y + 1) (NaN = missing, filled
// with log(lambda + 1)) and the covariate rows; writes nu. Returns false if it diverges.
bool run_recursion(const CountModel::Fit& f, const double* par, const std::vector<double>& xrows,
                   std::vector<double>& z, std::vector<double>& nu, int from, int to) {
  const int k = f.n_covariates(), e = f.first_eta();
  double sum = 0, level = par[0];
  for (int j = 1; j < e; ++j) sum += par[j];
  for (int j = 0; j < k; ++j) level += par[e + j] * xrows[j];
  const double presample = level / (1 - sum);
  for (int t = from; t < to; ++t) {
    double v = par[0];
    for (int i = 0; i < f.n_obs_lags(); ++i) {
      const int s = t - f.options.past_obs[i];
      v += par[1 + i] * (s < 0 ? presample : z[s]);
    }
    for (int i = 0; i < f.n_mean_lags(); ++i) {
      const int s = t - f.options.past_mean[i];
      v += par[1 + f.n_obs_lags() + i] * (s < 0 ? presample : nu[s]);
    }
    const double* x = xrows.data() + static_cast<std::size_t>(t) * k;
    for (int j = 0; j < k; ++j) v += par[e + j] * x[j];
    if (!(std::abs(v) < kMaxLogMean)) return false;
    nu[t] = v;
    if (std::isnan(z[t])) z[t] = std::log(std::exp(v) + 1);
  }
  return true;
}

double log_density(double y, double nu, double theta, bool negbin) {
  if (!negbin) return y * nu - std::exp(nu) - std::lgamma(y + 1);
  const double mu = std::exp(nu);
  return std::lgamma(y + theta) - std::lgamma(theta) - std::lgamma(y + 1) +
         theta * std::log(theta) + y * nu - (theta + y) * std::log(theta + mu);
}

// Log-likelihood at `par`; -inf outside the parameter space. Fills nu.
double log_likelihood_at(const CountModel::Fit& f, const double* par,
                         const std::vector<double>& xrows, std::vector<double>& z,
                         std::vector<double>& nu) {
  if (!feasible(f, par)) return -kInf;
  for (int t = 0; t < f.n; ++t) z[t] = std::isnan(f.y[t]) ? NAN : std::log(f.y[t] + 1);
  if (!run_recursion(f, par, xrows, z, nu, 0, f.n)) return -kInf;
  const double theta = f.negbin() ? std::exp(par[f.first_eta() + f.n_covariates()]) : 0.0;
  double ll = 0;
  for (int t = 0; t < f.n; ++t)
    if (!std::isnan(f.y[t])) ll += log_density(f.y[t], nu[t], theta, f.negbin());
  return ll;
}

std::vector<double> covariate_rows(const CountModel::Fit& f, int horizon, const Regressors& future,
                                   const std::string& model) {
  if (future.count() != f.n_user ||
      (f.n_user > 0 && static_cast<int>(future.columns[0].size()) != horizon))
    throw Error(
        model,
        fmt::format("the model needs {} future regressor columns of {} rows", f.n_user, horizon),
        "supply future values of every regressor (and none for a model without)");
  const int k = f.n_covariates();
  std::vector<double> rows(static_cast<std::size_t>(f.n + horizon) * k);
  for (int t = 0; t < f.n + horizon; ++t)
    f.covariates(t, &future, rows.data() + static_cast<std::size_t>(t) * k);
  return rows;
}

}  // namespace detail

using detail::log_likelihood_at;
using detail::run_recursion;

namespace {

std::string where_of(const Series& series) {
  return series.id.empty() ? std::string("count model") : "count model: series " + series.id;
}

void check_counts(const Series& series, const std::string& where) {
  series.validate("count model");
  for (std::size_t t = 0; t < series.values.size(); ++t) {
    const double v = series.values[t];
    if (std::isnan(v)) continue;
    if (v < 0 || std::abs(v - std::round(v)) > 1e-9)
      throw Error(
          where,
          fmt::format("count models need non-negative whole numbers, but value {} is {}", t + 1, v),
          "use arima or structural for other data, or correct the value");
  }
}

// GLM start (and the final fit without feedback): intercept + covariates, missing rows dropped.
std::vector<double> glm_start(const CountModel::Fit& f, const std::vector<double>& xrows,
                              std::string& message, bool& converged) {
  const int k = f.n_covariates();
  Eigen::MatrixXd X(f.n_observed, 1 + k);
  Eigen::VectorXd y(f.n_observed);
  for (int t = 0, r = 0; t < f.n; ++t) {
    if (std::isnan(f.y[t])) continue;
    X(r, 0) = 1;
    for (int j = 0; j < k; ++j) X(r, 1 + j) = xrows[static_cast<std::size_t>(t) * k + j];
    y(r++) = f.y[t];
  }
  GlmResult glm;
  double theta = NAN;
  if (f.negbin()) {
    NegBinOptions o;
    o.threads = 1;
    o.epsilon = kGlmEpsilon;
    const auto nb = fit_negbin(X, y, o);
    glm = nb.glm;
    theta = nb.theta;
  } else {
    GlmOptions o;
    o.family = GlmFamily::Poisson;
    o.threads = 1;
    o.epsilon = kGlmEpsilon;
    glm = fit_glm(X, y, o);
  }
  for (bool aliased : glm.aliased)
    if (aliased)
      throw Error(f.id.empty() ? "count model" : "count model: series " + f.id,
                  "the trend, seasonal and regressor terms are collinear on this series",
                  "drop a regressor or use fewer harmonics");
  converged = glm.status == FitStatus::kConverged;
  message = glm.message;
  std::vector<double> par(f.first_eta() + k + (f.negbin() ? 1 : 0), 0.0);
  par[0] = glm.coefficients(0);
  for (int j = 0; j < k; ++j) par[f.first_eta() + j] = glm.coefficients(1 + j);
  if (f.negbin()) par.back() = std::log(std::clamp(theta, 1e-3, 1e6));
  return par;
}

}  // namespace

std::unique_ptr<CountModel> fit_count(const Series& series, const CountOptions& options) {
  const std::string where = where_of(series);
  options.validate();
  check_counts(series, where);
  auto fit = std::make_shared<CountModel::Fit>();
  auto& f = *fit;
  f.options = options;
  f.period = series.period;
  f.id = series.id;
  f.y = series.values;
  f.xreg = series.xreg;
  f.n = static_cast<int>(f.y.size());
  f.n_user = series.xreg.count();
  f.harmonics = series.period > 1 ? std::min(options.harmonics, series.period / 2) : 0;
  double total = 0;
  for (double v : f.y)
    if (!std::isnan(v)) ++f.n_observed, total += v;
  const int k = f.n_covariates();
  const int n_par = f.first_eta() + k + (f.negbin() ? 1 : 0);
  if (f.n_observed < n_par + 2)
    throw Error(
        where, fmt::format("{} observed counts are too few for {} parameters", f.n_observed, n_par),
        "use fewer harmonics or feedback lags, or a longer series");
  if (total == 0)
    throw Error(where, "every count is zero, so the log-mean is minus infinity",
                "forecast zero directly, or use the mean forecast");
  for (const auto& column : f.xreg.columns)
    for (double v : column)
      if (!std::isfinite(v)) throw Error(where, "a regressor value is missing or infinite", "");
  f.names = {"intercept"};
  for (int lag : options.past_obs) f.names.push_back(fmt::format("beta_{}", lag));
  for (int lag : options.past_mean) f.names.push_back(fmt::format("alpha_{}", lag));
  if (options.trend) f.names.push_back("trend");
  for (int h = 1; h <= f.harmonics; ++h) {
    if (2 * h != f.period) f.names.push_back(fmt::format("sin{}", h));
    f.names.push_back(fmt::format("cos{}", h));
  }
  for (const auto& name : series.xreg.names) f.names.push_back(name);

  std::vector<double> xrows(static_cast<std::size_t>(f.n) * k);
  for (int t = 0; t < f.n; ++t)
    f.covariates(t, nullptr, xrows.data() + static_cast<std::size_t>(t) * k);
  std::string glm_message;
  bool glm_converged = false;
  if (!options.start.empty() && f.first_eta() > 1) {
    if (static_cast<int>(options.start.size()) != n_par)
      throw Error("CountOptions.start",
                  fmt::format("needs {} starting values, got {}", n_par, options.start.size()),
                  "give one per parameter, in parameters() order");
    f.par = options.start;
  } else {
    f.par = glm_start(f, xrows, glm_message, glm_converged);
  }
  std::vector<double> z(f.n), nu(f.n);
  if (f.first_eta() == 1) {
    f.summary = closed_form_summary("IRLS (no feedback terms): " + glm_message);
    if (!glm_converged) f.summary.status = FitStatus::kUsable;
  } else {
    const auto objective = [&](const double* p) {
      const double ll = log_likelihood_at(f, p, xrows, z, nu);
      return std::isfinite(ll) ? -ll / f.n_observed : std::nan("");
    };
    f.summary = minimize(objective, f.par, options.optimizer);
  }
  f.loglik = log_likelihood_at(f, f.par.data(), xrows, z, nu);
  if (!std::isfinite(f.loglik)) {
    f.summary.status = FitStatus::kFailed;
    f.summary.message = "the log-likelihood is not finite at the estimates";
  }
  f.nu = nu;
  f.fitted.resize(f.n);
  f.residuals.resize(f.n);
  for (int t = 0; t < f.n; ++t) {
    f.fitted[t] = std::exp(nu[t]);
    f.residuals[t] = f.y[t] - f.fitted[t];  // NaN where y is missing
  }
  for (std::size_t j = 0; j < f.names.size(); ++j) f.coefficients.push_back({f.names[j], f.par[j]});
  return std::make_unique<CountModel>(std::move(fit));
}

CountModel::CountModel(std::shared_ptr<const Fit> fit) : fit_(std::move(fit)) {
  if (!fit_) throw InternalError("CountModel needs a fit");
}

std::string CountModel::description() const {
  const auto& o = fit_->options;
  const auto lags = [](const std::vector<int>& l) {
    return l.empty() ? std::string("none") : fmt::format("{}", fmt::join(l, ","));
  };
  std::string text = fmt::format("Count {}(obs {}; mean {})", fit_->negbin() ? "NegBin" : "Poisson",
                                 lags(o.past_obs), lags(o.past_mean));
  if (o.trend) text += " + trend";
  if (fit_->harmonics > 0) text += fmt::format(" + Fourier K={}", fit_->harmonics);
  if (fit_->n_user > 0) text += fmt::format(" + {} regressors", fit_->n_user);
  return text;
}
const FitSummary& CountModel::summary() const { return fit_->summary; }
const std::vector<double>& CountModel::fitted() const { return fit_->fitted; }
const std::vector<double>& CountModel::residuals() const { return fit_->residuals; }
std::optional<double> CountModel::log_likelihood() const { return fit_->loglik; }
int CountModel::n_parameters() const { return static_cast<int>(fit_->par.size()); }
std::optional<double> CountModel::aic() const { return -2 * fit_->loglik + 2 * n_parameters(); }
std::optional<double> CountModel::aicc() const {
  const double k = n_parameters(), n = fit_->n_observed;
  if (n - k - 1 <= 0) return std::nullopt;
  return *aic() + 2 * k * (k + 1) / (n - k - 1);
}
std::optional<double> CountModel::bic() const {
  return -2 * fit_->loglik + n_parameters() * std::log(fit_->n_observed);
}
const std::vector<CountCoefficient>& CountModel::coefficients() const { return fit_->coefficients; }
double CountModel::coefficient(const std::string& name) const {
  for (std::size_t j = 0; j < fit_->names.size(); ++j)
    if (fit_->names[j] == name) return fit_->par[j];
  throw Error(description(), fmt::format("no coefficient named '{}'", name), "");
}
const std::vector<double>& CountModel::parameters() const { return fit_->par; }
double CountModel::theta() const { return fit_->negbin() ? std::exp(fit_->par.back()) : kInf; }

std::vector<std::vector<double>> CountModel::simulate(int horizon, int n_paths,
                                                      RandomStream& stream,
                                                      const Regressors& future_xreg) const {
  const auto& f = *fit_;
  check_simulation_size(description(), horizon, n_paths);
  const std::vector<double> xrows = detail::covariate_rows(f, horizon, future_xreg, description());
  std::vector<double> z(f.n + horizon), nu(f.n + horizon);
  for (int t = 0; t < f.n; ++t) {
    z[t] = std::isnan(f.y[t]) ? std::log(std::exp(f.nu[t]) + 1) : std::log(f.y[t] + 1);
    nu[t] = f.nu[t];
  }
  const double size = theta();
  std::vector<std::vector<double>> paths(n_paths, std::vector<double>(horizon));
  for (auto& path : paths) {
    for (int h = 0; h < horizon; ++h) {
      const int t = f.n + h;
      z[t] = 0;  // set below from the draw; not NaN, so the recursion leaves it
      run_recursion(f, f.par.data(), xrows, z, nu, t, t + 1);
      const double mean = std::exp(nu[t]);
      const double draw = f.negbin() ? static_cast<double>(stream.negative_binomial(size, mean))
                                     : static_cast<double>(stream.poisson(mean));
      path[h] = draw;
      z[t] = std::log(draw + 1);
    }
  }
  return paths;
}

Forecast CountModel::forecast(const ForecastRequest& request) const {
  request.validate(description());
  if (!fit_->summary.usable())
    throw Error(description(), "cannot forecast from a failed fit: " + fit_->summary.message, "");
  const int h = request.horizon;
  RandomStream stream(fit_->options.seed, 0);
  const auto paths = simulate(h, fit_->options.n_paths, stream, request.future_xreg);
  // Exact means where they are known: nu_{n+1} needs no simulated y; without lagged y's no step
  // does. Computed from the mean recursion with z at its simulated-free values.
  Forecast out;
  out.model = description();
  out.mean.assign(h, 0.0);
  for (const auto& path : paths)
    for (int t = 0; t < h; ++t) out.mean[t] += path[t] / paths.size();
  {
    const auto& f = *fit_;
    const int exact = f.n_obs_lags() == 0 ? h : 1;
    const int k = f.n_covariates();
    std::vector<double> xrows(static_cast<std::size_t>(f.n + h) * k);
    for (int t = 0; t < f.n + h; ++t)
      f.covariates(t, &request.future_xreg, xrows.data() + static_cast<std::size_t>(t) * k);
    std::vector<double> z(f.n + h, 0.0), nu(f.n + h);
    for (int t = 0; t < f.n; ++t) {
      z[t] = std::isnan(f.y[t]) ? std::log(std::exp(f.nu[t]) + 1) : std::log(f.y[t] + 1);
      nu[t] = f.nu[t];
    }
    run_recursion(f, f.par.data(), xrows, z, nu, f.n, f.n + h);
    for (int t = 0; t < exact; ++t) out.mean[t] = std::exp(nu[f.n + t]);
  }
  for (double level : request.levels)
    out.intervals.push_back({level, std::vector<double>(h), std::vector<double>(h)});
  std::vector<double> column(paths.size());
  for (int t = 0; t < h; ++t) {
    for (std::size_t i = 0; i < paths.size(); ++i) column[i] = paths[i][t];
    std::sort(column.begin(), column.end());  // once per step, for every level
    // Type-1 (inverse empirical CDF) quantiles: always one of the simulated counts.
    const auto at = [&](double p) {
      const auto i = static_cast<std::size_t>(std::ceil(p * column.size()));
      return column[std::clamp<std::size_t>(i, 1, column.size()) - 1];
    };
    for (auto& interval : out.intervals) {
      const double a = (1 - interval.level / 100) / 2;
      interval.lower[t] = at(a);
      interval.upper[t] = at(1 - a);
    }
  }
  return out;
}

}  // namespace harmcast::timeseries
