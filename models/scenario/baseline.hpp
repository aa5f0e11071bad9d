#pragma once
// Baselines of a scenario simulation: where the expected counts (rates) of the future come from.
//
// A BaselineGroup is one fitted model of a total (e.g. city-wide violence with injury) plus the
// series it is shared out to (the 20 wards), each with a share of the total. The group's
// RatePaths draws sample paths of the total's rate; a member's rate on a path is its share times
// the total's rate. Shares are fixed, or drawn per path from Dirichlet(counts + 1/2) (Jeffreys
// prior on the recent counts) so the ward split carries its own uncertainty. A group of one
// series with share 1 is a model per series.
//
// Rates from a forecast model (ForecastRatePaths): a model's sample paths Y_t (noise and, where the
// model has a covariance of its estimates, parameter uncertainty: 100 draws of the parameters,
// each shared by a block of paths, ForecastModel::simulate_with_parameter_uncertainty) mix the
// uncertainty of the rate with the Poisson noise of the counts. For counts the predictive variance
// is Var(Y_t) = Var(L_t) + E(L_t) for Y_t | L_t ~ Poisson(L_t), so the rate paths keep each path's
// deviation from the mean but shrink it to the rate's share of the variance:
//     L_t = max(0, mu_t + c_t (Y_t - mu_t)),   c_t = sqrt(max(0, s2_t - mu_t) / s2_t)
// with mu_t and s2_t the mean and variance over the simulated paths. Counts drawn as
// Poisson(L_t) then have (up to the floor at 0) the model's mean and variance, and its
// correlation over time. A model whose predictive variance is at most its mean (s2 <= mu) gives
// fixed rates, and the counts are Poisson around the model's mean.
#include <memory>
#include <string>
#include <vector>

#include "engine/core/random.hpp"
#include "models/timeseries/forecast_model.hpp"

namespace harmcast::scenario {

// n_paths x horizon expected counts, path-major (rates[p * horizon + t]).
class RatePaths {
 public:
  virtual ~RatePaths() = default;
  // Draws only from `stream`, so the same stream state gives the same rates.
  virtual void draw(int horizon, int n_paths, RandomStream& stream,
                    std::vector<double>& rates) const = 0;
  // The proportion an effect of kind `difference` is relative to (cohorts); NaN otherwise.
  virtual double baseline_proportion() const;
};

// A known rate, the same on every path (tests, or a rate given by the user).
class KnownRatePaths final : public RatePaths {
 public:
  explicit KnownRatePaths(std::vector<double> rate);  // one value per month of the horizon
  void draw(int horizon, int n_paths, RandomStream& stream,
            std::vector<double>& rates) const override;

 private:
  std::vector<double> rate_;
};

// Rates from a fitted forecast model's sample paths, as in the file comment. With
// `poisson_part` false the paths are used as they are (for counts drawn as `none`).
class ForecastRatePaths final : public RatePaths {
 public:
  static constexpr int kParameterDraws = 100;  // draws of the model's estimates per draw() call

  ForecastRatePaths(std::shared_ptr<const timeseries::ForecastModel> model, bool poisson_part);
  void draw(int horizon, int n_paths, RandomStream& stream,
            std::vector<double>& rates) const override;

 private:
  std::shared_ptr<const timeseries::ForecastModel> model_;
  bool poisson_part_;
};

// Removes the Poisson part of the variance of count paths (the formula above), in place.
void remove_poisson_variance(int horizon, int n_paths, std::vector<double>& paths);

// A series of the simulation: its id and the labels interventions and targets select on.
struct SeriesLabels {
  std::string id;          // "W01 | burglary"
  std::string crime_type;  // "burglary"
  std::string ward;        // "W01" ("" for a cohort)
  std::string cohort;      // cohort segment name ("" for area series)
};

struct BaselineGroup {
  std::string name;  // the modelled total, for messages ("violence_with_injury")
  std::shared_ptr<const RatePaths> rates;
  std::vector<SeriesLabels> members;
  // Share weights, one per member (normalised to sum 1); empty: equal shares.
  std::vector<double> share_weights;
  // true: shares ~ Dirichlet(share_weights + 1/2) per path (weights are then counts).
  bool uncertain_shares = false;

  void validate() const;  // members present, weights non-negative with a positive sum
};

}  // namespace harmcast::scenario
