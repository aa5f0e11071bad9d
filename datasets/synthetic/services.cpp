#include "datasets/synthetic/services.hpp"

#include <omp.h>

#include <algorithm>
#include <cmath>

#include "datasets/synthetic/calendar_util.hpp"
#include "datasets/synthetic/streams.hpp"
#include "engine/core/error.hpp"
#include "engine/core/random.hpp"

namespace harmcast::synthetic {
namespace {

double plogis(double x) { return 1.0 / (1.0 + std::exp(-x)); }

double feature_value(SelectionFeature feature, const CohortCovariates& c, std::size_t i) {
  switch (feature) {
    case SelectionFeature::DvFlag:
      return static_cast<double>(c.dv_flag[i]);
    case SelectionFeature::ViolenceOffence:
      return c.offence_type[i] == 5 ? 1.0 : 0.0;
    case SelectionFeature::DrugsOffence:
      return c.offence_type[i] == 2 ? 1.0 : 0.0;
    case SelectionFeature::AgeMinus30:
      return static_cast<double>(c.age[i]) - 30.0;
    case SelectionFeature::LogPriorCustody:
      return std::log1p(static_cast<double>(c.prior_custody[i]));
    case SelectionFeature::Male:
      return static_cast<double>(c.male[i]);
    case SelectionFeature::CustodySentence:
      return c.sentence_type[i] == 1 ? 1.0 : 0.0;
    case SelectionFeature::Unemployed:
      return c.employed[i] == 0 ? 1.0 : 0.0;
    case SelectionFeature::SubstanceMisuse:
      return static_cast<double>(c.substance_misuse[i]);
    case SelectionFeature::Ogrs:
      return c.ogrs[i];
    case SelectionFeature::UnsettledHousing:
      return c.accommodation[i] != 1 ? 1.0 : 0.0;
    case SelectionFeature::Deprived:
      return c.deprivation_decile[i] <= 3 ? 1.0 : 0.0;
  }
  throw InternalError("unknown SelectionFeature");
}

// Linear selection predictors z'g_s, person-major: lin[i * S + s].
std::vector<double> selection_predictors(const CohortCovariates& people) {
  const auto& services = service_specs();
  const std::size_t n = people.size(), n_services = services.size();
  std::vector<double> lin(n * n_services, 0.0);
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t s = 0; s < n_services; ++s) {
      double value = 0.0;
      for (const auto& [feature, coefficient] : services[s].selection) {
        value += coefficient * feature_value(feature, people, i);
      }
      lin[i * n_services + s] = value;
    }
  }
  return lin;
}

// Multinomial-logit probabilities of each service for person i given intercepts.
void service_probabilities(const std::vector<double>& lin, std::size_t i,
                           const std::vector<double>& intercepts, std::vector<double>& p) {
  const std::size_t n_services = intercepts.size();
  double denominator = 1.0;
  for (std::size_t s = 0; s < n_services; ++s) {
    p[s] = std::exp(intercepts[s] + lin[i * n_services + s]);
    denominator += p[s];
  }
  for (std::size_t s = 0; s < n_services; ++s) p[s] /= denominator;
}

}  // namespace

std::string to_string(SelectionFeature feature) {
  switch (feature) {
    case SelectionFeature::DvFlag:
      return "dv_flag";
    case SelectionFeature::ViolenceOffence:
      return "violence_offence";
    case SelectionFeature::DrugsOffence:
      return "drugs_offence";
    case SelectionFeature::AgeMinus30:
      return "age_minus_30";
    case SelectionFeature::LogPriorCustody:
      return "log1p_prior_custody";
    case SelectionFeature::Male:
      return "male";
    case SelectionFeature::CustodySentence:
      return "custody_sentence";
    case SelectionFeature::Unemployed:
      return "unemployed";
    case SelectionFeature::SubstanceMisuse:
      return "substance_misuse";
    case SelectionFeature::Ogrs:
      return "ogrs";
    case SelectionFeature::UnsettledHousing:
      return "unsettled_housing";
    case SelectionFeature::Deprived:
      return "deprived";
  }
  throw InternalError("unknown SelectionFeature");
}

const std::vector<ServiceSpec>& service_specs() {
  using F = SelectionFeature;
  static const std::vector<ServiceSpec> specs = {
      {"idva",
       "domestic-abuse advocacy (IDVA) and perpetrator work for domestic-abuse cases",
       0.03,
       {{F::DvFlag, 2.3}, {F::ViolenceOffence, 0.8}, {F::Ogrs, 0.01}, {F::UnsettledHousing, 0.3}},
       -0.20,
       std::log(0.85),
       std::log(0.85),
       150000.0,
       28},
      {"gang_exit",
       "gang exit: mentoring and diversion for young people in serious violence",
       0.02,
       {{F::AgeMinus30, -0.15},
        {F::ViolenceOffence, 1.0},
        {F::LogPriorCustody, 0.6},
        {F::Male, 0.8},
        {F::Deprived, 0.5},
        {F::Ogrs, 0.01}},
       -0.30,
       std::log(0.80),
       std::log(0.75),
       220000.0,
       42},
      {"substance_misuse_treatment",
       "structured drug and alcohol treatment via criminal justice",
       0.04,
       {{F::SubstanceMisuse, 2.5},
        {F::DrugsOffence, 0.6},
        {F::Ogrs, 0.015},
        {F::UnsettledHousing, 0.4}},
       -0.35,
       std::log(0.75),
       std::log(0.80),
       400000.0,
       21},
      {"employment_support",
       "employment, training and education support after release",
       0.03,
       {{F::CustodySentence, 1.6}, {F::Unemployed, 1.4}, {F::AgeMinus30, -0.01}, {F::Ogrs, 0.005}},
       -0.15,
       std::log(0.90),
       std::log(0.90),
       180000.0,
       28},
  };
  return specs;
}

ServiceAssignment assign_services(const CohortCovariates& people, std::uint64_t seed, int threads) {
  const auto& services = service_specs();
  const std::size_t n = people.size(), n_services = services.size();
  if (n == 0) throw Error("synthetic cohort", "the cohort is empty", "set cohort_size >= 1");
  const std::vector<double> lin = selection_predictors(people);

  // Solve the intercepts so that mean_i P(s | x_i) = target_s. For small rates P(s) is close to
  // exp(c_s + lin), so c_s += log(target / mean P) is nearly a Newton step; it converges in a
  // few dozen sweeps. Sums are serial, so the result is the same for every thread count.
  ServiceAssignment out;
  out.intercepts.assign(n_services, 0.0);
  for (std::size_t s = 0; s < n_services; ++s)
    out.intercepts[s] = std::log(services[s].target_rate);
  std::vector<double> p(n_services), mean(n_services);
  for (int iteration = 1; iteration <= 500; ++iteration) {
    std::fill(mean.begin(), mean.end(), 0.0);
    for (std::size_t i = 0; i < n; ++i) {
      service_probabilities(lin, i, out.intercepts, p);
      for (std::size_t s = 0; s < n_services; ++s) mean[s] += p[s];
    }
    double worst = 0.0;
    for (std::size_t s = 0; s < n_services; ++s) {
      mean[s] /= static_cast<double>(n);
      const double step = std::log(services[s].target_rate / mean[s]);
      worst = std::max(worst, std::abs(step));
      out.intercepts[s] += step;
    }
    out.calibration_iterations = iteration;
    if (worst < 1e-12) break;
  }
  out.expected_rate = mean;

  out.service.assign(n, -1);
  const auto n_blocks = static_cast<std::int64_t>((n + kCohortBlockSize - 1) / kCohortBlockSize);
#pragma omp parallel for schedule(static) num_threads(threads > 0 ? threads : omp_get_max_threads())
  for (std::int64_t b = 0; b < n_blocks; ++b) {
    RandomStream stream(seed, task_id(StreamFamily::CohortServices, static_cast<std::uint64_t>(b)));
    std::vector<double> prob(n_services);
    const std::size_t begin = static_cast<std::size_t>(b) * kCohortBlockSize;
    const std::size_t end = std::min(n, begin + kCohortBlockSize);
    for (std::size_t i = begin; i < end; ++i) {
      service_probabilities(lin, i, out.intercepts, prob);
      const double u = stream.uniform();
      double cumulative = 0.0;
      for (std::size_t s = 0; s < n_services; ++s) {
        cumulative += prob[s];
        if (u < cumulative) {
          out.service[i] = static_cast<std::int32_t>(s);
          break;
        }
      }
    }
  }
  return out;
}

Table service_participants(const CohortCovariates& people, const ServiceAssignment& assignment,
                           std::uint64_t seed) {
  const auto& services = service_specs();
  std::vector<std::int64_t> id, start;
  std::vector<std::int32_t> code;
  // Start delays come from one stream per cohort block, drawn in id order within the block.
  const std::size_t n = people.size();
  for (std::size_t b = 0; b * kCohortBlockSize < n; ++b) {
    RandomStream stream(seed, task_id(StreamFamily::ServiceStarts, b));
    const std::size_t end = std::min(n, (b + 1) * kCohortBlockSize);
    for (std::size_t i = b * kCohortBlockSize; i < end; ++i) {
      if (assignment.service[i] < 0) continue;
      const ServiceSpec& spec = services[static_cast<std::size_t>(assignment.service[i])];
      const std::int64_t release = people.release_date[i];
      const std::int64_t year_end = day_ordinal(year_of_day(release), 12, 31);
      id.push_back(static_cast<std::int64_t>(i) + 1);
      code.push_back(assignment.service[i]);
      start.push_back(
          std::min(year_end, release + stream.uniform_int(0, spec.max_start_delay_days)));
    }
  }
  std::vector<std::string> levels;
  for (const auto& spec : services) levels.push_back(spec.name);
  Table table;
  table.add_column(Column::integers("id", std::move(id)));
  table.add_column(Column::categorical("service", std::move(code), std::move(levels)));
  table.add_column(Column::periods("start_date", Frequency::Day, std::move(start)));
  return table;
}

Table service_cost_table(const Table& participants, std::uint64_t seed, double scale,
                         TruthRecorder& truth) {
  const auto& services = service_specs();
  constexpr int kFirstYear = 2016, kLastYear = 2019;
  const auto codes = participants.column("service").codes();
  const auto starts = participants.column("start_date").ints();
  std::vector<std::int32_t> service_code;
  std::vector<std::int64_t> year, count;
  std::vector<double> cost;
  for (std::size_t s = 0; s < services.size(); ++s) {
    RandomStream stream(seed, task_id(StreamFamily::ServiceCosts, s));
    truth.add("service." + services[s].name, "annual_cost_gbp_2019_prices",
              services[s].annual_cost_gbp * scale);
    for (int y = kFirstYear; y <= kLastYear; ++y) {
      std::int64_t starters = 0;
      for (std::size_t r = 0; r < codes.size(); ++r) {
        if (codes[r] == static_cast<std::int32_t>(s) && year_of_day(starts[r]) == y) ++starters;
      }
      // Rounded to the nearest GBP 100, as budgets are reported.
      const double annual = std::nearbyint(services[s].annual_cost_gbp * scale *
                                           (1.0 + stream.normal(0.0, 0.04)) / 100.0) *
                            100.0;
      service_code.push_back(static_cast<std::int32_t>(s));
      year.push_back(y);
      cost.push_back(annual);
      count.push_back(starters);
    }
  }
  std::vector<std::string> levels;
  for (const auto& spec : services) levels.push_back(spec.name);
  Table table;
  table.add_column(Column::categorical("service", std::move(service_code), std::move(levels)));
  table.add_column(Column::integers("year", std::move(year)));
  table.add_column(Column::floats("annual_cost_gbp", std::move(cost)));
  table.add_column(Column::integers("participants", std::move(count)));
  return table;
}

void record_service_truth(const CohortCovariates& people, const ServiceAssignment& assignment,
                          const CohortOutcomes& outcomes, TruthRecorder& truth) {
  const auto& services = service_specs();
  const std::size_t n = people.size();
  // Observed outcome among the untreated (no service at all): the naive comparison group.
  double untreated = 0.0, untreated_reoffended = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    if (assignment.service[i] >= 0) continue;
    untreated += 1.0;
    untreated_reoffended += static_cast<double>(outcomes.reoffended_1y[i]);
  }
  for (std::size_t s = 0; s < services.size(); ++s) {
    const ServiceSpec& spec = services[s];
    const std::string component = "service." + spec.name;
    double treated = 0.0, reoffended = 0.0, att_rd = 0.0, att_n = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
      if (assignment.service[i] != static_cast<std::int32_t>(s)) continue;
      treated += 1.0;
      reoffended += static_cast<double>(outcomes.reoffended_1y[i]);
      const double base = cohort_base_predictor(people, i);
      const double eta_l = kCohortLogitIntercept + base + spec.effect_logit;
      att_rd += plogis(eta_l) - plogis(eta_l - spec.effect_logit);
      const double eta_n = kCohortNegbinIntercept + base + spec.effect_log_mean;
      att_n += std::exp(eta_n) - std::exp(eta_n - spec.effect_log_mean);
    }
    truth.add(component, "target_rate", spec.target_rate);
    truth.add(component, "expected_rate", assignment.expected_rate[s]);
    truth.add(component, "realised_rate", treated / static_cast<double>(n));
    truth.add(component, "n_treated", treated);
    truth.add(component, "selection_intercept", assignment.intercepts[s]);
    for (const auto& [feature, coefficient] : spec.selection) {
      truth.add(component, "selection/" + to_string(feature), coefficient);
    }
    truth.add(component, "effect_logit", spec.effect_logit);
    truth.add(component, "effect_log_mean", spec.effect_log_mean);
    truth.add(component, "effect_log_hazard", spec.effect_log_hazard);
    const double safe = std::max(treated, 1.0);
    truth.add(component, "att_rd_reoffended_1y", att_rd / safe);
    truth.add(component, "att_diff_n_reoffences", att_n / safe);
    truth.add(component, "naive_rd_reoffended_1y",
              reoffended / safe - untreated_reoffended / std::max(untreated, 1.0));
  }
}

}  // namespace harmcast::synthetic
