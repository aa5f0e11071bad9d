#pragma once
// Stage "evaluations": each commissioned service against a matched comparison group from the
// offender cohort (models/matching/evaluation.hpp): propensity score, 1:k nearest-neighbour
// matching with a caliper, balance, effects on the treated with pair-robust intervals.
//
// Config (a list under `evaluations`, validated here before anything runs):
//   - name: IDVA                       # shown in the report (required)
//     service: idva                    # cohort rows with service == this are treated and rows
//                                      # with service == none are the pool; empty: use `treatment`
//     treatment: treat                 # 0/1 column when `service` is empty
//     covariates: [age, sex, ogrs]     # the propensity model (required)
//     outcomes: [reoffended_1y]        # "time:event" for a time to event: hazard ratio (Cox,
//                                      # pair-clustered SE) and difference in a quantile of
//                                      # time (bootstrap interval)
//     caliper: 0.2                     # in SDs of the propensity score; 0 = none
//     ratio: 1                         # controls per treated person
//     replace: false
//     pool_ties: false                 # with replace: every comparison person as close as the
//                                      # ratio-th joins the set (R Matching's ties = TRUE)
//     tie_tolerance: 1e-5              # squared score gap in SDs counted as a tie
//     jdl: false                       # Justice Data Lab preset
//     standard_errors: auto            # auto | pair-cluster | unit-robust | bootstrap |
//                                      # abadie-imbens (with replacement)
//     bootstrap_replicates: 999        # bootstrap SE and median-time intervals
//     median_time: true                # time-to-event outcomes: also the quantile difference
//     time_quantile: 0.5               # which quantile of time: 0.5 median, 0.25 when the
//                                      # median is not reached within follow-up
//
// Tables: /evaluation/effects (service, outcome, kind, estimate, interval, p, matched counts,
// se_method, sentence, then ratio / ratio_low / ratio_high: the hazard ratio of time-to-event
// rows, whose estimate is the log hazard ratio; median-time / time-quantile rows give days, and
// their q in time_quantile), /evaluation/balance
// (service, covariate, SMD and variance ratio before/after). A service that cannot be evaluated
// (too few people, nobody matched) becomes a run note.
#include <string>
#include <vector>

#include "engine/config/experiment_config.hpp"
#include "engine/results/run_results.hpp"
#include "engine/table/table.hpp"
#include "models/matching/evaluation.hpp"

namespace harmcast {

struct EvaluationConfig {
  std::string name;
  std::string service;
  std::string treatment = "treat";
  std::vector<std::string> covariates;
  std::vector<std::string> outcomes{"reoffended_1y"};
  double caliper = 0.2;
  int ratio = 1;
  bool replace = false;
  bool pool_ties = false;       // with replace: all tied comparison people (R Matching)
  double tie_tolerance = 1e-5;  // Matching's distance.tolerance
  bool jdl = false;
  EffectSe standard_errors = EffectSe::Auto;
  int bootstrap_replicates = 999;
  bool median_time = true;
  double time_quantile = 0.5;
};

void declare_options(ConfigReader& r, EvaluationConfig& c);

// Parses and validates `config.evaluations`; throws one harmcast::Error listing every problem.
std::vector<EvaluationConfig> parse_evaluations(const ExperimentConfig& config);

// The rows of `cohort` an evaluation compares: with `service`, its participants and the people
// in no service, with a fresh 0/1 column whose name is returned in `treatment`; without, the
// whole cohort and e.treatment. Throws harmcast::Error when no one received the service.
Table service_sample(const Table& cohort, const EvaluationConfig& e, std::string& treatment);

// The model options of one configured evaluation (what `run` fits).
EvaluationOptions evaluation_options(const EvaluationConfig& e, const std::string& treatment,
                                     int disclosure_threshold);

void run_evaluation_stage(const Table& cohort, const std::vector<EvaluationConfig>& evaluations,
                          int disclosure_threshold, RunResults& results);

}  // namespace harmcast
