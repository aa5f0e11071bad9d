// fit_ets: which ETS models to try, the automatic choice by information criterion, and the
// special cases (missing values, constant and very short series), following R's forecast 8.20
// ets() (R/ets.R).
#include <fmt/format.h>

#include <chrono>
#include <cmath>
#include <limits>

#include "engine/core/error.hpp"
#include "models/timeseries/ets.hpp"
#include "models/timeseries/ets_fit.hpp"

namespace harmcast::timeseries {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// A letter of the model string: N, A, M, or Z (= unset).
std::optional<EtsType> parse_letter(char c) {
  if (c == 'N') return EtsType::kNone;
  if (c == 'A') return EtsType::kAdditive;
  if (c == 'M') return EtsType::kMultiplicative;
  return std::nullopt;
}

// The observations used: R's na.contiguous, accepted only when the run ends the series.
struct UsedSpan {
  int start = 0, length = 0;
};

UsedSpan contiguous_span(const Series& series, const std::string& where) {
  const auto& v = series.values;
  const int n = static_cast<int>(v.size());
  UsedSpan best, run;
  for (int t = 0; t < n; ++t) {
    if (std::isnan(v[t])) {
      run = {t + 1, 0};
      continue;
    }
    ++run.length;
    if (run.length > best.length) best = run;
  }
  if (best.start + best.length != n) {
    const int end = best.start + best.length;
    throw Error(where,
                fmt::format("the longest run without missing values is observations {}-{} of {}, "
                            "which does not reach the end of the series",
                            best.start + 1, end, n),
                "impute the missing values (or trim the series) before forecasting; R's ets "
                "would forecast from observation " +
                    std::to_string(end));
  }
  return best;
}

// R's is.constant: all.equal(y, rep(y[1])) with tolerance 1.5e-8 (mean relative difference).
bool is_constant(const std::vector<double>& y) {
  double diff = 0, scale = 0;
  for (double v : y) diff += std::fabs(v - y[0]), scale += std::fabs(v);
  diff /= y.size();
  scale /= y.size();
  if (scale > 1.5e-8) diff /= scale;
  return diff <= 1.5e-8;
}

double criterion(const EtsEstimate& e, InformationCriterion ic) {
  switch (ic) {
    case InformationCriterion::kAic:
      return e.aic;
    case InformationCriterion::kBic:
      return e.bic;
    case InformationCriterion::kAicc:
      break;
  }
  return e.aicc;
}

// Places the fitted part (from `span.start`) into series-length vectors.
void align(EtsModel::Fit& fit, const std::vector<double>& y, const EtsFilterResult& filter,
           UsedSpan span, int n_total, int n_states) {
  fit.fitted.assign(n_total, kNaN);
  fit.residuals.assign(n_total, kNaN);
  fit.innovations.assign(n_total, kNaN);
  for (int t = 0; t < span.length; ++t) {
    fit.fitted[span.start + t] = filter.fitted[t];
    fit.residuals[span.start + t] = y[t] - filter.fitted[t];
    fit.innovations[span.start + t] = filter.errors[t];
  }
  fit.last_state.assign(filter.states.end() - n_states, filter.states.end());
}

std::shared_ptr<EtsModel::Fit> least_squares_fit(const EtsLeastSquaresFit& ls,
                                                 const std::vector<double>& y, UsedSpan span,
                                                 int n_total, std::string message) {
  auto fit = std::make_shared<EtsModel::Fit>();
  fit->structure = ls.structure;
  fit->smoothing = ls.smoothing;
  fit->initial_state = ls.initial_state;
  fit->sigma2 = ls.sigma2;
  fit->n_parameters = 1 + ls.structure.has_trend() + static_cast<int>(ls.initial_state.size());
  align(*fit, y, ls.filter, span, n_total, ls.structure.n_states());
  fit->summary = closed_form_summary(std::move(message));
  return fit;
}

}  // namespace

void EtsOptions::validate() const {
  const std::string where = "ets options";
  const bool ok = model.size() == 3 && std::string("AMZ").find(model[0]) != std::string::npos &&
                  std::string("NAMZ").find(model[1]) != std::string::npos &&
                  std::string("NAMZ").find(model[2]) != std::string::npos;
  if (!ok)
    throw Error(where, fmt::format("model '{}' is not three letters error/trend/season", model),
                "use e.g. ZZZ (automatic), ANN, AAN, MAM: error A|M|Z, trend and season N|A|M|Z");
  if (max_evaluations < 1)
    throw Error(where, fmt::format("max_evaluations must be >= 1, got {}", max_evaluations), "");
  if (simulation_paths < 10)
    throw Error(where, fmt::format("simulation_paths must be >= 10, got {}", simulation_paths), "");
  for (int k = 0; k < 4; ++k)
    if (!(limits.lower[k] <= limits.upper[k]))
      throw Error(where, "each lower parameter limit must not exceed the upper one", "");
}

std::unique_ptr<EtsModel> fit_ets(const Series& series, const EtsOptions& options) {
  const auto clock_start = std::chrono::steady_clock::now();
  const std::string where = series.id.empty() ? "ets" : fmt::format("ets: series {}", series.id);
  options.validate();
  series.validate("ets");
  if (!series.xreg.empty())
    throw Error(where, "ETS models take no regressors",
                "use arima, count or structural for a series with regressors (e.g. interventions)");
  const UsedSpan span = contiguous_span(series, where);
  const std::vector<double> y(series.values.begin() + span.start,
                              series.values.begin() + span.start + span.length);
  const int n = span.length, n_total = static_cast<int>(series.values.size());
  const std::string dropped =
      span.start > 0 ? fmt::format("; the first {} values (missing) were dropped", span.start) : "";
  auto wrap = [](std::shared_ptr<EtsModel::Fit> fit) { return std::make_unique<EtsModel>(fit); };

  if (is_constant(y))
    return wrap(least_squares_fit(ets_least_squares(y, false, 0.99999), y, span, n_total,
                                  "constant series: simple exponential smoothing with alpha "
                                  "0.99999 and zero variance, as R's ets" +
                                      dropped));

  std::optional<EtsType> error = parse_letter(options.model[0]);
  std::optional<EtsType> trend = parse_letter(options.model[1]);
  std::optional<EtsType> season = parse_letter(options.model[2]);
  const int m = series.period;
  const bool seasonal_asked = season && *season != EtsType::kNone;
  if (n <= m) season = EtsType::kNone;
  if (m == 1) {
    if (seasonal_asked)
      throw Error(where, "a seasonal model needs a seasonal period > 1", "use season N or Z");
    season = EtsType::kNone;
  }
  if (m > 24) {
    if (seasonal_asked)
      throw Error(where, fmt::format("seasonal period {} is above 24", m),
                  "use a non-seasonal model (season N or Z)");
    season = EtsType::kNone;
  }
  auto forbidden = [&](EtsType e, EtsType t, EtsType s) {
    if (!options.restrict) return false;
    return (e == EtsType::kAdditive &&
            (t == EtsType::kMultiplicative || s == EtsType::kMultiplicative)) ||
           (e == EtsType::kMultiplicative && t == EtsType::kMultiplicative &&
            s == EtsType::kAdditive);
  };
  auto multiplicative = [](EtsType e, EtsType t, EtsType s) {
    return e == EtsType::kMultiplicative || t == EtsType::kMultiplicative ||
           s == EtsType::kMultiplicative;
  };
  if (error && trend && season &&
      (forbidden(*error, *trend, *season) ||
       (options.additive_only && multiplicative(*error, *trend, *season))))
    throw Error(where, fmt::format("model {} is a forbidden combination", options.model),
                "additive errors cannot go with multiplicative components (infinite variance)");
  double min_y = kInf;
  for (double v : y) min_y = std::min(min_y, v);
  const bool positive = min_y > 0;
  if (!positive && error == EtsType::kMultiplicative)
    throw Error(where, "multiplicative errors need strictly positive data",
                "use additive errors (model A..) or transform the data");
  if (options.damped.value_or(false) && trend == EtsType::kNone)
    throw Error(where, "a damped model needs a trend", "set the trend to A, M or Z");

  int npars = 2;
  if (trend && *trend != EtsType::kNone) npars += 2;
  if (season && *season != EtsType::kNone) npars += m;
  if (options.damped) npars += *options.damped;
  if (n <= npars + 4) {
    // R's HoltWintersZZ branch for tiny series: Holt or SES by least squares.
    const std::string why = fmt::format(
        "only {} observations for {} parameters: fitted by least squares without a likelihood "
        "(as R's ets)",
        n, npars);
    const bool seasonal_note = season && *season != EtsType::kNone;
    const std::string note = why + (seasonal_note ? "; season not estimated" : "") + dropped;
    if (trend == EtsType::kNone || n < 3)
      return wrap(least_squares_fit(ets_least_squares(y, false), y, span, n_total, note));
    const EtsLeastSquaresFit holt = ets_least_squares(y, true);
    if (trend)  // a trend was asked for
      return wrap(least_squares_fit(holt, y, span, n_total, note));
    const EtsLeastSquaresFit ses = ets_least_squares(y, false);
    return wrap(least_squares_fit(holt.sigma2 < ses.sigma2 ? holt : ses, y, span, n_total, note));
  }

  std::vector<EtsType> errors =
      error ? std::vector{*error} : std::vector{EtsType::kAdditive, EtsType::kMultiplicative};
  std::vector<EtsType> trends =
      trend ? std::vector{*trend}
      : options.allow_multiplicative_trend
          ? std::vector{EtsType::kNone, EtsType::kAdditive, EtsType::kMultiplicative}
          : std::vector{EtsType::kNone, EtsType::kAdditive};
  std::vector<EtsType> seasons =
      season ? std::vector{*season}
             : std::vector{EtsType::kNone, EtsType::kAdditive, EtsType::kMultiplicative};
  std::vector<bool> dampeds =
      options.damped ? std::vector{*options.damped} : std::vector{true, false};

  EtsEstimationOptions est;
  est.bounds = options.bounds;
  est.limits = options.limits;
  est.max_evaluations = options.max_evaluations;
  std::optional<EtsEstimate> best;
  double best_ic = kInf;
  std::vector<EtsCandidate> candidates;
  for (EtsType e : errors)
    for (EtsType t : trends)
      for (EtsType s : seasons)
        for (bool d : dampeds) {
          if (t == EtsType::kNone && d) continue;
          if (forbidden(e, t, s)) continue;
          if (options.restrict && options.additive_only && multiplicative(e, t, s)) continue;
          if (!positive && e == EtsType::kMultiplicative) continue;
          const EtsStructure structure{e, t, s, d, s == EtsType::kNone ? 1 : m};
          EtsCandidate c;
          c.description = ets_description(structure);
          EtsEstimationFailure failure;
          std::optional<EtsEstimate> fit;
          try {
            fit = estimate_ets(y, structure, est, &failure);
          } catch (const Error& problem) {
            failure.reason = problem.problem();
          }
          c.ic = fit ? criterion(*fit, options.ic) : kInf;
          if (std::isnan(c.ic)) c.ic = kInf, failure.reason = "likelihood not finite at the end";
          if (fit)
            c.log_likelihood = fit->log_likelihood, c.evaluations = fit->evaluations,
            c.converged = fit->converged;
          c.note = failure.reason;
          if (c.ic < best_ic) best_ic = c.ic, best = std::move(fit);
          candidates.push_back(std::move(c));
        }
  if (!best) {
    std::string reasons;
    for (const auto& c : candidates) reasons += fmt::format("; {}: {}", c.description, c.note);
    throw Error(where, "no ETS model could be fitted" + reasons,
                "check the series length and values, or use a benchmark method");
  }
  auto fit = std::make_shared<EtsModel::Fit>();
  fit->structure = best->structure;
  fit->smoothing = best->smoothing;
  fit->initial_state = best->initial_state;
  fit->sigma2 = best->sigma2;
  fit->log_likelihood = best->log_likelihood;
  fit->aic = best->aic;
  fit->aicc = best->aicc;
  fit->bic = best->bic;
  fit->n_parameters = best->n_parameters;
  fit->simulation_paths = options.simulation_paths;
  fit->simulation_seed = options.simulation_seed;
  align(*fit, y, best->filter, span, n_total, best->structure.n_states());
  fit->candidates = std::move(candidates);
  FitSummary& summary = fit->summary;
  summary.status = best->converged ? FitStatus::kConverged : FitStatus::kUsable;
  summary.message =
      (best->converged ? std::string("Nelder-Mead converged")
                       : fmt::format("Nelder-Mead stopped at the limit of {} evaluations (as R's "
                                     "ets, whose estimate this reproduces)",
                                     options.max_evaluations)) +
      dropped;
  summary.objective_initial = best->objective_initial;
  summary.objective_final = best->filter.objective;
  summary.iterations = best->evaluations;
  summary.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - clock_start).count();
  return wrap(fit);
}

}  // namespace harmcast::timeseries
