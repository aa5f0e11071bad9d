#pragma once
// The four commissioned services of the synthetic city, who receives them, their true effects
// and their costs.
//
// Selection (a multinomial logit over "none" and the four services, so a person receives at most
// one service):
//   P(service s | x) = exp(c_s + z'g_s) / (1 + sum_r exp(c_r + z'g_r)),
// with z a few observed covariates (dv_flag, age, prior custody, ...) and g_s each service's own
// selection coefficients. The intercepts c_s are solved so that the cohort mean of P(s | x) equals
// the service's target take-up rate. Among people who got s or nothing,
// P(s | s or none, x) = plogis(c_s + z'g_s) exactly, so a logistic propensity model on the
// selection covariates is correctly specified for each service against the untreated pool.
//
// Effects: each service shifts the log-odds of reoffended_1y, the log mean of n_reoffences and the
// log hazard of reoffending by its own known amount (offender_cohort.hpp). The true ATT on the
// reoffending rate is mean over the treated of plogis(eta) - plogis(eta - a_s), as gen_cohort.R.
//
// Costs: annual costs in GBP at 2019 prices are illustrative, of the order commissioners publish
// for such services (an IDVA service of about four advocates ~GBP 150k a year; a gang-exit team
// ~GBP 220k; the criminal-justice part of drug and alcohol treatment ~GBP 400k; an employment
// support contract ~GBP 180k); they are not taken from a specific source. They scale with
// `scale` and vary +-4% (sd) by year.
#include <cstdint>
#include <string>
#include <vector>

#include "datasets/synthetic/offender_cohort.hpp"
#include "datasets/synthetic/truth.hpp"
#include "engine/table/table.hpp"

namespace harmcast::synthetic {

// Observed covariates that drive selection into services.
enum class SelectionFeature {
  DvFlag,            // dv_flag
  ViolenceOffence,   // offence_type == violence
  DrugsOffence,      // offence_type == drugs
  AgeMinus30,        // age - 30
  LogPriorCustody,   // log1p(prior_custody)
  Male,              // sex == M
  CustodySentence,   // sentence_type == custody
  Unemployed,        // employed == 0
  SubstanceMisuse,   // substance_misuse
  Ogrs,              // ogrs (0-100)
  UnsettledHousing,  // accommodation != settled
  Deprived,          // deprivation_decile <= 3
};
std::string to_string(SelectionFeature feature);

struct ServiceSpec {
  std::string name;  // "idva", "gang_exit", ...
  std::string description;
  double target_rate;  // share of the cohort expected to take it up
  std::vector<std::pair<SelectionFeature, double>> selection;  // g_s
  double effect_logit;       // a_s, on the log-odds of reoffended_1y
  double effect_log_mean;    // m_s, on log E[n_reoffences]
  double effect_log_hazard;  // h_s, on the log hazard of reoffending
  double annual_cost_gbp;    // 2019 prices, scale 1
  int max_start_delay_days;  // start = release_date + U{0..max}, capped at 31 December
};

const std::vector<ServiceSpec>& service_specs();

struct ServiceAssignment {
  std::vector<std::int32_t> service;  // per person: -1 = none, else index into service_specs()
  std::vector<double> intercepts;     // c_s
  std::vector<double> expected_rate;  // cohort mean of P(s | x) after calibration (= target)
  int calibration_iterations = 0;
};

ServiceAssignment assign_services(const CohortCovariates& people, std::uint64_t seed, int threads);

// Participants: id (integer, the cohort id), service (categorical), start_date (period, daily).
Table service_participants(const CohortCovariates& people, const ServiceAssignment& assignment,
                           std::uint64_t seed);

// One row per service and calendar year 2016-2019: service (categorical), year (integer),
// annual_cost_gbp (float, 2019 prices), participants (integer, starts in that year).
Table service_cost_table(const Table& participants, std::uint64_t seed, double scale,
                         TruthRecorder& truth);

// Components "service.<name>": target_rate, realised_rate, n_treated, selection_intercept,
// selection/<feature> coefficients, effect_logit, effect_log_mean, effect_log_hazard,
// att_rd_reoffended_1y, att_diff_n_reoffences, naive_rd_reoffended_1y (treated minus untreated
// observed rates: biased by selection).
void record_service_truth(const CohortCovariates& people, const ServiceAssignment& assignment,
                          const CohortOutcomes& outcomes, TruthRecorder& truth);

}  // namespace harmcast::synthetic
