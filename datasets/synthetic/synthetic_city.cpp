#include "datasets/synthetic/synthetic_city.hpp"

#include <algorithm>
#include <cmath>

#include "datasets/synthetic/area_pilot.hpp"
#include "datasets/synthetic/calendar_util.hpp"
#include "datasets/synthetic/crime_panel.hpp"
#include "datasets/synthetic/offender_cohort.hpp"
#include "datasets/synthetic/services.hpp"
#include "datasets/synthetic/truth.hpp"
#include "datasets/synthetic/wards.hpp"
#include "engine/core/error.hpp"
#include "engine/io/atomic_file.hpp"
#include <fmt/format.h>

#include "engine/io/csv_writer.hpp"
#include "engine/store/results_store.hpp"

namespace harmcast {
namespace {

// `rule` reads after "it": "must be > 0 and <= 100". Values are shown in their shortest form.
void fail(const std::string& field, const std::string& value, const std::string& rule) {
  throw Error("synthetic city option " + field, "got " + value + "; it " + rule,
              "Choose another value for " + field + ".");
}

template <typename T>
std::string shown(T value) {
  return fmt::format("{}", value);
}

}  // namespace

void SyntheticCityOptions::validate() const {
  if (!(scale > 0.0) || !std::isfinite(scale) || scale > 100.0) {
    fail("scale", shown(scale), "must be > 0 and <= 100");
  }
  if (cohort_size < 100 || cohort_size > 10'000'000) {
    fail("cohort_size", shown(cohort_size), "must be between 100 and 10,000,000");
  }
  if (std::llround(static_cast<double>(cohort_size) * scale) < 100) {
    fail("scale", shown(scale),
         "must leave at least 100 people in the cohort (cohort_size x scale)");
  }
  if (first_year < 1990 || first_year > 2100) {
    fail("first_year", shown(first_year), "must be between 1990 and 2100");
  }
  if (first_month < 1 || first_month > 12) {
    fail("first_month", shown(first_month), "must be a calendar month 1..12");
  }
  if (months < 24 || months > 1200) {
    fail("months", shown(months), "must be between 24 and 1200");
  }
  if (pilot_start_month < 1 || pilot_start_month > 12) {
    fail("pilot_start_month", shown(pilot_start_month), "must be a calendar month 1..12");
  }
  const std::int64_t first = synthetic::month_ordinal(first_year, first_month);
  const std::int64_t start = synthetic::month_ordinal(pilot_start_year, pilot_start_month);
  if (start < first + 12 || start >= first + months) {
    fail("pilot_start_year/pilot_start_month", synthetic::month_label(start),
         "must fall inside the panel, at least 12 months after its first month " +
             synthetic::month_label(first));
  }
  if (!(pilot_effect > 0.0) || pilot_effect > 10.0) {
    fail("pilot_effect", shown(pilot_effect), "must be a multiplier in (0, 10]");
  }
  if (pilot_wards.empty()) fail("pilot_wards", "[]", "must name at least one ward");
  const auto& wards = synthetic::ward_profiles();
  for (const auto& id : pilot_wards) {
    const bool known =
        std::any_of(wards.begin(), wards.end(), [&](const auto& ward) { return ward.id == id; });
    if (!known) fail("pilot_wards", id, "is not a ward of the synthetic city (W01..W20)");
    if (std::count(pilot_wards.begin(), pilot_wards.end(), id) > 1) {
      fail("pilot_wards", id, "is listed twice");
    }
  }
  if (pilot_wards.size() >= wards.size()) {
    fail("pilot_wards", std::to_string(pilot_wards.size()) + " wards",
         "must leave at least one control ward");
  }
  if (threads < 0) fail("threads", shown(threads), "must be >= 0 (0 = default)");
}

SyntheticCity generate_synthetic_city(const SyntheticCityOptions& options) {
  options.validate();
  using namespace synthetic;
  SyntheticCity city;
  TruthRecorder truth;
  truth.add("city", "seed", static_cast<double>(options.seed));
  truth.add("city", "scale", options.scale);
  truth.add("city", "population", 253000.0);
  truth.add("city", "wards", static_cast<double>(ward_profiles().size()));
  city.wards = ward_table();

  CrimePanelSettings crime;
  crime.seed = options.seed;
  crime.scale = options.scale;
  crime.first_month = month_ordinal(options.first_year, options.first_month);
  crime.months = options.months;
  crime.threads = options.threads;
  crime.pilot.wards = options.pilot_wards;
  crime.pilot.start_month = month_ordinal(options.pilot_start_year, options.pilot_start_month);
  crime.pilot.crime_type = "violence_with_injury";
  crime.pilot.effect_multiplier = options.pilot_effect;
  truth.add("city", "first_month_ordinal", static_cast<double>(crime.first_month));
  truth.add("city", "months", static_cast<double>(options.months));
  city.crime = generate_crime_panel(crime, truth);
  city.pilot = pilot_table(crime.pilot);

  const auto people_count = static_cast<std::size_t>(
      std::llround(static_cast<double>(options.cohort_size) * options.scale));
  const CohortCovariates people =
      draw_cohort_covariates(options.seed, people_count, options.threads);
  const ServiceAssignment assignment = assign_services(people, options.seed, options.threads);
  const CohortOutcomes outcomes =
      draw_cohort_outcomes(people, assignment.service, options.seed, options.threads);
  city.cohort = cohort_table(people, assignment.service, outcomes);
  record_cohort_truth(people, assignment.service, outcomes, truth);
  record_service_truth(people, assignment, outcomes, truth);
  city.services = service_participants(people, assignment, options.seed);
  city.service_costs = service_cost_table(city.services, options.seed, options.scale, truth);
  city.truth = truth.to_table();
  return city;
}

const std::vector<std::string>& synthetic_city_table_names() {
  static const std::vector<std::string> names = {"wards",         "crime", "cohort", "services",
                                                 "service_costs", "pilot", "truth"};
  return names;
}

const Table& synthetic_city_table(const SyntheticCity& city, const std::string& name) {
  if (name == "wards") return city.wards;
  if (name == "crime") return city.crime;
  if (name == "cohort") return city.cohort;
  if (name == "services") return city.services;
  if (name == "service_costs") return city.service_costs;
  if (name == "pilot") return city.pilot;
  if (name == "truth") return city.truth;
  throw Error("synthetic city", "no table named '" + name + "'",
              "the tables are wards, crime, cohort, services, service_costs, pilot, truth");
}

void write_synthetic_city(const SyntheticCity& city, const std::filesystem::path& out_dir) {
  ensure_writable_directory(out_dir);
  for (const auto& name : synthetic_city_table_names()) {
    write_csv(synthetic_city_table(city, name), out_dir / (name + ".csv"));
  }
  ResultsStore store(out_dir / "city.h5");
  for (const auto& name : synthetic_city_table_names()) {
    store.write_table("/" + name, synthetic_city_table(city, name));
  }
  store.commit();
}

}  // namespace harmcast
