#include "models/timeseries/structural.hpp"

#include <fmt/format.h>

#include <cmath>
#include <numbers>

#include "engine/core/error.hpp"
#include "models/timeseries/structural_fit.hpp"

namespace harmcast::timeseries {

std::string to_string(StructuralTrend trend) {
  return trend == StructuralTrend::kLocalLevel ? "level" : "trend";
}
std::string to_string(StructuralSeasonal seasonal) {
  switch (seasonal) {
    case StructuralSeasonal::kNone:
      return "none";
    case StructuralSeasonal::kDummy:
      return "dummy";
    case StructuralSeasonal::kTrigonometric:
      return "trigonometric";
  }
  throw InternalError("to_string(StructuralSeasonal): unknown enumerator");
}
StructuralTrend structural_trend_from_string(std::string_view text) {
  if (text == "level") return StructuralTrend::kLocalLevel;
  if (text == "trend") return StructuralTrend::kLocalLinearTrend;
  throw Error("structural trend", fmt::format("unknown trend '{}'", text), "use level or trend");
}
StructuralSeasonal structural_seasonal_from_string(std::string_view text) {
  if (text == "none") return StructuralSeasonal::kNone;
  if (text == "dummy") return StructuralSeasonal::kDummy;
  if (text == "trigonometric") return StructuralSeasonal::kTrigonometric;
  throw Error("structural seasonal", fmt::format("unknown seasonal form '{}'", text),
              "use none, dummy or trigonometric");
}

void StructuralOptions::validate() const {
  if (!(smoother_kappa >= 1e3))
    throw Error("StructuralOptions.smoother_kappa",
                fmt::format("must be >= 1e3, got {}", smoother_kappa), "");
  if (fixed_variances) {
    const auto& v = *fixed_variances;
    for (double value : {v.level, v.slope, v.seasonal, v.irregular})
      if (!(value >= 0) || !std::isfinite(value))
        throw Error("StructuralOptions.fixed_variances",
                    fmt::format("variances must be finite and >= 0, got {}", value), "");
  }
  optimizer.validate();
}

namespace detail {

StructuralLayout make_layout(const StructuralOptions& options, StructuralSeasonal seasonal,
                             int period, int n_regressors) {
  StructuralLayout l;
  if (options.trend == StructuralTrend::kLocalLinearTrend) {
    l.slope = l.dim++;
    ++l.n_variances;
  }
  if (seasonal != StructuralSeasonal::kNone) {
    l.seasonal = l.dim;
    l.n_seasonal = period - 1;
    l.dim += l.n_seasonal;
    ++l.n_variances;
  }
  if (n_regressors > 0) {
    l.regression = l.dim;
    l.n_regression = n_regressors;
    l.dim += n_regressors;
  }
  return l;
}

// System matrices for the given variances; the initial state is fully diffuse.
detail::StateSpace make_state_space(const StructuralLayout& l, StructuralSeasonal seasonal,
                                    int period, const StructuralVariances& s2,
                                    const Regressors& xreg) {
  detail::StateSpace m;
  const int d = l.dim;
  m.T = Eigen::MatrixXd::Zero(d, d);
  m.z = Eigen::VectorXd::Zero(d);
  m.q = Eigen::VectorXd::Zero(d);
  m.T(0, 0) = 1;
  m.z(0) = 1;
  m.q(0) = s2.level;
  if (l.slope >= 0) {
    m.T(0, l.slope) = 1;
    m.T(l.slope, l.slope) = 1;
    m.q(l.slope) = s2.slope;
  }
  const int k = l.seasonal;
  if (seasonal == StructuralSeasonal::kDummy) {
    for (int j = 0; j < l.n_seasonal; ++j) m.T(k, k + j) = -1;
    for (int j = 1; j < l.n_seasonal; ++j) m.T(k + j, k + j - 1) = 1;
    m.z(k) = 1;
    m.q(k) = s2.seasonal;
  } else if (seasonal == StructuralSeasonal::kTrigonometric) {
    int i = k;
    for (int j = 1; 2 * j <= period; ++j) {
      const double lambda = 2 * std::numbers::pi * j / period;
      m.z(i) = 1;
      if (2 * j == period) {  // the Nyquist harmonic has one state
        m.T(i, i) = -1;
        m.q(i) = s2.seasonal;
        i += 1;
      } else {
        m.T(i, i) = m.T(i + 1, i + 1) = std::cos(lambda);
        m.T(i, i + 1) = std::sin(lambda);
        m.T(i + 1, i) = -std::sin(lambda);
        m.q(i) = m.q(i + 1) = s2.seasonal;
        i += 2;
      }
    }
  }
  for (int j = 0; j < l.n_regression; ++j) m.T(l.regression + j, l.regression + j) = 1;
  m.h = s2.irregular;
  m.a1 = Eigen::VectorXd::Zero(d);
  m.p_star = Eigen::MatrixXd::Zero(d, d);
  m.p_inf = Eigen::MatrixXd::Identity(d, d);
  if (l.n_regression > 0) {
    m.first_regression_state = l.regression;
    m.regressors = &xreg.columns;
  }
  return m;
}

StructuralVariances variances_from(const StructuralLayout& l, const double* x, double scale) {
  StructuralVariances s2;
  int i = 0;
  s2.level = x[i] * x[i] * scale, ++i;
  if (l.slope >= 0) s2.slope = x[i] * x[i] * scale, ++i;
  if (l.seasonal >= 0) s2.seasonal = x[i] * x[i] * scale, ++i;
  s2.irregular = x[i] * x[i] * scale;
  return s2;
}

}  // namespace detail

using detail::future_observation;
using detail::make_layout;
using detail::make_state_space;
using detail::variances_from;

namespace {

std::string where_of(const Series& series) {
  return series.id.empty() ? std::string("structural") : "structural: series " + series.id;
}

}  // namespace

std::unique_ptr<StructuralModel> fit_structural(const Series& series,
                                                const StructuralOptions& options) {
  const std::string where = where_of(series);
  options.validate();
  series.validate("structural");
  auto fit = std::make_shared<StructuralModel::Fit>();
  fit->options = options;
  fit->period = series.period;
  fit->id = series.id;
  fit->y = series.values;
  fit->xreg = series.xreg;
  fit->seasonal = series.period > 1 ? options.seasonal : StructuralSeasonal::kNone;
  fit->layout = make_layout(options, fit->seasonal, series.period, series.xreg.count());
  const auto& l = fit->layout;
  for (const auto& column : series.xreg.columns)
    for (double v : column)
      if (!std::isfinite(v))
        throw Error(where, "a regressor value is missing or infinite",
                    "supply every regressor value");

  double sum = 0, sum2 = 0;
  int observed = 0;
  for (double v : series.values)
    if (!std::isnan(v)) sum += v, sum2 += v * v, ++observed;
  if (observed <= l.dim + 1)
    throw Error(where,
                fmt::format("{} observed values cannot identify {} initial states and the "
                            "variances",
                            observed, l.dim),
                series.period > 1 ? "use at least three seasons of data, or a model without "
                                    "the seasonal component"
                                  : "use a longer series");
  const double variance = (sum2 - sum * sum / observed) / (observed - 1);
  if (!(variance > 1e-12 * std::max(1.0, sum2 / observed)))
    throw Error(where, "the series is constant, so no variance can be estimated",
                "use the naive or mean forecast for a constant series");
  fit->scale = variance / 100;

  const auto objective = [&](const double* x) {
    const auto s2 = variances_from(l, x, fit->scale);
    const auto ss = make_state_space(l, fit->seasonal, fit->period, s2, fit->xreg);
    const auto f = detail::diffuse_filter(ss, fit->y);
    return std::isfinite(f.loglik) ? -f.loglik / observed : std::nan("");
  };
  if (options.fixed_variances) {
    fit->variances = *options.fixed_variances;
    fit->summary = closed_form_summary("variances fixed");
  } else {
    std::vector<double> x(l.n_variances, 1.0);
    fit->summary = minimize(objective, x, options.optimizer);
    fit->variances = variances_from(l, x.data(), fit->scale);
  }
  fit->model = make_state_space(l, fit->seasonal, fit->period, fit->variances, fit->xreg);
  fit->filter = detail::diffuse_filter(fit->model, fit->y);
  if (!fit->filter.diffuse_ended) {
    fit->summary.status = FitStatus::kFailed;
    fit->summary.message = "the diffuse initial states were not identified by the end of the data";
  }
  const int n = static_cast<int>(fit->y.size());
  fit->fitted.assign(n, NAN);
  fit->residuals.assign(n, NAN);
  for (int t = 0; t < n; ++t) {
    if (fit->filter.diffuse_step[t]) continue;
    fit->fitted[t] = fit->filter.prediction[t];
    fit->residuals[t] = fit->y[t] - fit->fitted[t];
  }
  for (int j = 0; j < l.n_regression; ++j) {
    fit->coefficients.push_back(fit->filter.a_end(l.regression + j));
    fit->coefficient_se.push_back(
        std::sqrt(std::max(0.0, fit->filter.p_end(l.regression + j, l.regression + j))));
  }
  return std::make_unique<StructuralModel>(std::move(fit));
}

StructuralModel::StructuralModel(std::shared_ptr<const Fit> fit) : fit_(std::move(fit)) {
  if (!fit_) throw InternalError("StructuralModel needs a fit");
}

std::string StructuralModel::description() const {
  std::string text = "Structural(" + to_string(fit_->options.trend);
  if (fit_->seasonal != StructuralSeasonal::kNone)
    text += fmt::format(", {} seasonal[{}]", to_string(fit_->seasonal), fit_->period);
  if (fit_->layout.n_regression > 0)
    text += fmt::format(", {} regressors", fit_->layout.n_regression);
  return text + ")";
}
const FitSummary& StructuralModel::summary() const { return fit_->summary; }
const std::vector<double>& StructuralModel::fitted() const { return fit_->fitted; }
const std::vector<double>& StructuralModel::residuals() const { return fit_->residuals; }
const StructuralVariances& StructuralModel::variances() const { return fit_->variances; }
const std::vector<double>& StructuralModel::coefficients() const { return fit_->coefficients; }
const std::vector<double>& StructuralModel::coefficient_std_errors() const {
  return fit_->coefficient_se;
}
std::optional<double> StructuralModel::log_likelihood() const { return fit_->filter.loglik; }
int StructuralModel::n_parameters() const { return fit_->layout.n_variances + fit_->layout.dim; }
std::optional<double> StructuralModel::aic() const {
  return -2 * fit_->filter.loglik + 2 * n_parameters();
}
std::optional<double> StructuralModel::aicc() const {
  const double k = n_parameters(), n = fit_->filter.n_observed;
  if (n - k - 1 <= 0) return std::nullopt;
  return *aic() + 2 * k * (k + 1) / (n - k - 1);
}
std::optional<double> StructuralModel::bic() const {
  return -2 * fit_->filter.loglik + n_parameters() * std::log(fit_->filter.n_observed);
}

namespace detail {

// Z_{n+h} for the forecast steps: the fixed part plus the future regressor values.
std::vector<Eigen::VectorXd> future_observation(const StructuralModel::Fit& fit, int horizon,
                                                const Regressors& future,
                                                const std::string& where) {
  const auto& l = fit.layout;
  if (future.count() != l.n_regression)
    throw Error(where,
                fmt::format("the model has {} regressors but {} future columns were given",
                            l.n_regression, future.count()),
                "supply future values of every regressor (and none for a model without)");
  std::vector<Eigen::VectorXd> z(horizon, fit.model.z);
  for (int k = 0; k < l.n_regression; ++k) {
    if (static_cast<int>(future.columns[k].size()) != horizon)
      throw Error(where, "future regressors need one row per forecast step", "");
    for (int t = 0; t < horizon; ++t) {
      const double v = future.columns[k][t];
      if (!std::isfinite(v)) throw Error(where, "a future regressor value is missing", "");
      z[t](l.regression + k) = v;
    }
  }
  return z;
}

}  // namespace detail

Forecast StructuralModel::forecast(const ForecastRequest& request) const {
  request.validate(description());
  if (!fit_->summary.usable())
    throw Error(description(), "cannot forecast from a failed fit: " + fit_->summary.message, "");
  const int h = request.horizon;
  const auto z = future_observation(*fit_, h, request.future_xreg, description());
  const auto& T = fit_->model.T;
  Eigen::VectorXd a = fit_->filter.a_end;
  Eigen::MatrixXd P = fit_->filter.p_end;
  std::vector<double> mean(h), se(h);
  for (int t = 0; t < h; ++t) {
    mean[t] = z[t].dot(a);
    se[t] = std::sqrt(std::max(0.0, z[t].dot(P * z[t]) + fit_->model.h));
    a = T * a;
    P = T * P * T.transpose();
    P.diagonal() += fit_->model.q;
  }
  return gaussian_forecast(description(), std::move(mean), se, request.levels);
}

std::vector<std::vector<double>> StructuralModel::simulate(int horizon, int n_paths,
                                                           RandomStream& stream,
                                                           const Regressors& future_xreg) const {
  check_simulation_size(description(), horizon, n_paths);
  const auto z = future_observation(*fit_, horizon, future_xreg, description());
  const auto& m = fit_->model;
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(fit_->filter.p_end);
  const Eigen::MatrixXd root =
      eig.eigenvectors() * eig.eigenvalues().cwiseMax(0.0).cwiseSqrt().asDiagonal();
  const Eigen::VectorXd q_sd = m.q.cwiseSqrt();
  const double h_sd = std::sqrt(m.h);
  const int d = m.dim();
  std::vector<std::vector<double>> paths(n_paths, std::vector<double>(horizon));
  Eigen::VectorXd a(d), u(d);
  for (auto& path : paths) {
    for (int i = 0; i < d; ++i) u(i) = stream.normal();
    a = fit_->filter.a_end + root * u;
    for (int t = 0; t < horizon; ++t) {
      path[t] = z[t].dot(a) + h_sd * stream.normal();
      a = m.T * a;
      for (int i = 0; i < d; ++i)
        if (q_sd(i) > 0) a(i) += q_sd(i) * stream.normal();
    }
  }
  return paths;
}

StructuralComponents StructuralModel::smoothed_components() const {
  const auto& l = fit_->layout;
  const auto s =
      detail::smooth_states(fit_->model, fit_->y, fit_->options.smoother_kappa * fit_->scale * 100);
  const int n = static_cast<int>(fit_->y.size());
  StructuralComponents c;
  c.level.resize(n);
  c.level_se.resize(n);
  c.slope.assign(n, 0.0);
  c.slope_se.assign(n, 0.0);
  c.seasonal.assign(n, 0.0);
  c.seasonal_se.assign(n, 0.0);
  c.regression.assign(n, 0.0);
  for (int t = 0; t < n; ++t) {
    c.level[t] = s.state[t](0);
    c.level_se[t] = std::sqrt(s.variance[t](0));
    if (l.slope >= 0) {
      c.slope[t] = s.state[t](l.slope);
      c.slope_se[t] = std::sqrt(s.variance[t](l.slope));
    }
    if (l.seasonal >= 0) {
      // The seasonal effect is z's seasonal part times the state (sum of harmonics for trig).
      double value = 0;
      for (int j = 0; j < l.n_seasonal; ++j)
        value += fit_->model.z(l.seasonal + j) * s.state[t](l.seasonal + j);
      c.seasonal[t] = value;
      if (fit_->seasonal == StructuralSeasonal::kDummy)
        c.seasonal_se[t] = std::sqrt(s.variance[t](l.seasonal));
      else
        c.seasonal_se[t] = NAN;  // needs covariances between harmonics; not kept
    }
    for (int k = 0; k < l.n_regression; ++k)
      c.regression[t] += fit_->xreg.columns[k][t] * s.state[t](l.regression + k);
  }
  return c;
}

}  // namespace harmcast::timeseries
