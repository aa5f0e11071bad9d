#include "models/timeseries/arima_estimate.hpp"

#include <fmt/format.h>

#include <cmath>
#include <limits>
#include <numbers>

#include "engine/core/error.hpp"

namespace harmcast::timeseries {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

std::string where_of(const Series& series) {
  return series.id.empty() ? std::string("arima") : "arima: series " + series.id;
}

// Evaluates the CSS and ML objectives for one parameter vector; holds buffers so the
// optimiser's calls do not allocate.
class ArimaObjective {
 public:
  ArimaObjective(const ArimaModel::Fit& fit, const std::vector<double>& scale)
      : fit_(fit), scale_(scale), narma_(fit.arma.n_arma()), xr_(fit.y.size()) {
    for (std::size_t j = 0; j < fit.mask.size(); ++j)
      if (fit.mask[j]) free_.push_back(static_cast<int>(j));
    has_missing_ = false;
    for (std::size_t t = 0; t < fit.y.size(); ++t) {
      bool missing = std::isnan(fit.y[t]);
      for (const auto& column : fit.X) missing = missing || std::isnan(column[t]);
      has_missing_ = has_missing_ || missing;
    }
  }

  bool has_missing() const { return has_missing_; }
  const std::vector<int>& free() const { return free_; }

  // Full coefficient vector from the free (scaled) parameters.
  std::vector<double> full(const double* z, const std::vector<double>& base) const {
    std::vector<double> par = base;
    for (std::size_t k = 0; k < free_.size(); ++k) par[free_[k]] = z[k] * scale_[free_[k]];
    return par;
  }

  double css(const double* z, const std::vector<double>& base) {
    par_ = base;
    for (std::size_t k = 0; k < free_.size(); ++k) par_[free_[k]] = z[k] * scale_[free_[k]];
    const auto poly = detail::expand_arma(par_.data(), fit_.arma, false);
    regression_residual(par_);
    const auto result =
        detail::conditional_sum_of_squares(xr_, fit_.arma.d, fit_.arma.D, fit_.arma.period,
                                           poly.phi, poly.theta, fit_.n_cond, nullptr);
    if (!(result.mean_square > 0) || !std::isfinite(result.mean_square)) return kInf;
    return 0.5 * std::log(result.mean_square);
  }

  double ml(const double* z, const std::vector<double>& base, bool transform) {
    par_ = base;
    for (std::size_t k = 0; k < free_.size(); ++k) par_[free_[k]] = z[k] * scale_[free_[k]];
    return ml_at(par_, transform);
  }

  double ml_at(const std::vector<double>& par, bool transform) {
    const auto poly = detail::expand_arma(par.data(), fit_.arma, transform);
    regression_residual(par);
    if (!has_missing_) {
      // Difference in place: after the loops w[k..n) holds the differenced series.
      diff_ = xr_;
      const int n = static_cast<int>(diff_.size());
      int k = 0;
      for (int i = 0; i < fit_.arma.d; ++i, ++k)
        for (int t = n - 1; t > k; --t) diff_[t] -= diff_[t - 1];
      for (int i = 0; i < fit_.arma.D; ++i) {
        const int s = fit_.arma.period;
        for (int t = n - 1; t >= k + s; --t) diff_[t] -= diff_[t - s];
        k += s;
      }
      const auto terms =
          detail::arma_likelihood(diff_.data() + k, n - k, poly.phi, poly.theta, work_);
      return terms.objective();
    }
    detail::ArimaStateSpace model(poly.phi, poly.theta, fit_.delta, fit_.kappa);
    if (!model.ok()) return kInf;
    return model.filter(xr_, nullptr).objective();
  }

  const std::vector<double>& regression_residual(const std::vector<double>& par) {
    for (std::size_t t = 0; t < xr_.size(); ++t) xr_[t] = fit_.y[t];
    for (std::size_t j = 0; j < fit_.X.size(); ++j) {
      const double beta = par[narma_ + j];
      const auto& column = fit_.X[j];
      for (std::size_t t = 0; t < xr_.size(); ++t) xr_[t] -= beta * column[t];
    }
    return xr_;
  }

 private:
  const ArimaModel::Fit& fit_;
  std::vector<double> scale_;
  int narma_;
  std::vector<int> free_;
  bool has_missing_ = false;
  std::vector<double> xr_, diff_, par_;
  detail::ArmaWorkspace work_;
};

bool blocks_stationary(const std::vector<double>& coef, const detail::ArmaOrder& arma) {
  if (arma.p > 0 &&
      !detail::ar_is_stationary(std::vector<double>(coef.begin(), coef.begin() + arma.p)))
    return false;
  const int v = arma.p + arma.q;
  if (arma.P > 0 &&
      !detail::ar_is_stationary(std::vector<double>(coef.begin() + v, coef.begin() + v + arma.P)))
    return false;
  return true;
}

void invert_ma_blocks(std::vector<double>& coef, const detail::ArmaOrder& arma,
                      const std::vector<bool>* mask) {
  auto invert_block = [&](int start, int length) {
    if (length == 0) return;
    if (mask)
      for (int i = 0; i < length; ++i)
        if (!(*mask)[start + i]) return;
    std::vector<double> block(coef.begin() + start, coef.begin() + start + length);
    block = detail::invert_ma(block);
    for (int i = 0; i < length; ++i) coef[start + i] = block[i];
  };
  invert_block(arma.p, arma.q);
  invert_block(arma.p + arma.q + arma.P, arma.Q);
}

// Least squares of y on the columns of X over complete rows: coefficients and standard errors.
bool least_squares(const std::vector<double>& y, const std::vector<std::vector<double>>& X,
                   std::vector<double>& beta, std::vector<double>& se, int& rank) {
  const int k = static_cast<int>(X.size());
  std::vector<int> rows;
  for (std::size_t t = 0; t < y.size(); ++t) {
    bool ok = !std::isnan(y[t]);
    for (const auto& column : X) ok = ok && !std::isnan(column[t]);
    if (ok) rows.push_back(static_cast<int>(t));
  }
  const int m = static_cast<int>(rows.size());
  Eigen::MatrixXd A(m, k);
  Eigen::VectorXd b(m);
  for (int i = 0; i < m; ++i) {
    b(i) = y[rows[i]];
    for (int j = 0; j < k; ++j) A(i, j) = X[j][rows[i]];
  }
  Eigen::ColPivHouseholderQR<Eigen::MatrixXd> qr(A);
  qr.setThreshold(1e-7);
  rank = static_cast<int>(qr.rank());
  if (rank < k || m <= k) return false;
  const Eigen::VectorXd coef = qr.solve(b);
  const double rss = (A * coef - b).squaredNorm();
  const Eigen::MatrixXd xtx_inv = (A.transpose() * A).inverse();
  beta.assign(coef.data(), coef.data() + k);
  se.resize(k);
  for (int j = 0; j < k; ++j) se[j] = std::sqrt(rss / (m - k) * xtx_inv(j, j));
  return true;
}

}  // namespace

std::shared_ptr<ArimaModel::Fit> estimate_arima(const Series& series, const ArimaOptions& options) {
  options.validate();
  series.validate("arima");
  const std::string where = where_of(series);
  auto fit = std::make_shared<ArimaModel::Fit>();
  const ArimaOrder& o = options.order;
  const bool seasonal = o.P + o.D + o.Q > 0;
  if (seasonal && series.period < 2)
    throw Error(where, "a seasonal ARIMA part needs a seasonal period >= 2",
                "set the period of the series (12 for monthly)");
  fit->order = o;
  fit->period = series.period;
  fit->arma = detail::ArmaOrder{o.p, o.d, o.q, o.P, o.D, o.Q, seasonal ? series.period : 1};
  fit->y = series.values;
  fit->kappa = options.kappa;
  const int n = static_cast<int>(fit->y.size());
  const int s = fit->arma.period;
  fit->delta = detail::differencing_polynomial(o.d, o.D, s);
  const int n_delta = static_cast<int>(fit->delta.size());
  if (n <= o.d + o.D * s)
    throw Error(where,
                fmt::format("{} values are too few for {} regular and {} seasonal differences", n,
                            o.d, o.D),
                "use a longer series or fewer differences");

  // Regression columns and coefficient names, in R's order.
  std::vector<std::string> names;
  for (int i = 1; i <= o.p; ++i) names.push_back(fmt::format("ar{}", i));
  for (int i = 1; i <= o.q; ++i) names.push_back(fmt::format("ma{}", i));
  for (int i = 1; i <= o.P; ++i) names.push_back(fmt::format("sar{}", i));
  for (int i = 1; i <= o.Q; ++i) names.push_back(fmt::format("sma{}", i));
  const int narma = fit->arma.n_arma();
  const int n_diff = o.d + o.D;
  if (options.include_mean && n_diff == 0) {
    fit->has_intercept = true;
    fit->X.emplace_back(n, 1.0);
    names.push_back("intercept");
  }
  if (options.include_drift && n_diff == 1) {
    fit->has_drift = true;
    std::vector<double> drift(n);
    for (int t = 0; t < n; ++t) drift[t] = t + 1.0;
    fit->X.push_back(std::move(drift));
    names.push_back("drift");
  }
  fit->n_user_xreg = series.xreg.count();
  for (int j = 0; j < series.xreg.count(); ++j) {
    fit->X.push_back(series.xreg.columns[j]);
    names.push_back(series.xreg.names[j]);
  }
  const int ncx = static_cast<int>(fit->X.size());
  const int ncoef = narma + ncx;
  std::vector<double> fixed = options.fixed;
  if (fixed.empty()) fixed.assign(ncoef, kNaN);
  if (static_cast<int>(fixed.size()) != ncoef)
    throw Error(
        where,
        fmt::format("'fixed' has {} values but the model has {} coefficients", fixed.size(), ncoef),
        "give one value per coefficient (NaN to estimate it)");
  fit->mask.resize(ncoef);
  for (int j = 0; j < ncoef; ++j) fit->mask[j] = std::isnan(fixed[j]);
  int n_free = 0;
  for (bool m : fit->mask) n_free += m;

  // R switches CSS-ML to ML when anything is missing.
  ArimaMethod method = options.method;
  bool missing = false;
  for (int t = 0; t < n; ++t) {
    bool miss = std::isnan(fit->y[t]);
    for (const auto& column : fit->X) miss = miss || std::isnan(column[t]);
    missing = missing || miss;
  }
  if (method == ArimaMethod::kCssMl && missing) method = ArimaMethod::kMl;
  fit->method = method;
  if (method != ArimaMethod::kMl) fit->n_cond = o.d + o.D * s + o.p + s * o.P;

  bool transform = options.transform_pars && n_free > 0;
  for (int i = 0; i < o.p; ++i) transform = transform && fit->mask[i];
  for (int i = 0; i < o.P; ++i) transform = transform && fit->mask[o.p + o.q + i];

  std::vector<double> init(ncoef, 0.0), scale(ncoef, 1.0);
  int complete = 0;
  for (int t = 0; t < n; ++t) {
    bool ok = !std::isnan(fit->y[t]);
    for (const auto& column : fit->X) ok = ok && !std::isnan(column[t]);
    complete += ok;
  }
  if (ncx > 0) {
    // Starting values by least squares on the differenced data (R regresses diff(y) on diff(X)).
    std::vector<double> dy = detail::difference(fit->y, o.d, o.D, s);
    std::vector<std::vector<double>> dX;
    for (const auto& column : fit->X) dX.push_back(detail::difference(column, o.d, o.D, s));
    std::vector<double> beta, se;
    int rank = 0;
    bool ok = static_cast<int>(dy.size()) > ncx && least_squares(dy, dX, beta, se, rank);
    if (!ok && rank == 0) ok = least_squares(fit->y, fit->X, beta, se, rank);
    if (!ok)
      throw Error(where, "the regressors are collinear (after differencing) or too many",
                  "drop regressors that are constant or duplicates after differencing");
    for (int j = 0; j < ncx; ++j) {
      init[narma + j] = beta[j];
      scale[narma + j] = se[j] > 0 && std::isfinite(se[j]) ? 10.0 * se[j] : 1.0;
    }
  }
  fit->n_used = complete - n_delta;
  if (fit->n_used <= 0)
    throw Error(where, "too few non-missing observations for this model",
                "use a longer series or a simpler model");
  std::vector<double> coef = fixed;
  for (int j = 0; j < ncoef; ++j)
    if (fit->mask[j]) coef[j] = init[j];

  ArimaObjective objective(*fit, scale);
  const auto& free = objective.free();
  auto scaled = [&](const std::vector<double>& par) {
    std::vector<double> z(free.size());
    for (std::size_t k = 0; k < free.size(); ++k) z[k] = par[free[k]] / scale[free[k]];
    return z;
  };
  FitSummary css_summary;
  if (method == ArimaMethod::kCss || method == ArimaMethod::kCssMl) {
    std::vector<double> z = scaled(coef);
    const std::vector<double> base = coef;
    Objective f = [&](const double* x) { return objective.css(x, base); };
    if (!std::isfinite(f(z.data())))
      throw Error(where, "the conditional sum of squares is not finite at the starting values",
                  "check the series for extreme values");
    MinimizeOptions css_options = options.optimizer;
    if (method == ArimaMethod::kCssMl) {
      // The CSS fit only supplies starting values for ML: a looser tolerance suffices.
      css_options.function_tolerance = std::max(css_options.function_tolerance, 1e-6);
      css_options.gradient_tolerance = std::max(css_options.gradient_tolerance, 1e-5);
    }
    css_summary = minimize(f, z, css_options);
    if (css_summary.usable() || method == ArimaMethod::kCss) coef = objective.full(z.data(), base);
  }

  double obj = 0.0;
  FitSummary summary = css_summary;
  if (method == ArimaMethod::kCss) {
    std::vector<double> z = scaled(coef);
    obj = objective.css(z.data(), coef);
    const auto poly = detail::expand_arma(coef.data(), fit->arma, false);
    fit->sigma2_fit = std::exp(2.0 * obj);
    fit->aic = kNaN;
  } else {
    if (method == ArimaMethod::kCssMl && !blocks_stationary(coef, fit->arma))
      throw Error(where, "the AR part from the CSS start is non-stationary",
                  "try method ml, fewer AR terms, or more differencing");
    if (transform) {
      if (!blocks_stationary(coef, fit->arma)) {
        // ML from a non-stationary start: begin from zero AR coefficients.
        for (int i = 0; i < o.p; ++i) coef[i] = 0.0;
        for (int i = 0; i < o.P; ++i) coef[o.p + o.q + i] = 0.0;
      }
      coef = detail::untransform_ar_blocks(coef, fit->arma);
      invert_ma_blocks(coef, fit->arma, nullptr);
    }
    std::vector<double> z = scaled(coef);
    const std::vector<double> base = coef;
    Objective f = [&](const double* x) { return objective.ml(x, base, transform); };
    if (!std::isfinite(f(z.data())))
      throw Error(where, "the likelihood is not finite at the starting values",
                  "the AR part may be non-stationary; try method ml");
    summary = minimize(f, z, options.optimizer);
    coef = objective.full(z.data(), base);
    if (transform) {
      invert_ma_blocks(coef, fit->arma, &fit->mask);
      coef = detail::transform_ar_blocks(coef, fit->arma);
    }
    obj = objective.ml_at(coef, false);
    if (!std::isfinite(obj)) {
      summary.status = FitStatus::kFailed;
      summary.message = "the likelihood is not finite at the estimates";
    }
  }
  fit->coef = coef;
  fit->scale = scale;
  fit->objective = obj;
  fit->poly = detail::expand_arma(coef.data(), fit->arma, false);
  const double nu = fit->n_used;
  fit->loglik = -0.5 * (2.0 * nu * obj + nu + nu * std::log(2.0 * std::numbers::pi));
  if (method != ArimaMethod::kCss) {
    fit->aic = -2.0 * fit->loglik + 2.0 * n_free + 2.0;
    fit->sigma2_fit = kNaN;  // set by finalize from the filter
  }

  for (int j = 0; j < ncoef; ++j)
    fit->coefficients.push_back({names[j], coef[j], fit->mask[j] ? kNaN : 0.0, !fit->mask[j]});
  fit->covariance = Eigen::MatrixXd::Constant(n_free, n_free, kNaN);
  if (options.standard_errors) compute_arima_covariance(*fit);

  // forecast::Arima's criteria: n counts values between the first and last non-missing.
  int first = 0, last = n - 1;
  while (first < n && std::isnan(fit->y[first])) ++first;
  while (last >= 0 && std::isnan(fit->y[last])) --last;
  int observed = 0;
  for (int t = first; t <= last; ++t) observed += !std::isnan(fit->y[t]);
  fit->nstar = observed - o.d - o.D * s;
  fit->npar = n_free + 1;
  const double np = fit->npar, ns = fit->nstar;
  fit->aicc = fit->aic + 2.0 * np * (ns / (ns - np - 1.0) - 1.0);
  fit->bic = fit->aic + np * (std::log(ns) - 2.0);
  fit->summary = summary;
  if (method == ArimaMethod::kCssMl)
    fit->summary.message =
        fmt::format("CSS start: {}; ML: {}", to_string(css_summary.status), summary.message);
  return fit;
}

void compute_arima_covariance(ArimaModel::Fit& fit) {
  if (fit.covariance_computed) return;
  fit.covariance_computed = true;
  ArimaObjective objective(fit, fit.scale);
  const auto& free = objective.free();
  const int n_free = static_cast<int>(free.size());
  if (n_free == 0) return;
  std::vector<double> z(n_free);
  for (int k = 0; k < n_free; ++k) z[k] = fit.coef[free[k]] / fit.scale[free[k]];
  const std::vector<double> base = fit.coef;
  Objective f = [&](const double* x) {
    return fit.method == ArimaMethod::kCss ? objective.css(x, base) : objective.ml(x, base, false);
  };
  // Covariance: inverse of n_used * Hessian of the objective, in natural units.
  Eigen::MatrixXd H = numeric_hessian(f, z, 1e-4) * static_cast<double>(fit.n_used);
  for (int a = 0; a < n_free; ++a)
    for (int b = 0; b < n_free; ++b) H(a, b) /= fit.scale[free[a]] * fit.scale[free[b]];
  Eigen::FullPivLU<Eigen::MatrixXd> lu(H);
  if (!lu.isInvertible() || !H.allFinite()) {
    fit.covariance_ok = false;
    return;
  }
  fit.covariance = lu.inverse();
  for (int k = 0; k < n_free; ++k) {
    const double v = fit.covariance(k, k);
    fit.covariance_ok = fit.covariance_ok && v >= 0;
    fit.coefficients[free[k]].std_error = v >= 0 ? std::sqrt(v) : kNaN;
  }
}

void finalize_arima(ArimaModel::Fit& fit) {
  if (fit.finalized) return;
  const int n = static_cast<int>(fit.y.size());
  const int narma = fit.arma.n_arma();
  std::vector<double> xr = fit.y;
  for (std::size_t j = 0; j < fit.X.size(); ++j)
    for (int t = 0; t < n; ++t) xr[t] -= fit.coef[narma + j] * fit.X[j][t];
  fit.state =
      std::make_shared<detail::ArimaStateSpace>(fit.poly.phi, fit.poly.theta, fit.delta, fit.kappa);
  if (!fit.state->ok())
    throw Error("arima", "the estimated AR part is non-stationary; cannot set up the filter",
                "try fewer AR terms or more differencing");
  std::vector<double> standardised;
  const auto terms = fit.state->filter(xr, &standardised);
  if (fit.method == ArimaMethod::kCss) {
    detail::conditional_sum_of_squares(xr, fit.arma.d, fit.arma.D, fit.arma.period, fit.poly.phi,
                                       fit.poly.theta, fit.n_cond, &fit.residuals);
    for (int t = 0; t < n; ++t)
      if (std::isnan(fit.y[t])) fit.residuals[t] = kNaN;
  } else {
    fit.sigma2_fit = terms.ssq / fit.n_used;
    fit.residuals = standardised;
    // R evaluates the likelihood with the differences inside the state and a finite diffuse
    // variance kappa; report that value (the search uses the exact kappa -> infinity limit,
    // which differs by O(1/kappa) relative to sigma^2).
    const double objective = terms.objective();
    if (std::isfinite(objective) && terms.n_used == fit.n_used) {
      const double nu = fit.n_used;
      const double shift = -0.5 * 2.0 * nu * (objective - fit.objective);
      fit.objective = objective;
      fit.loglik += shift;
      fit.aic -= 2.0 * shift;
      fit.aicc -= 2.0 * shift;
      fit.bic -= 2.0 * shift;
    }
  }
  double ss = 0.0;
  for (double r : fit.residuals)
    if (!std::isnan(r)) ss += r * r;
  fit.sigma2 = ss / (fit.nstar - fit.npar + 1);
  fit.fitted.resize(n);
  for (int t = 0; t < n; ++t) fit.fitted[t] = fit.y[t] - fit.residuals[t];
  fit.finalized = true;
}

}  // namespace harmcast::timeseries
