#pragma once
// The offender cohort of the synthetic city: one row per person released from custody or starting
// a community sentence in 2016-2019, with the covariates and outcome models of the R anchor
// /work/shared/anchors/gen_cohort.R (same distributions, same coefficients), the single `treat`
// replaced by four commissioned services (services.hpp).
//
// Outcomes, drawn independently given covariates and service (so logit, negative binomial and
// Cox models on all covariates + service are each correctly specified):
//   reoffended_1y ~ Bernoulli(plogis(-0.4 + x'b + w_ward + a_s))
//   n_reoffences  ~ NegBin(mu = exp(-0.6 + x'b + w_ward + m_s), size 1.5)
//   T ~ Weibull PH, H(t) = (t / 1100)^0.8 exp(0.8 (x'b + w_ward) + h_s);
//   days_to_reoffence = min(365, ceil(T)), reoffence_event = 1[T <= 365]
// with x'b the gen_cohort.R base coefficients on R model-matrix columns (reference levels
// alphabetically first: burglary, community, nfa, F, W01) and a_s, m_s, h_s the effects of the
// person's service on the log-odds, the log mean and the log hazard (0 for no service).
// Flags (employed, treat, ...) are integer 0/1 columns, as in the anchor's CSV.
#include <cstdint>
#include <string>
#include <vector>

#include "datasets/synthetic/truth.hpp"
#include "engine/table/table.hpp"

namespace harmcast::synthetic {

// Factor levels, alphabetical (R's reference level is the first).
const std::vector<std::string>& offence_type_levels();   // burglary ... violence
const std::vector<std::string>& sentence_type_levels();  // community, custody, suspended
const std::vector<std::string>& accommodation_levels();  // nfa, settled, unsettled

// Covariates of the cohort, one entry per person (column-wise).
struct CohortCovariates {
  std::vector<std::int64_t> age, male, age_first_offence, prior_offences, prior_custody;
  std::vector<double> ogrs;                 // risk score 0-100, one decimal
  std::vector<std::int32_t> offence_type;   // index into offence_type_levels()
  std::vector<std::int32_t> sentence_type;  // index into sentence_type_levels()
  std::vector<std::int64_t> employed;
  std::vector<std::int32_t> accommodation;  // index into accommodation_levels()
  std::vector<std::int64_t> substance_misuse, mental_health, dv_flag, deprivation_decile;
  std::vector<std::int32_t> ward;          // 0..19 = W01..W20
  std::vector<std::int64_t> release_date;  // day ordinal, 2016-01-01..2019-12-31
  std::size_t size() const { return age.size(); }
};

// Intercepts of the reoffended_1y logit and the n_reoffences log-mean models (gen_cohort.R).
inline constexpr double kCohortLogitIntercept = -0.4;
inline constexpr double kCohortNegbinIntercept = -0.6;

// People are generated in blocks of this many, one random stream per block and purpose.
inline constexpr std::size_t kCohortBlockSize = 1000;

CohortCovariates draw_cohort_covariates(std::uint64_t seed, std::size_t size, int threads);

// x'b + w_ward of gen_cohort.R (no intercept, no treatment, unscaled) for person i.
double cohort_base_predictor(const CohortCovariates& people, std::size_t i);

struct CohortOutcomes {
  std::vector<std::int64_t> reoffended_1y, n_reoffences, days_to_reoffence, reoffence_event;
};

// Service effects per person: index -1 = no service; otherwise an index into service_specs().
CohortOutcomes draw_cohort_outcomes(const CohortCovariates& people,
                                    const std::vector<std::int32_t>& service, std::uint64_t seed,
                                    int threads);

// Columns as in gen_cohort.R (id, age, sex, ..., ward, treat, reoffended_1y, n_reoffences,
// days_to_reoffence, reoffence_event) plus `service` (categorical: "none" first, then the
// service names) and `release_date` (period, daily).
Table cohort_table(const CohortCovariates& people, const std::vector<std::int32_t>& service,
                   const CohortOutcomes& outcomes);

// Components "cohort.logit", "cohort.negbin", "cohort.cox" (R term names; service terms named
// "service<name>" for a factor with reference level "none") and "cohort.scalar".
void record_cohort_truth(const CohortCovariates& people, const std::vector<std::int32_t>& service,
                         const CohortOutcomes& outcomes, TruthRecorder& truth);

}  // namespace harmcast::synthetic
