#include "models/scenario/baseline.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "engine/core/error.hpp"

namespace harmcast::scenario {

double RatePaths::baseline_proportion() const { return NAN; }

KnownRatePaths::KnownRatePaths(std::vector<double> rate) : rate_(std::move(rate)) {
  for (double r : rate_) {
    if (!(r >= 0) || !std::isfinite(r))
      throw Error("known rate", fmt::format("rates must be finite and >= 0, got {}", r));
  }
}

void KnownRatePaths::draw(int horizon, int n_paths, RandomStream&,
                          std::vector<double>& rates) const {
  if (static_cast<int>(rate_.size()) < horizon)
    throw Error("known rate",
                fmt::format("{} rates given for a horizon of {} months", rate_.size(), horizon));
  rates.resize(static_cast<std::size_t>(horizon) * n_paths);
  for (int p = 0; p < n_paths; ++p)
    std::copy(rate_.begin(), rate_.begin() + horizon, rates.begin() + std::size_t(p) * horizon);
}

ForecastRatePaths::ForecastRatePaths(std::shared_ptr<const timeseries::ForecastModel> model,
                                     bool poisson_part)
    : model_(std::move(model)), poisson_part_(poisson_part) {
  if (!model_) throw InternalError("ForecastRatePaths without a model");
}

void ForecastRatePaths::draw(int horizon, int n_paths, RandomStream& stream,
                             std::vector<double>& rates) const {
  // kParameterDraws draws of the estimates, each shared by a block of paths: refiltering the
  // history for every one of 10,000 paths would cost more than the rest of the simulation.
  const int paths_per_draw = (n_paths + kParameterDraws - 1) / kParameterDraws;
  const auto paths = model_->has_parameter_uncertainty()
                         ? model_->simulate_with_parameter_uncertainty(horizon, n_paths, stream, {},
                                                                       paths_per_draw)
                         : model_->simulate(horizon, n_paths, stream);
  rates.resize(static_cast<std::size_t>(horizon) * n_paths);
  for (int p = 0; p < n_paths; ++p)
    for (int t = 0; t < horizon; ++t) rates[std::size_t(p) * horizon + t] = paths[p][t];
  if (poisson_part_) {
    remove_poisson_variance(horizon, n_paths, rates);
  } else {
    for (double& r : rates) r = std::max(0.0, r);
  }
}

void remove_poisson_variance(int horizon, int n_paths, std::vector<double>& paths) {
  for (int t = 0; t < horizon; ++t) {
    double mean = 0.0;
    for (int p = 0; p < n_paths; ++p) mean += paths[std::size_t(p) * horizon + t];
    mean /= n_paths;
    double ss = 0.0;
    for (int p = 0; p < n_paths; ++p) {
      const double d = paths[std::size_t(p) * horizon + t] - mean;
      ss += d * d;
    }
    const double variance = n_paths > 1 ? ss / (n_paths - 1) : 0.0;
    const double rate_mean = std::max(0.0, mean);
    const double shrink = variance > rate_mean ? std::sqrt((variance - rate_mean) / variance) : 0.0;
    for (int p = 0; p < n_paths; ++p) {
      double& y = paths[std::size_t(p) * horizon + t];
      y = std::max(0.0, rate_mean + shrink * (y - mean));
    }
  }
}

void BaselineGroup::validate() const {
  const std::string where = "baseline " + name;
  if (!rates) throw InternalError(where + " has no rate paths");
  if (members.empty()) throw Error(where, "a baseline group needs at least one series");
  if (!share_weights.empty()) {
    if (share_weights.size() != members.size())
      throw Error(where, fmt::format("{} share weights for {} series", share_weights.size(),
                                     members.size()));
    double total = 0;
    for (double w : share_weights) {
      if (!(w >= 0) || !std::isfinite(w))
        throw Error(where, fmt::format("share weights must be >= 0, got {}", w));
      total += w;
    }
    if (!(total > 0) && !uncertain_shares)
      throw Error(where, "the share weights sum to zero",
                  "Check that the series have recorded counts in the share window.");
  }
}

}  // namespace harmcast::scenario
