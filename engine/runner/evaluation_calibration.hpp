#pragma once
// Calibration of the service evaluations: do the matched-comparison intervals cover the truth?
//
// For each of `seeds` synthetic offender cohorts (datasets/synthetic: covariates, the four
// services' selection and the outcome models, nothing else of the city), every service is
// evaluated exactly as a configured `evaluations:` entry is in `harmcast run` (stage_evaluation:
// logistic propensity score on the given covariates, 1:1 nearest neighbour without replacement,
// caliper in SDs of the score, pair-cluster-robust intervals), and each estimate is compared
// with the true effect.
//
// The truth is the effect on the matched treated, conditional on their covariates (the estimand
// of a caliper-matched ATT estimator; Abadie & Imbens 2006 call it the conditional ATT):
//   reoffended_1y: mean over matched treated i of plogis(eta_i) - plogis(eta_i - a_s),
//   n_reoffences:  mean over matched treated i of exp(mu_i) - exp(mu_i - m_s),
// with eta_i, mu_i the generator's linear predictors including the service effect a_s, m_s
// (offender_cohort.hpp, services.hpp). The same averaged over all treated (the generator's
// att_* truth) differs only by the people the caliper drops; both are reported.
// The pair-cluster SE estimates the variance about the population ATT, so it also carries the
// spread of individual effects across the treated; against the conditional truth it is slightly
// conservative (coverage a little above nominal).
//
// Per service and outcome: coverage (with its exact binomial 95% interval), mean bias, mean SE,
// the SD of the estimation errors, bias / SE and the mean z = (estimate - truth) / SE.
// Recorded with `harmcast calibrate --seeds 200` (seeds 1-200, cohorts of 20,000, caliper 0.2;
// 2026-12-01): pooled coverage 0.953 of 1,600 intervals (exact 95% CI 0.941-0.962), per service
// and outcome 0.920-0.975, |bias| / SE at most 0.18, mean SE within 10% of the SD of the errors.
#include <cstdint>
#include <string>
#include <vector>

namespace harmcast {

struct CalibrationOptions {
  int seeds = 200;                         // cohorts to draw
  std::uint64_t first_seed = 1;            // cohorts use seeds first_seed .. first_seed + seeds - 1
  std::int64_t cohort_size = 20000;        // people per cohort (the city's default)
  double caliper = 0.2;                    // in SDs of the propensity score; 0 = none
  double confidence_level = 0.95;          // of the intervals checked
  int threads = 0;                         // cohorts in parallel (0 = all cores); results do not
                                           // depend on it
  std::vector<std::string> covariates = {  // the propensity model (as experiments/default.yaml)
      "age",           "sex",           "prior_offences",    "prior_custody", "ogrs",
      "offence_type",  "sentence_type", "employed",          "accommodation", "substance_misuse",
      "mental_health", "dv_flag",       "deprivation_decile"};
  void validate() const;  // throws harmcast::Error naming the field and the rule broken
};

struct CalibrationCell {
  std::string service, outcome;  // outcome "all" for the pooled row
  int runs = 0, covered = 0;
  double coverage = 0, coverage_low = 0, coverage_high = 0;  // exact (Clopper-Pearson) 95%
  double mean_truth = 0, mean_truth_all_treated = 0;
  double mean_bias = 0, mean_se = 0, sd_error = 0;  // error = estimate - truth
  double bias_over_se = 0, mean_z = 0;
};

struct CalibrationResult {
  std::vector<CalibrationCell> cells;  // per service and outcome, then the pooled row
  int failed = 0;                      // evaluations that threw (none expected)
  std::vector<std::string> failures;   // the first few messages
  double seconds = 0;
};

CalibrationResult calibrate_service_evaluations(const CalibrationOptions& options);

// A plain-text table, one line per cell.
std::string format_calibration(const CalibrationResult& result, const CalibrationOptions& options);

}  // namespace harmcast
