#pragma once
// Stage "intervention_analysis": the effect of a dated event on one series, estimated as an
// intervention term in a regression with ARIMA errors
// (models/timeseries/intervention_analysis.hpp).
//
// Config (a list under `intervention_analysis`, validated before anything runs):
//   - name: Seat-belt law                # shown in the report (required)
//     group_by: [crime_type]             # id columns kept (others summed over); default: all
//     series: [drivers]                  # id values, in id-column order; empty: the only
//                                        # series, or the sum of all series
//     start: 1983-02                     # first month affected (required)
//     shape: step                        # step | ramp | pulse
//     transform: log                     # log | none (of the series)
//     order: [0, 1, 1]                   # ARIMA (p, d, q) of the errors; empty: auto.arima
//     seasonal_order: [0, 1, 1]          # (P, D, Q); with `order`
//     covariates:                        # extra numeric columns of the crime data file
//       - {column: petrol_price, transform: log}
//     level: 0.95
//
// Tables: /intervention/effects (one row per analysis: estimate, interval, percent change,
// sentence), /intervention/coefficients (every coefficient of each fit), /intervention/series
// (observed, fitted and counterfactual values by period). A failed analysis is a run note.
#include <optional>
#include <string>
#include <vector>

#include "engine/config/experiment_config.hpp"
#include "engine/results/run_results.hpp"
#include "engine/runner/experiment_data.hpp"
#include "engine/time/period.hpp"

namespace harmcast {

struct InterventionCovariateConfig {
  std::string column;
  std::string transform = "none";
};

struct InterventionAnalysisConfig {
  std::string name;
  std::vector<std::string> group_by;
  std::vector<std::string> series;
  std::optional<Period> start;
  std::string shape = "step";
  std::string transform = "log";
  std::vector<int> order;
  std::vector<int> seasonal_order;
  std::vector<InterventionCovariateConfig> covariates;
  double level = 0.95;
};

void declare_options(ConfigReader& r, InterventionCovariateConfig& c);
void declare_options(ConfigReader& r, InterventionAnalysisConfig& c);

// Parses and validates `config.intervention_analysis`; throws one harmcast::Error listing every
// problem, each with its key path and line.
std::vector<InterventionAnalysisConfig> parse_intervention_analyses(const ExperimentConfig& config);

// Checks the analyses against the loaded data (series exist, start inside the data, covariate
// columns present and numeric); throws one harmcast::Error listing every problem.
void check_intervention_analyses(const std::vector<InterventionAnalysisConfig>& analyses,
                                 const ExperimentData& data, const ExperimentConfig& config);

void run_intervention_stage(const ExperimentData& data,
                            const std::vector<InterventionAnalysisConfig>& analyses,
                            const ExperimentConfig& config, RunResults& results);

}  // namespace harmcast
