// EtsModel: forecasts, intervals and simulation of a fitted ETS model (fit_ets is in
// ets_select.cpp).
#include "models/timeseries/ets.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "engine/core/error.hpp"
#include "models/timeseries/ets_fit.hpp"
#include "models/timeseries/ets_forecast.hpp"

namespace harmcast::timeseries {

std::string ets_description(const EtsStructure& s) {
  auto letter = [](EtsType t) {
    return t == EtsType::kNone ? "N" : t == EtsType::kAdditive ? "A" : "M";
  };
  return fmt::format("ETS({},{}{},{})", letter(s.error), letter(s.trend), s.damped ? "d" : "",
                     letter(s.season));
}

EtsModel::EtsModel(std::shared_ptr<const Fit> fit) : fit_(std::move(fit)) {}

std::string EtsModel::description() const { return ets_description(fit_->structure); }
const FitSummary& EtsModel::summary() const { return fit_->summary; }
const std::vector<double>& EtsModel::fitted() const { return fit_->fitted; }
const std::vector<double>& EtsModel::residuals() const { return fit_->residuals; }
const std::vector<double>& EtsModel::innovations() const { return fit_->innovations; }
std::optional<double> EtsModel::log_likelihood() const { return fit_->log_likelihood; }
std::optional<double> EtsModel::aic() const { return fit_->aic; }
std::optional<double> EtsModel::aicc() const { return fit_->aicc; }
std::optional<double> EtsModel::bic() const { return fit_->bic; }
int EtsModel::n_parameters() const { return fit_->n_parameters; }
const EtsStructure& EtsModel::structure() const { return fit_->structure; }
const EtsSmoothing& EtsModel::smoothing() const { return fit_->smoothing; }
const std::vector<double>& EtsModel::initial_state() const { return fit_->initial_state; }
const std::vector<double>& EtsModel::last_state() const { return fit_->last_state; }
double EtsModel::sigma2() const { return fit_->sigma2; }
const std::vector<EtsCandidate>& EtsModel::candidates() const { return fit_->candidates; }

std::vector<std::vector<double>> EtsModel::simulate(int horizon, int n_paths, RandomStream& stream,
                                                    const Regressors& future_xreg) const {
  const std::string where = description();
  if (horizon < 1)
    throw Error(where, fmt::format("simulation horizon must be >= 1, got {}", horizon), "");
  if (n_paths < 1)
    throw Error(where, fmt::format("number of paths must be >= 1, got {}", n_paths), "");
  if (!future_xreg.empty())
    throw Error(where, "ETS models take no regressors", "drop the future regressors");
  const Fit& f = *fit_;
  const double sd = std::sqrt(f.sigma2);
  const bool mult = f.structure.error == EtsType::kMultiplicative;
  std::vector<std::vector<double>> paths(n_paths, std::vector<double>(horizon));
  std::vector<double> e(horizon);
  for (auto& path : paths) {
    for (double& v : e) {
      v = stream.normal(0.0, sd);
      if (mult) v = std::max(-1.0, v);
    }
    ets_simulate_path(f.last_state.data(), f.structure, f.smoothing, e.data(), horizon,
                      path.data());
  }
  return paths;
}

Forecast EtsModel::forecast(const ForecastRequest& request) const {
  const std::string where = description();
  request.validate(where);
  if (!request.future_xreg.empty())
    throw Error(where, "ETS models take no regressors", "drop the future regressors");
  const Fit& f = *fit_;
  const int h = request.horizon;
  const EtsMoments moments = ets_moments(f.structure, f.smoothing, f.last_state, f.sigma2, h);
  for (double v : moments.mean)
    if (!std::isfinite(v))
      throw Error(where, "the forecast is not finite (a multiplicative trend turned negative)",
                  "use a model with an additive or no trend");
  if (!moments.variance.empty()) {
    std::vector<double> se(h);
    for (int t = 0; t < h; ++t) se[t] = std::sqrt(std::max(moments.variance[t], 0.0));
    return gaussian_forecast(where, moments.mean, se, request.levels);
  }
  // No closed form: quantiles of simulated paths (R's pegelsfcast.C), mean = point forecast.
  RandomStream stream(f.simulation_seed, 0);
  const auto paths = simulate(h, f.simulation_paths, stream);
  Forecast out;
  out.model = where;
  out.mean = moments.mean;
  std::vector<std::vector<double>> by_step(h);
  for (int t = 0; t < h; ++t) {
    for (const auto& path : paths)
      if (std::isfinite(path[t])) by_step[t].push_back(path[t]);
    std::sort(by_step[t].begin(), by_step[t].end());
  }
  for (double level : request.levels) {
    PredictionInterval interval;
    interval.level = level;
    for (int t = 0; t < h; ++t) {
      interval.lower.push_back(quantile_type8(by_step[t], 0.5 - level / 200));
      interval.upper.push_back(quantile_type8(by_step[t], 0.5 + level / 200));
    }
    out.intervals.push_back(std::move(interval));
  }
  return out;
}

}  // namespace harmcast::timeseries
