#include "models/timeseries/combination.hpp"

#include <algorithm>
#include <cmath>

#include "engine/core/error.hpp"

namespace harmcast::timeseries {

Forecast average_forecasts(const std::vector<Forecast>& forecasts, std::string model) {
  if (forecasts.empty()) throw InternalError("average_forecasts: no forecasts");
  Forecast out;
  out.model = std::move(model);
  const std::size_t h = forecasts.front().mean.size(), k = forecasts.size();
  out.mean.assign(h, 0.0);
  out.intervals = forecasts.front().intervals;
  for (auto& interval : out.intervals) {
    interval.lower.assign(h, 0.0);
    interval.upper.assign(h, 0.0);
  }
  for (const auto& f : forecasts) {
    if (f.mean.size() != h || f.intervals.size() != out.intervals.size())
      throw InternalError("average_forecasts: forecasts of different shapes");
    for (std::size_t t = 0; t < h; ++t) out.mean[t] += f.mean[t] / k;
    for (std::size_t l = 0; l < out.intervals.size(); ++l)
      for (std::size_t t = 0; t < h; ++t) {
        out.intervals[l].lower[t] += f.intervals[l].lower[t] / k;
        out.intervals[l].upper[t] += f.intervals[l].upper[t] / k;
      }
  }
  return out;
}

CombinedModel::CombinedModel(std::vector<std::unique_ptr<ForecastModel>> members)
    : members_(std::move(members)) {
  if (members_.empty()) throw Error("forecast combination", "no member models", "");
  summary_ = closed_form_summary("equal-weight mean of the members' forecasts");
  for (const auto& m : members_)
    if (m->summary().status == FitStatus::kUsable) summary_.status = FitStatus::kUsable;
  const std::size_t n = members_.front()->fitted().size();
  fitted_.assign(n, 0.0);
  residuals_.assign(n, 0.0);
  for (const auto& m : members_)
    for (std::size_t t = 0; t < n && t < m->fitted().size(); ++t) {
      fitted_[t] += m->fitted()[t] / members_.size();  // NaN if any member has none
      residuals_[t] += m->residuals()[t] / members_.size();
    }
}

std::string CombinedModel::description() const {
  std::string text = "Mean of [";
  for (std::size_t i = 0; i < members_.size(); ++i)
    text += (i > 0 ? "; " : "") + members_[i]->description();
  return text + "]";
}
const FitSummary& CombinedModel::summary() const { return summary_; }
const std::vector<double>& CombinedModel::fitted() const { return fitted_; }
const std::vector<double>& CombinedModel::residuals() const { return residuals_; }
int CombinedModel::n_parameters() const {
  int total = 0;
  for (const auto& m : members_) total += m->n_parameters();
  return total;
}

Forecast CombinedModel::forecast(const ForecastRequest& request) const {
  std::vector<Forecast> forecasts;
  for (const auto& m : members_) forecasts.push_back(m->forecast(request));
  return average_forecasts(forecasts, description());
}

namespace {

// Paths j, j + k, j + 2k, ... from member j, each drawn by `draw(member, count)`.
template <class Draw>
std::vector<std::vector<double>> interleaved_paths(
    const std::vector<std::unique_ptr<ForecastModel>>& members, int n_paths, Draw draw) {
  const int k = static_cast<int>(members.size());
  std::vector<std::vector<double>> paths(n_paths);
  for (int j = 0; j < k && j < n_paths; ++j) {
    const int count = (n_paths - j + k - 1) / k;
    auto drawn = draw(*members[j], count);
    for (int i = 0; i < count; ++i) paths[j + i * k] = std::move(drawn[i]);
  }
  return paths;
}

}  // namespace

std::vector<std::vector<double>> CombinedModel::simulate(int horizon, int n_paths,
                                                         RandomStream& stream,
                                                         const Regressors& future_xreg) const {
  return interleaved_paths(members_, n_paths, [&](const ForecastModel& m, int count) {
    return m.simulate(horizon, count, stream, future_xreg);
  });
}

bool CombinedModel::has_parameter_uncertainty() const {
  return std::any_of(members_.begin(), members_.end(),
                     [](const auto& m) { return m->has_parameter_uncertainty(); });
}

std::vector<std::vector<double>> CombinedModel::simulate_with_parameter_uncertainty(
    int horizon, int n_paths, RandomStream& stream, const Regressors& future_xreg,
    int paths_per_draw) const {
  return interleaved_paths(members_, n_paths, [&](const ForecastModel& m, int count) {
    return m.has_parameter_uncertainty() ? m.simulate_with_parameter_uncertainty(
                                               horizon, count, stream, future_xreg, paths_per_draw)
                                         : m.simulate(horizon, count, stream, future_xreg);
  });
}

}  // namespace harmcast::timeseries
