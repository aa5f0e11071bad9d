#include "models/timeseries/auto_arima.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "engine/core/error.hpp"
#include "models/timeseries/arima_estimate.hpp"
#include "models/timeseries/unit_root.hpp"

namespace harmcast::timeseries {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

std::string where_of(const Series& series) {
  return series.id.empty() ? std::string("auto_arima") : "auto_arima: series " + series.id;
}

// Smallest modulus among the roots of 1 - phi(z) and 1 + theta(z) (2 if none), as myarima.
double min_root(const std::vector<double>& phi, const std::vector<double>& theta) {
  double smallest = 2.0;
  auto check = [&](const std::vector<double>& coef, double sign) {
    int last = -1;
    for (int i = 0; i < static_cast<int>(coef.size()); ++i)
      if (std::abs(coef[i]) > 1e-8) last = i;
    if (last < 0) return;
    std::vector<double> c(last + 1);
    for (int i = 0; i <= last; ++i) c[i] = sign * coef[i];
    for (const auto& root : detail::polynomial_roots(c))
      smallest = std::min(smallest, std::abs(root));
  };
  check(phi, -1.0);
  check(theta, 1.0);
  return smallest;
}

class CandidateFitter {
 public:
  CandidateFitter(const Series& series, const AutoArimaOptions& options, InformationCriterion ic,
                  int period)
      : series_(series), options_(options), ic_(ic), period_(period) {}

  // forecast:::myarima. Returns the fit (or null) and its criterion (+inf if rejected).
  // The coefficient covariance (R's checkarima) is only computed for a candidate whose
  // criterion beats `must_beat`: a worse model is not chosen whatever its standard errors.
  std::shared_ptr<ArimaModel::Fit> fit(const ArimaOrder& order, bool constant, bool approximation,
                                       double offset, double must_beat, double& ic) const {
    ic = kInf;
    Series local = series_;
    local.period = period_;
    ArimaOptions options;
    options.order = order;
    const int diffs = order.d + order.D;
    options.include_drift = diffs == 1 && constant;
    options.include_mean = constant;
    options.method = approximation ? ArimaMethod::kCss : ArimaMethod::kCssMl;
    options.optimizer = options_.optimizer;
    options.standard_errors = false;
    std::shared_ptr<ArimaModel::Fit> fit;
    try {
      fit = estimate_arima(local, options);
    } catch (const Error&) {
      return nullptr;
    }
    if (!fit->summary.usable()) return nullptr;
    double aic = fit->aic;
    const double nstar = fit->nstar, npar = fit->npar;
    if (approximation) aic = offset + nstar * std::log(fit->sigma2_fit) + 2.0 * npar;
    if (!std::isfinite(aic)) return fit;
    const double bic = aic + npar * (std::log(nstar) - 2.0);
    const double aicc = aic + 2.0 * npar * (npar + 1.0) / (nstar - npar - 1.0);
    fit->aic = aic;
    fit->aicc = aicc;
    fit->bic = bic;
    double value = ic_ == InformationCriterion::kBic   ? bic
                   : ic_ == InformationCriterion::kAic ? aic
                                                       : aicc;
    if (std::isnan(value) || min_root(fit->poly.phi, fit->poly.theta) < 1.01) value = kInf;
    if (value < must_beat) {
      compute_arima_covariance(*fit);
      if (!fit->covariance_ok) value = kInf;
    }
    ic = value;
    return fit;
  }

 private:
  const Series& series_;
  const AutoArimaOptions& options_;
  InformationCriterion ic_;
  int period_;
};

std::vector<double> seasonal_difference(const std::vector<double>& x, int lag, int times) {
  std::vector<double> out = x;
  for (int k = 0; k < times; ++k) {
    if (static_cast<int>(out.size()) <= lag) return {};
    std::vector<double> next(out.size() - lag);
    for (std::size_t t = lag; t < out.size(); ++t) next[t - lag] = out[t] - out[t - lag];
    out = std::move(next);
  }
  return out;
}

bool all_missing(const std::vector<double>& x) {
  return std::all_of(x.begin(), x.end(), [](double v) { return std::isnan(v); });
}

}  // namespace

std::string to_string(InformationCriterion ic) {
  switch (ic) {
    case InformationCriterion::kAicc:
      return "aicc";
    case InformationCriterion::kAic:
      return "aic";
    case InformationCriterion::kBic:
      return "bic";
  }
  throw InternalError("to_string(InformationCriterion): unknown enumerator");
}

InformationCriterion information_criterion_from_string(std::string_view text) {
  if (text == "aicc") return InformationCriterion::kAicc;
  if (text == "aic") return InformationCriterion::kAic;
  if (text == "bic") return InformationCriterion::kBic;
  throw Error("information criterion", fmt::format("unknown criterion '{}'", text),
              "use one of aicc, aic, bic");
}

void AutoArimaOptions::validate() const {
  auto non_negative = [](int v, const char* field) {
    if (v < 0)
      throw Error(fmt::format("AutoArimaOptions.{}", field), fmt::format("must be >= 0, got {}", v),
                  "");
  };
  non_negative(max_p, "max_p");
  non_negative(max_q, "max_q");
  non_negative(max_P, "max_P");
  non_negative(max_Q, "max_Q");
  non_negative(max_d, "max_d");
  non_negative(max_D, "max_D");
  non_negative(start_p, "start_p");
  non_negative(start_q, "start_q");
  non_negative(start_P, "start_P");
  non_negative(start_Q, "start_Q");
  if (d && *d < 0) throw Error("AutoArimaOptions.d", "must be >= 0 when set", "");
  if (D && *D < 0) throw Error("AutoArimaOptions.D", "must be >= 0 when set", "");
  if (max_models < 1) throw Error("AutoArimaOptions.max_models", "must be >= 1", "");
  if (!(kpss_alpha > 0 && kpss_alpha < 1))
    throw Error("AutoArimaOptions.kpss_alpha", "must be in (0, 1)", "");
  optimizer.validate();
}

std::unique_ptr<ArimaModel> auto_arima(const Series& input, const AutoArimaOptions& options,
                                       AutoArimaTrace* trace) {
  options.validate();
  input.validate("auto_arima");
  const std::string where = where_of(input);
  // Drop leading missing values (R: subset(x, start = firstnonmiss)).
  Series series = input;
  int first = 0;
  while (first < static_cast<int>(series.values.size()) && std::isnan(series.values[first]))
    ++first;
  series.values.erase(series.values.begin(), series.values.begin() + first);
  for (auto& column : series.xreg.columns) column.erase(column.begin(), column.begin() + first);
  const std::vector<double>& x = series.values;
  int last = static_cast<int>(x.size()) - 1;
  while (last >= 0 && std::isnan(x[last])) --last;
  int serieslength = 0;
  for (int t = 0; t <= last; ++t) serieslength += !std::isnan(x[t]);

  if (is_constant(x))
    throw Error(where, "the series is constant",
                "a constant series needs no ARIMA model: use the mean or naive method");
  InformationCriterion ic = options.ic;
  const int m = options.seasonal ? std::max(1, series.period) : 1;
  int max_p = std::min(options.max_p, serieslength / 3);
  int max_q = std::min(options.max_q, serieslength / 3);
  int max_P = std::min(options.max_P, serieslength / 3 / m);
  int max_Q = std::min(options.max_Q, serieslength / 3 / m);
  if (serieslength <= 3) ic = InformationCriterion::kAic;

  // With regressors the unit-root tests look at the regression residuals.
  std::vector<double> xx = x;
  std::vector<std::vector<double>> xregg;
  for (const auto& column : series.xreg.columns)
    if (!is_constant(column)) xregg.push_back(column);
  if (!xregg.empty()) {
    std::vector<int> rows;
    for (std::size_t t = 0; t < x.size(); ++t) {
      bool ok = !std::isnan(x[t]);
      for (const auto& column : xregg) ok = ok && !std::isnan(column[t]);
      if (ok) rows.push_back(static_cast<int>(t));
    }
    const int k = static_cast<int>(xregg.size()) + 1;
    Eigen::MatrixXd A(rows.size(), k);
    Eigen::VectorXd b(rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) {
      A(i, 0) = 1.0;
      for (int j = 1; j < k; ++j) A(i, j) = xregg[j - 1][rows[i]];
      b(i) = x[rows[i]];
    }
    const Eigen::VectorXd beta = A.colPivHouseholderQr().solve(b);
    const Eigen::VectorXd resid = b - A * beta;
    for (std::size_t i = 0; i < rows.size(); ++i) xx[rows[i]] = resid(i);
  }

  int d = options.d.value_or(-1), D = options.D.value_or(-1);
  if (options.stationary) d = D = 0;
  if (m == 1) {
    D = max_P = max_Q = 0;
  } else if (D < 0 && static_cast<int>(xx.size()) <= 2 * m) {
    D = 0;
  } else if (D < 0) {
    NsdiffsOptions ns;
    ns.max_D = options.max_D;
    ns.threshold = options.seasonal_strength_threshold;
    D = nsdiffs(xx, m, ns);
    if (D > 0)
      for (const auto& column : xregg)
        if (is_constant(seasonal_difference(column, m, D))) {
          --D;
          break;
        }
    if (D > 0 && all_missing(seasonal_difference(xx, m, D))) --D;
  }
  std::vector<double> dx = D > 0 ? seasonal_difference(xx, m, D) : xx;
  if (d < 0) {
    NdiffsOptions nd;
    nd.alpha = options.kpss_alpha;
    nd.max_d = options.max_d;
    d = ndiffs(dx, nd);
    if (d > 0)
      for (const auto& column : xregg) {
        auto diffed = D > 0 ? seasonal_difference(column, m, D) : column;
        if (is_constant(seasonal_difference(diffed, 1, d))) {
          --d;
          break;
        }
      }
    if (d > 0 && all_missing(seasonal_difference(dx, 1, d))) --d;
  }
  if (d > 0) dx = seasonal_difference(dx, 1, d);
  if (dx.empty()) throw Error(where, "not enough data after differencing", "use a longer series");
  if (is_constant(dx))
    throw Error(
        where,
        fmt::format("the series is constant after {} regular and {} seasonal differences", d, D),
        "it follows a deterministic pattern: use the drift or seasonal naive method");
  if (m > 1) {
    if (max_P > 0) max_p = std::min(max_p, m - 1);
    if (max_Q > 0) max_q = std::min(max_q, m - 1);
  }
  const bool approximation =
      options.approximation.value_or(static_cast<int>(x.size()) > 150 || m > 12);

  Series fit_series = series;
  fit_series.period = m;
  CandidateFitter fitter(fit_series, options, ic, m);
  double offset = 0.0;
  if (approximation) {
    ArimaOptions base;
    base.order = {0, d, 0, 0, D, 0};
    base.optimizer = options.optimizer;
    base.standard_errors = false;
    try {
      auto fit = estimate_arima(fit_series, base);
      finalize_arima(*fit);
      offset = -2.0 * fit->loglik - serieslength * std::log(fit->sigma2_fit);
    } catch (const Error&) {
      offset = 0.0;
    }
  }
  const bool allow_drift = options.allow_drift && d + D == 1;
  const bool allow_mean = options.allow_mean && d + D == 0;
  bool constant = allow_drift || allow_mean;

  int start_p = options.start_p, start_q = options.start_q;
  int start_P = options.start_P, start_Q = options.start_Q;
  if (x.size() < 10) {
    start_p = std::min(start_p, 1);
    start_q = std::min(start_q, 1);
    start_P = start_Q = 0;
  }
  int p = std::min(start_p, max_p), q = std::min(start_q, max_q);
  int P = std::min(start_P, max_P), Q = std::min(start_Q, max_Q);

  std::vector<ArimaCandidate> results;
  std::shared_ptr<ArimaModel::Fit> best;
  double best_ic = kInf;
  auto try_model = [&](int tp, int tq, int tP, int tQ, bool tc) {
    double value = kInf;
    auto fit = fitter.fit({tp, d, tq, tP, D, tQ}, tc, approximation, offset, best_ic, value);
    results.push_back({{tp, d, tq, tP, D, tQ}, tc, value});
    if (value < best_ic) {
      best_ic = value;
      best = fit;
      return true;
    }
    return false;
  };
  auto is_new = [&](int tp, int tq, int tP, int tQ, bool tc) {
    for (const auto& r : results)
      if (r.order.p == tp && r.order.q == tq && r.order.P == tP && r.order.Q == tQ &&
          r.constant == tc)
        return false;
    return true;
  };

  // The first model is always the incumbent, even with an infinite criterion.
  {
    double value = kInf;
    best = fitter.fit({p, d, q, P, D, Q}, constant, approximation, offset, kInf, value);
    best_ic = value;
    results.push_back({{p, d, q, P, D, Q}, constant, value});
  }
  if (try_model(0, 0, 0, 0, constant)) p = q = P = Q = 0;
  if (max_p > 0 || max_P > 0) {
    const int tp = max_p > 0, tP = (m > 1) && (max_P > 0);
    if (try_model(tp, 0, tP, 0, constant)) {
      p = tp;
      P = tP;
      q = Q = 0;
    }
  }
  if (max_q > 0 || max_Q > 0) {
    const int tq = max_q > 0, tQ = (m > 1) && (max_Q > 0);
    if (try_model(0, tq, 0, tQ, constant)) {
      p = P = 0;
      Q = tQ;
      q = tq;
    }
  }
  if (constant && try_model(0, 0, 0, 0, false)) p = q = P = Q = 0;  // R keeps `constant` as is

  int k = static_cast<int>(results.size());
  int startk = 0;
  const int nmodels = options.max_models;
  while (startk < k && k < nmodels) {
    startk = k;
    struct Move {
      bool allowed;
      int dp, dq, dP, dQ;
    };
    const Move moves[] = {
        {P > 0, 0, 0, -1, 0},
        {Q > 0, 0, 0, 0, -1},
        {P < max_P, 0, 0, 1, 0},
        {Q < max_Q, 0, 0, 0, 1},
        {Q > 0 && P > 0, 0, 0, -1, -1},
        {Q < max_Q && P > 0, 0, 0, -1, 1},
        {Q > 0 && P < max_P, 0, 0, 1, -1},
        {Q < max_Q && P < max_P, 0, 0, 1, 1},
        {p > 0, -1, 0, 0, 0},
        {q > 0, 0, -1, 0, 0},
        {p < max_p, 1, 0, 0, 0},
        {q < max_q, 0, 1, 0, 0},
        {q > 0 && p > 0, -1, -1, 0, 0},
        {q < max_q && p > 0, -1, 1, 0, 0},
        {q > 0 && p < max_p, 1, -1, 0, 0},
        {q < max_q && p < max_p, 1, 1, 0, 0},
    };
    bool moved = false;
    bool stop = false;
    for (const auto& move : moves) {
      const int tp = p + move.dp, tq = q + move.dq, tP = P + move.dP, tQ = Q + move.dQ;
      if (!move.allowed || !is_new(tp, tq, tP, tQ, constant)) continue;
      ++k;
      if (k > nmodels) {
        stop = true;
        break;
      }
      if (try_model(tp, tq, tP, tQ, constant)) {
        p = tp;
        q = tq;
        P = tP;
        Q = tQ;
        moved = true;
        break;
      }
    }
    if (moved || stop) continue;
    if ((allow_drift || allow_mean) && is_new(p, q, P, Q, !constant)) {
      ++k;
      if (k > nmodels) continue;
      if (try_model(p, q, P, Q, !constant)) constant = !constant;
    }
  }

  if (approximation && best) {
    std::vector<int> idx(results.size());
    std::iota(idx.begin(), idx.end(), 0);
    std::stable_sort(idx.begin(), idx.end(),
                     [&](int a, int b) { return results[a].ic < results[b].ic; });
    best.reset();
    for (int i : idx) {
      double value = kInf;
      auto fit = fitter.fit(results[i].order, results[i].constant, false, 0.0, kInf, value);
      if (value < kInf) {
        best = fit;
        best_ic = value;
        break;
      }
    }
  }
  if (!best || !(best_ic < kInf))
    throw Error(where, "no suitable ARIMA model found",
                "the series may be too short or irregular; try a benchmark method");
  if (trace) {
    trace->d = d;
    trace->D = D;
    trace->approximation = approximation;
    trace->candidates = results;
  }
  finalize_arima(*best);
  return std::make_unique<ArimaModel>(best);
}

}  // namespace harmcast::timeseries
