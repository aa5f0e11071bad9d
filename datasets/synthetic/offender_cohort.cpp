#include "datasets/synthetic/offender_cohort.hpp"

#include <omp.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <optional>

#include "datasets/synthetic/calendar_util.hpp"
#include "datasets/synthetic/services.hpp"
#include "datasets/synthetic/streams.hpp"
#include "datasets/synthetic/wards.hpp"
#include "engine/core/random.hpp"

namespace harmcast::synthetic {
namespace {

double plogis(double x) { return 1.0 / (1.0 + std::exp(-x)); }

// R's round() for values that are never exact ties: round half to even, as nearbyint.
double round_to(double x, double digits_scale) {
  return std::nearbyint(x * digits_scale) / digits_scale;
}

// Inversion sampling from a small discrete distribution with probabilities `p` (sum 1).
template <std::size_t N>
std::int32_t pick(RandomStream& stream, const std::array<double, N>& p) {
  const double u = stream.uniform();
  double cumulative = 0.0;
  for (std::size_t j = 0; j + 1 < N; ++j) {
    cumulative += p[j];
    if (u < cumulative) return static_cast<std::int32_t>(j);
  }
  return static_cast<std::int32_t>(N - 1);
}

// gen_cohort.R outcome coefficients on R model-matrix columns.
constexpr double kLogitIntercept = kCohortLogitIntercept;
constexpr double kNegbinIntercept = kCohortNegbinIntercept;
constexpr double kCoxScale = 0.8;
constexpr double kNbSize = 1.5;
constexpr double kWeibullShape = 0.8;
constexpr double kWeibullScale = 1100.0;

constexpr double kAge = -0.03, kSexM = 0.2, kAgeFirstOffence = -0.01, kPriorOffences = 0.02,
                 kPriorCustody = 0.08, kOgrs = 0.015, kEmployed = -0.3, kSubstanceMisuse = 0.4,
                 kMentalHealth = 0.15, kDvFlag = 0.1, kDeprivationDecile = -0.03;
// Levels after the reference (offence: burglary; sentence: community; accommodation: nfa).
constexpr std::array<double, 6> kOffenceType = {0.0, -0.2, 0.1, -0.3, 0.25, -0.1};
constexpr std::array<double, 3> kSentenceType = {0.0, 0.15, -0.05};
constexpr std::array<double, 3> kAccommodation = {0.0, -0.35, -0.1};
// round(seq(-0.3, 0.3, length.out = 19)[c(7, 14, 2, ...)], 3) for W02..W20; W01 is the reference.
constexpr std::array<double, 20> kWardEffect = {
    0.0,    -0.100, 0.133,  -0.267, 0.300,  0.000, -0.167, 0.200,  -0.300, 0.067,
    -0.033, 0.267,  -0.233, 0.167,  -0.133, 0.033, 0.233,  -0.200, 0.100,  -0.067};

void draw_person(RandomStream& stream, CohortCovariates& c, std::size_t i) {
  const double age = std::min(80.0, std::nearbyint(18.0 + stream.gamma(2.0, 7.0)));
  const bool male = stream.uniform() < 0.86;
  const double first = std::nearbyint(10.0 + (age - 10.0) * stream.beta(1.2, 2.5));
  const double career = age - first;
  const std::int64_t prior = std::min<std::int64_t>(
      60, stream.negative_binomial(1.2, 0.3 + 0.4 * career * (male ? 1.0 : 0.6)));
  const std::int64_t custody = stream.binomial(prior, 0.12);
  const std::int32_t offence = pick<6>(stream, {0.08, 0.10, 0.15, 0.17, 0.22, 0.28});
  const double u_custody = stream.uniform();
  const double u_suspended = stream.uniform();
  const std::int32_t sentence =
      u_custody < plogis(-1.3 + 0.5 * std::log1p(static_cast<double>(custody))) ? 1
      : u_suspended < 0.35                                                      ? 2
                                                                                : 0;
  const double log_prior = std::log1p(static_cast<double>(prior));
  const bool employed = stream.uniform() < plogis(0.4 - 0.3 * log_prior - 0.02 * (age - 30.0));
  const std::int32_t accommodation = pick<3>(stream, {0.08, 0.70, 0.22});
  const bool substance = stream.uniform() < plogis(-1.0 + 0.3 * log_prior);
  const bool mental = stream.uniform() < 0.25;
  const bool dv = stream.uniform() < plogis(-2.0 + (offence == 5 ? 1.0 : 0.0));
  // prob proportional to 11 - 0.8 * decile: 10.2, 9.4, ..., 3.0 (sum 66).
  std::array<double, 10> decile_p{};
  for (int d = 1; d <= 10; ++d) decile_p[d - 1] = (11.0 - 0.8 * d) / 66.0;
  const std::int32_t decile = pick<10>(stream, decile_p) + 1;
  const auto ward = static_cast<std::int32_t>(stream.uniform_int(0, 19));
  const double ogrs_lp = -1.2 + 0.6 * log_prior - 0.04 * (age - 30.0) + 0.3 * (male ? 1.0 : 0.0) +
                         0.3 * std::log1p(static_cast<double>(custody)) + stream.normal(0.0, 0.4);

  c.age[i] = static_cast<std::int64_t>(age);
  c.male[i] = male ? 1 : 0;
  c.age_first_offence[i] = static_cast<std::int64_t>(first);
  c.prior_offences[i] = prior;
  c.prior_custody[i] = custody;
  c.ogrs[i] = round_to(100.0 * plogis(ogrs_lp), 10.0);
  c.offence_type[i] = offence;
  c.sentence_type[i] = sentence;
  c.employed[i] = employed ? 1 : 0;
  c.accommodation[i] = accommodation;
  c.substance_misuse[i] = substance ? 1 : 0;
  c.mental_health[i] = mental ? 1 : 0;
  c.dv_flag[i] = dv ? 1 : 0;
  c.deprivation_decile[i] = decile;
  c.ward[i] = ward;
}

template <typename Body>
void for_each_block(std::size_t size, int threads, Body body) {
  const auto n_blocks = static_cast<std::int64_t>((size + kCohortBlockSize - 1) / kCohortBlockSize);
#pragma omp parallel for schedule(dynamic) \
    num_threads(threads > 0 ? threads : omp_get_max_threads())
  for (std::int64_t b = 0; b < n_blocks; ++b) {
    const std::size_t begin = static_cast<std::size_t>(b) * kCohortBlockSize;
    body(static_cast<std::uint64_t>(b), begin, std::min(size, begin + kCohortBlockSize));
  }
}

std::vector<std::string> ward_ids() {
  std::vector<std::string> ids;
  for (const auto& ward : ward_profiles()) ids.push_back(ward.id);
  return ids;
}

}  // namespace

const std::vector<std::string>& offence_type_levels() {
  static const std::vector<std::string> levels = {"burglary", "criminal_damage", "drugs",
                                                  "other",    "theft",           "violence"};
  return levels;
}
const std::vector<std::string>& sentence_type_levels() {
  static const std::vector<std::string> levels = {"community", "custody", "suspended"};
  return levels;
}
const std::vector<std::string>& accommodation_levels() {
  static const std::vector<std::string> levels = {"nfa", "settled", "unsettled"};
  return levels;
}

CohortCovariates draw_cohort_covariates(std::uint64_t seed, std::size_t size, int threads) {
  CohortCovariates c;
  for (auto* v : {&c.age, &c.male, &c.age_first_offence, &c.prior_offences, &c.prior_custody,
                  &c.employed, &c.substance_misuse, &c.mental_health, &c.dv_flag,
                  &c.deprivation_decile, &c.release_date}) {
    v->resize(size);
  }
  for (auto* v : {&c.offence_type, &c.sentence_type, &c.accommodation, &c.ward}) v->resize(size);
  c.ogrs.resize(size);
  const std::int64_t first_day = day_ordinal(2016, 1, 1);
  const std::int64_t last_day = day_ordinal(2019, 12, 31);
  for_each_block(size, threads, [&](std::uint64_t block, std::size_t begin, std::size_t end) {
    RandomStream stream(seed, task_id(StreamFamily::CohortCovariates, block));
    RandomStream dates(seed, task_id(StreamFamily::CohortDates, block));
    for (std::size_t i = begin; i < end; ++i) {
      draw_person(stream, c, i);
      c.release_date[i] = dates.uniform_int(first_day, last_day);
    }
  });
  return c;
}

double cohort_base_predictor(const CohortCovariates& c, std::size_t i) {
  return kAge * static_cast<double>(c.age[i]) + kSexM * static_cast<double>(c.male[i]) +
         kAgeFirstOffence * static_cast<double>(c.age_first_offence[i]) +
         kPriorOffences * static_cast<double>(c.prior_offences[i]) +
         kPriorCustody * static_cast<double>(c.prior_custody[i]) + kOgrs * c.ogrs[i] +
         kOffenceType[static_cast<std::size_t>(c.offence_type[i])] +
         kSentenceType[static_cast<std::size_t>(c.sentence_type[i])] +
         kEmployed * static_cast<double>(c.employed[i]) +
         kAccommodation[static_cast<std::size_t>(c.accommodation[i])] +
         kSubstanceMisuse * static_cast<double>(c.substance_misuse[i]) +
         kMentalHealth * static_cast<double>(c.mental_health[i]) +
         kDvFlag * static_cast<double>(c.dv_flag[i]) +
         kDeprivationDecile * static_cast<double>(c.deprivation_decile[i]) +
         kWardEffect[static_cast<std::size_t>(c.ward[i])];
}

CohortOutcomes draw_cohort_outcomes(const CohortCovariates& people,
                                    const std::vector<std::int32_t>& service, std::uint64_t seed,
                                    int threads) {
  const std::size_t n = people.size();
  const auto& services = service_specs();
  CohortOutcomes out;
  out.reoffended_1y.resize(n);
  out.n_reoffences.resize(n);
  out.days_to_reoffence.resize(n);
  out.reoffence_event.resize(n);
  for_each_block(n, threads, [&](std::uint64_t block, std::size_t begin, std::size_t end) {
    RandomStream stream(seed, task_id(StreamFamily::CohortOutcomes, block));
    for (std::size_t i = begin; i < end; ++i) {
      double a = 0.0, m = 0.0, h = 0.0;
      if (service[i] >= 0) {
        const ServiceSpec& spec = services[static_cast<std::size_t>(service[i])];
        a = spec.effect_logit;
        m = spec.effect_log_mean;
        h = spec.effect_log_hazard;
      }
      const double base = cohort_base_predictor(people, i);
      out.reoffended_1y[i] = stream.uniform() < plogis(kLogitIntercept + base + a) ? 1 : 0;
      out.n_reoffences[i] =
          stream.negative_binomial(kNbSize, std::exp(kNegbinIntercept + base + m));
      const double eta_cox = kCoxScale * base + h;
      const double time = kWeibullScale * std::pow(stream.exponential(1.0) / std::exp(eta_cox),
                                                   1.0 / kWeibullShape);
      out.days_to_reoffence[i] =
          std::min<std::int64_t>(365, static_cast<std::int64_t>(std::ceil(time)));
      out.reoffence_event[i] = time <= 365.0 ? 1 : 0;
    }
  });
  return out;
}

Table cohort_table(const CohortCovariates& c, const std::vector<std::int32_t>& service,
                   const CohortOutcomes& outcomes) {
  const std::size_t n = c.size();
  std::vector<std::int64_t> id(n), treat(n);
  std::vector<std::int32_t> sex(n), service_code(n);
  for (std::size_t i = 0; i < n; ++i) {
    id[i] = static_cast<std::int64_t>(i) + 1;
    treat[i] = service[i] >= 0 ? 1 : 0;
    sex[i] = static_cast<std::int32_t>(c.male[i]);  // levels F, M
    service_code[i] = service[i] + 1;               // level 0 = none
  }
  std::vector<std::string> service_levels = {"none"};
  for (const auto& spec : service_specs()) service_levels.push_back(spec.name);

  Table t;
  t.add_column(Column::integers("id", std::move(id)));
  t.add_column(Column::integers("age", c.age));
  t.add_column(Column::categorical("sex", std::move(sex), {"F", "M"}));
  t.add_column(Column::integers("age_first_offence", c.age_first_offence));
  t.add_column(Column::integers("prior_offences", c.prior_offences));
  t.add_column(Column::integers("prior_custody", c.prior_custody));
  t.add_column(Column::floats("ogrs", c.ogrs));
  t.add_column(Column::categorical("offence_type", c.offence_type, offence_type_levels()));
  t.add_column(Column::categorical("sentence_type", c.sentence_type, sentence_type_levels()));
  t.add_column(Column::integers("employed", c.employed));
  t.add_column(Column::categorical("accommodation", c.accommodation, accommodation_levels()));
  t.add_column(Column::integers("substance_misuse", c.substance_misuse));
  t.add_column(Column::integers("mental_health", c.mental_health));
  t.add_column(Column::integers("dv_flag", c.dv_flag));
  t.add_column(Column::integers("deprivation_decile", c.deprivation_decile));
  t.add_column(Column::categorical("ward", c.ward, ward_ids()));
  t.add_column(Column::integers("treat", std::move(treat)));
  t.add_column(Column::categorical("service", std::move(service_code), std::move(service_levels)));
  t.add_column(Column::periods("release_date", Frequency::Day, c.release_date));
  t.add_column(Column::integers("reoffended_1y", outcomes.reoffended_1y));
  t.add_column(Column::integers("n_reoffences", outcomes.n_reoffences));
  t.add_column(Column::integers("days_to_reoffence", outcomes.days_to_reoffence));
  t.add_column(Column::integers("reoffence_event", outcomes.reoffence_event));
  return t;
}

void record_cohort_truth(const CohortCovariates& people, const std::vector<std::int32_t>& service,
                         const CohortOutcomes& outcomes, TruthRecorder& truth) {
  struct Term {
    std::string name;
    double value;
  };
  std::vector<Term> base = {{"age", kAge},
                            {"sexM", kSexM},
                            {"age_first_offence", kAgeFirstOffence},
                            {"prior_offences", kPriorOffences},
                            {"prior_custody", kPriorCustody},
                            {"ogrs", kOgrs}};
  for (std::size_t j = 1; j < offence_type_levels().size(); ++j) {
    base.push_back({"offence_type" + offence_type_levels()[j], kOffenceType[j]});
  }
  for (std::size_t j = 1; j < sentence_type_levels().size(); ++j) {
    base.push_back({"sentence_type" + sentence_type_levels()[j], kSentenceType[j]});
  }
  base.push_back({"employed", kEmployed});
  for (std::size_t j = 1; j < accommodation_levels().size(); ++j) {
    base.push_back({"accommodation" + accommodation_levels()[j], kAccommodation[j]});
  }
  base.push_back({"substance_misuse", kSubstanceMisuse});
  base.push_back({"mental_health", kMentalHealth});
  base.push_back({"dv_flag", kDvFlag});
  base.push_back({"deprivation_decile", kDeprivationDecile});
  const auto wards = ward_ids();
  for (std::size_t w = 1; w < wards.size(); ++w)
    base.push_back({"ward" + wards[w], kWardEffect[w]});

  const auto& services = service_specs();
  auto record_model = [&](const std::string& component, std::optional<double> intercept,
                          double scale, auto effect_of) {
    if (intercept) truth.add(component, "(Intercept)", *intercept);
    for (const auto& spec : services) truth.add(component, "service" + spec.name, effect_of(spec));
    for (const auto& term : base) truth.add(component, term.name, term.value * scale);
  };
  record_model("cohort.logit", kLogitIntercept, 1.0,
               [](const ServiceSpec& s) { return s.effect_logit; });
  record_model("cohort.negbin", kNegbinIntercept, 1.0,
               [](const ServiceSpec& s) { return s.effect_log_mean; });
  record_model("cohort.cox", std::nullopt, kCoxScale,
               [](const ServiceSpec& s) { return s.effect_log_hazard; });

  const std::size_t n = people.size();
  double treated = 0.0, reoffended = 0.0, events = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    treated += service[i] >= 0 ? 1.0 : 0.0;
    reoffended += static_cast<double>(outcomes.reoffended_1y[i]);
    events += static_cast<double>(outcomes.reoffence_event[i]);
  }
  const double size = static_cast<double>(n);
  truth.add("cohort.scalar", "N", size);
  truth.add("cohort.scalar", "treat_rate", treated / size);
  truth.add("cohort.scalar", "nb_size", kNbSize);
  truth.add("cohort.scalar", "weibull_shape", kWeibullShape);
  truth.add("cohort.scalar", "weibull_scale", kWeibullScale);
  truth.add("cohort.scalar", "rate_reoffended_1y", reoffended / size);
  truth.add("cohort.scalar", "rate_event_365", events / size);
}

}  // namespace harmcast::synthetic
