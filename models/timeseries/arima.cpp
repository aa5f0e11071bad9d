#include "models/timeseries/arima.hpp"

#include <fmt/format.h>

#include <cmath>

#include "engine/core/error.hpp"
#include "models/timeseries/arima_estimate.hpp"

namespace harmcast::timeseries {

std::string to_string(ArimaMethod method) {
  switch (method) {
    case ArimaMethod::kCssMl:
      return "css-ml";
    case ArimaMethod::kMl:
      return "ml";
    case ArimaMethod::kCss:
      return "css";
  }
  throw InternalError("to_string(ArimaMethod): unknown enumerator");
}

ArimaMethod arima_method_from_string(std::string_view text) {
  if (text == "css-ml") return ArimaMethod::kCssMl;
  if (text == "ml") return ArimaMethod::kMl;
  if (text == "css") return ArimaMethod::kCss;
  throw Error("arima method", fmt::format("unknown method '{}'", text),
              "use one of css-ml, ml, css");
}

void ArimaOptions::validate() const {
  auto check = [](int value, const char* field) {
    if (value < 0 || value > 30)
      throw Error(fmt::format("ArimaOptions.order.{}", field),
                  fmt::format("must be between 0 and 30, got {}", value), "");
  };
  check(order.p, "p");
  check(order.d, "d");
  check(order.q, "q");
  check(order.P, "P");
  check(order.D, "D");
  check(order.Q, "Q");
  if (!(kappa > 0))
    throw Error("ArimaOptions.kappa", fmt::format("must be > 0, got {}", kappa), "");
  optimizer.validate();
}

std::string arima_description(const ArimaOrder& o, int period, bool has_intercept, bool has_drift,
                              bool has_xreg) {
  std::string text = fmt::format("ARIMA({},{},{})", o.p, o.d, o.q);
  if (period > 1 && o.P + o.D + o.Q > 0)
    text += fmt::format("({},{},{})[{}]", o.P, o.D, o.Q, period);
  if (has_xreg) return "Regression with " + text + " errors";
  if (has_drift) return text + " with drift";
  if (has_intercept) return text + " with non-zero mean";
  if (o.d == 0 && o.D == 0) return text + " with zero mean";
  return text;
}

ArimaModel::ArimaModel(std::shared_ptr<const Fit> fit) : fit_(std::move(fit)) {
  if (!fit_ || !fit_->finalized) throw InternalError("ArimaModel needs a finalized fit");
}

std::string ArimaModel::description() const {
  return arima_description(fit_->order, fit_->period, fit_->has_intercept, fit_->has_drift,
                           fit_->n_user_xreg > 0);
}
const FitSummary& ArimaModel::summary() const { return fit_->summary; }
const std::vector<double>& ArimaModel::fitted() const { return fit_->fitted; }
const std::vector<double>& ArimaModel::residuals() const { return fit_->residuals; }
std::optional<double> ArimaModel::log_likelihood() const { return fit_->loglik; }
std::optional<double> ArimaModel::aic() const {
  if (std::isnan(fit_->aic)) return std::nullopt;
  return fit_->aic;
}
std::optional<double> ArimaModel::aicc() const {
  if (std::isnan(fit_->aicc)) return std::nullopt;
  return fit_->aicc;
}
std::optional<double> ArimaModel::bic() const {
  if (std::isnan(fit_->bic)) return std::nullopt;
  return fit_->bic;
}
int ArimaModel::n_parameters() const { return fit_->npar; }
const ArimaOrder& ArimaModel::order() const { return fit_->order; }
int ArimaModel::period() const { return fit_->period; }
const std::vector<ArimaCoefficient>& ArimaModel::coefficients() const { return fit_->coefficients; }
double ArimaModel::coefficient(const std::string& name) const {
  for (const auto& c : fit_->coefficients)
    if (c.name == name) return c.estimate;
  throw Error(description(), fmt::format("no coefficient named '{}'", name), "");
}
double ArimaModel::sigma2() const { return fit_->sigma2; }
int ArimaModel::n_used() const { return fit_->n_used; }
const Eigen::MatrixXd& ArimaModel::covariance() const { return fit_->covariance; }

namespace {

// Regression part of the forecast: X_future * beta (intercept 1, drift n+1.., user columns).
std::vector<double> future_regression(const ArimaModel::Fit& fit, int horizon,
                                      const Regressors& future, const std::string& where) {
  std::vector<double> xm(horizon, 0.0);
  if (fit.n_user_xreg > 0) {
    if (future.count() != fit.n_user_xreg)
      throw Error(where,
                  fmt::format("the model has {} regressors but {} future columns were given",
                              fit.n_user_xreg, future.count()),
                  "supply future values of every regressor");
    for (const auto& column : future.columns)
      if (static_cast<int>(column.size()) != horizon)
        throw Error(where,
                    fmt::format("future regressors have {} rows for a horizon of {}", column.size(),
                                horizon),
                    "give one row per forecast step");
  } else if (!future.empty()) {
    throw Error(where, "future regressors given to a model fitted without regressors", "");
  }
  const int narma = fit.arma.n_arma();
  const int n = static_cast<int>(fit.y.size());
  int j = 0;
  if (fit.has_intercept) {
    for (double& v : xm) v += fit.coef[narma + j];
    ++j;
  }
  if (fit.has_drift) {
    for (int t = 0; t < horizon; ++t) xm[t] += fit.coef[narma + j] * (n + t + 1);
    ++j;
  }
  for (int k = 0; k < fit.n_user_xreg; ++k, ++j)
    for (int t = 0; t < horizon; ++t) {
      const double v = future.columns[k][t];
      if (std::isnan(v)) throw Error(where, "a future regressor value is missing", "");
      xm[t] += fit.coef[narma + j] * v;
    }
  return xm;
}

}  // namespace

Forecast ArimaModel::forecast(const ForecastRequest& request) const {
  request.validate(description());
  const int h = request.horizon;
  const auto xm = future_regression(*fit_, h, request.future_xreg, description());
  std::vector<double> mean, variance;
  fit_->state->forecast(h, mean, variance);
  std::vector<double> se(h);
  for (int t = 0; t < h; ++t) {
    mean[t] += xm[t];
    se[t] = std::sqrt(std::max(0.0, variance[t]) * fit_->sigma2);
  }
  return gaussian_forecast(description(), std::move(mean), se, request.levels);
}

std::vector<std::vector<double>> ArimaModel::simulate(int horizon, int n_paths,
                                                      RandomStream& stream,
                                                      const Regressors& future_xreg) const {
  check_simulation_size(description(), horizon, n_paths);
  const auto xm = future_regression(*fit_, horizon, future_xreg, description());
  const auto& state = *fit_->state;
  const Eigen::MatrixXd& T = state.transition();
  const Eigen::VectorXd& Z = state.observation();
  const Eigen::VectorXd& R = state.disturbance();
  // Square root of the end-state covariance (clamping tiny negative eigenvalues).
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(state.state_covariance());
  Eigen::VectorXd root_values = eig.eigenvalues().cwiseMax(0.0).cwiseSqrt();
  const Eigen::MatrixXd root = eig.eigenvectors() * root_values.asDiagonal();
  const double sigma = std::sqrt(fit_->sigma2);
  const int rd = static_cast<int>(Z.size());
  std::vector<std::vector<double>> paths(n_paths, std::vector<double>(horizon));
  Eigen::VectorXd a(rd), u(rd);
  for (auto& path : paths) {
    for (int i = 0; i < rd; ++i) u(i) = stream.normal();
    a = state.state() + sigma * (root * u);
    for (int t = 0; t < horizon; ++t) {
      a = T * a + R * stream.normal(0.0, sigma);
      path[t] = Z.dot(a) + xm[t];
    }
  }
  return paths;
}

std::unique_ptr<ArimaModel> fit_arima(const Series& series, const ArimaOptions& options) {
  auto fit = estimate_arima(series, options);
  finalize_arima(*fit);
  return std::make_unique<ArimaModel>(std::move(fit));
}

}  // namespace harmcast::timeseries
