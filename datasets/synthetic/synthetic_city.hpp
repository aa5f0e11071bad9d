#pragma once
// The synthetic city: harmcast's embedded default data, with every true parameter known.
//
// A mid-sized English city of 253,000 residents in 20 wards (W01..W20, wards.hpp) with
//   wards          the ward profile (population, households, deprivation, minority share);
//   crime          monthly recorded crime by ward x 12 police crime types, April 2013 onwards,
//                  with a domestic-abuse-flagged count per row (crime_panel.hpp);
//   cohort         an offender cohort released/sentenced 2016-2019 with the covariates and
//                  outcome models of gen_cohort.R and four commissioned services (offender_cohort,
//                  services.hpp);
//   services       the service participants (id, service, start date);
//   service_costs  annual cost (GBP, 2019 prices) and participants per service and year;
//   pilot          the violence-reduction pilot wards, start month and true effect (area_pilot);
//   truth          (component, parameter, value): every true parameter (truth.hpp).
// Schemas: datasets/README.md. Every component draws from its own RandomStream(seed, task id),
// so the output depends on the seed and options only, never on the thread count.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "engine/table/table.hpp"

namespace harmcast {

struct SyntheticCityOptions {
  // Run seed; the same seed and options give byte-identical tables.
  std::uint64_t seed = 20240601;
  // Multiplies the cohort size, the crime levels and the service costs (1 = the real-size city).
  double scale = 1.0;
  // People in the offender cohort at scale 1 (gen_cohort.R draws 1,000,000 for estimator tests).
  std::int64_t cohort_size = 20000;
  // First month of the crime panel and its length in months (default April 2013 - March 2021).
  // The series do not model the 2020-21 pandemic lockdowns.
  int first_year = 2013;
  int first_month = 4;
  int months = 96;
  // The violence-reduction pilot: wards, first month and multiplicative effect on the mean of
  // violence with injury (0.85 = -15%). The start must fall inside the panel, >= 12 months in.
  std::vector<std::string> pilot_wards = {"W01", "W03", "W05"};
  int pilot_start_year = 2019;
  int pilot_start_month = 4;
  double pilot_effect = 0.85;
  // Worker threads (0 = OpenMP default). Results do not depend on it.
  int threads = 0;

  // Throws harmcast::Error naming the field, its value and the rule broken.
  void validate() const;
};

struct SyntheticCity {
  Table wards;
  Table crime;
  Table cohort;
  Table services;
  Table service_costs;
  Table pilot;
  Table truth;
};

SyntheticCity generate_synthetic_city(const SyntheticCityOptions& options);

// Writes wards.csv, crime.csv, cohort.csv, services.csv, service_costs.csv, pilot.csv,
// truth.csv and city.h5 (one table per group: /wards, /crime, ...) into `out_dir` (created if
// needed). Every file is written atomically.
void write_synthetic_city(const SyntheticCity& city, const std::filesystem::path& out_dir);

// The names of the tables in the order they are written ("wards", "crime", ...).
const std::vector<std::string>& synthetic_city_table_names();
const Table& synthetic_city_table(const SyntheticCity& city, const std::string& name);

}  // namespace harmcast
