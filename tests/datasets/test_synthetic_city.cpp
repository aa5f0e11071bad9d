// The synthetic city as a whole: shapes, determinism (same seed -> identical tables and
// byte-identical CSV files, whatever the thread count), options validation, scale, timing.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "datasets/synthetic/synthetic_city.hpp"
#include "engine/core/error.hpp"
#include "engine/io/csv_writer.hpp"
#include "engine/store/store_reader.hpp"
#include "tests/support/paths.hpp"

namespace harmcast {
namespace {

std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

void expect_same_tables(const SyntheticCity& a, const SyntheticCity& b) {
  for (const auto& name : synthetic_city_table_names()) {
    EXPECT_EQ(to_csv_text(synthetic_city_table(a, name)),
              to_csv_text(synthetic_city_table(b, name)))
        << name;
  }
}

TEST(SyntheticCity, ShapeOfEveryTable) {
  const SyntheticCity city = generate_synthetic_city({});
  EXPECT_EQ(city.wards.rows(), 20u);
  std::int64_t population = 0, households = 0;
  for (auto p : city.wards.column("population").ints()) population += p;
  for (auto h : city.wards.column("households").ints()) households += h;
  EXPECT_EQ(population, 253000);
  EXPECT_NEAR(static_cast<double>(households), 102000.0, 1000.0);
  // One third of residents from minority ethnic groups (population-weighted).
  double minority = 0.0;
  const auto share = city.wards.column("minority_share").to_doubles();
  const auto people = city.wards.column("population").ints();
  for (std::size_t w = 0; w < share.size(); ++w)
    minority += share[w] * static_cast<double>(people[w]);
  EXPECT_NEAR(minority / static_cast<double>(population), 1.0 / 3.0, 0.01);
  EXPECT_GE(city.crime.column("crime_type").levels().size(), 12u);
  EXPECT_GE(city.cohort.rows(), 20000u);
  EXPECT_EQ(city.services.column("service").levels().size(), 4u);
  EXPECT_EQ(city.service_costs.rows(), 16u);
  EXPECT_EQ(city.pilot.rows(), 3u);
  EXPECT_GT(city.truth.rows(), 1000u);
  EXPECT_EQ(city.truth.column_names(),
            (std::vector<std::string>{"component", "parameter", "value"}));
}

TEST(SyntheticCity, SameSeedSameTablesWhateverTheThreadCount) {
  SyntheticCityOptions one;
  one.threads = 1;
  SyntheticCityOptions two;
  two.threads = 2;
  SyntheticCityOptions four;
  four.threads = 4;
  const SyntheticCity a = generate_synthetic_city(one);
  expect_same_tables(a, generate_synthetic_city(two));
  expect_same_tables(a, generate_synthetic_city(four));
}

TEST(SyntheticCity, DifferentSeedDifferentData) {
  SyntheticCityOptions other;
  other.seed = 7;
  const SyntheticCity a = generate_synthetic_city({});
  const SyntheticCity b = generate_synthetic_city(other);
  EXPECT_NE(to_csv_text(a.crime), to_csv_text(b.crime));
  EXPECT_NE(to_csv_text(a.cohort), to_csv_text(b.cohort));
  EXPECT_EQ(to_csv_text(a.wards), to_csv_text(b.wards));  // the geography is fixed
}

TEST(SyntheticCity, WrittenFilesAreByteIdenticalForTheSameSeed) {
  const auto first = testing::fresh_temp_dir("synthetic_city_a");
  const auto second = testing::fresh_temp_dir("synthetic_city_b");
  SyntheticCityOptions options;
  options.threads = 1;
  const SyntheticCity city = generate_synthetic_city(options);
  write_synthetic_city(city, first);
  options.threads = 2;
  write_synthetic_city(generate_synthetic_city(options), second);
  for (const auto& name : synthetic_city_table_names()) {
    const auto file = name + ".csv";
    ASSERT_TRUE(std::filesystem::exists(first / file)) << file;
    const std::string text = read_text(first / file);
    EXPECT_GT(text.size(), 50u) << file;
    EXPECT_EQ(text, read_text(second / file)) << file;
  }
  // Spot-check the CSV layout readers rely on.
  const std::string crime = read_text(first / "crime.csv");
  EXPECT_EQ(crime.substr(0, crime.find('\n')), "ward,crime_type,month,count,domestic_abuse");
  EXPECT_NE(crime.find("\nW01,violence_with_injury,2013-04,"), std::string::npos);
  const std::string cohort = read_text(first / "cohort.csv");
  EXPECT_EQ(cohort.substr(0, cohort.find('\n')),
            "id,age,sex,age_first_offence,prior_offences,prior_custody,ogrs,offence_type,"
            "sentence_type,employed,accommodation,substance_misuse,mental_health,dv_flag,"
            "deprivation_decile,ward,treat,service,release_date,reoffended_1y,n_reoffences,"
            "days_to_reoffence,reoffence_event");
  // The HDF5 store holds every table, identical to the generated one.
  ASSERT_TRUE(std::filesystem::exists(first / "city.h5"));
  const StoreReader store(first / "city.h5");
  for (const auto& name : synthetic_city_table_names()) {
    EXPECT_EQ(to_csv_text(store.read_table("/" + name)),
              to_csv_text(synthetic_city_table(city, name)))
        << name;
  }
  std::filesystem::remove_all(first);
  std::filesystem::remove_all(second);
}

TEST(SyntheticCity, ScaleMultipliesCohortAndCrime) {
  SyntheticCityOptions half;
  half.scale = 0.5;
  const SyntheticCity a = generate_synthetic_city({});
  const SyntheticCity b = generate_synthetic_city(half);
  EXPECT_EQ(b.cohort.rows(), 10000u);
  double total_a = 0, total_b = 0;
  for (auto c : a.crime.column("count").ints()) total_a += static_cast<double>(c);
  for (auto c : b.crime.column("count").ints()) total_b += static_cast<double>(c);
  // About 260,000 crimes: the ratio's sampling error is well under 1%; the latent noise is shared.
  EXPECT_NEAR(total_b / total_a, 0.5, 0.02);
}

TEST(SyntheticCity, InvalidOptionsNameTheField) {
  auto message_of = [](const SyntheticCityOptions& options) -> std::string {
    try {
      options.validate();
    } catch (const Error& error) {
      return error.what();
    }
    return "no error";
  };
  SyntheticCityOptions options;
  options.scale = 0.0;
  EXPECT_NE(message_of(options).find("scale"), std::string::npos);
  options = {};
  options.pilot_wards = {"W01", "W99"};
  EXPECT_NE(message_of(options).find("W99"), std::string::npos);
  options = {};
  options.pilot_start_year = 2030;
  EXPECT_NE(message_of(options).find("pilot_start"), std::string::npos);
  options = {};
  options.months = 6;
  EXPECT_NE(message_of(options).find("months"), std::string::npos);
  options = {};
  options.first_month = 13;
  EXPECT_NE(message_of(options).find("first_month"), std::string::npos);
  options = {};
  options.pilot_effect = -1.0;
  EXPECT_NE(message_of(options).find("pilot_effect"), std::string::npos);
  EXPECT_THROW(generate_synthetic_city(options), Error);
  EXPECT_EQ(message_of({}), "no error");
}

TEST(SyntheticCity, GeneratesInWellUnderASecond) {
  const auto start = std::chrono::steady_clock::now();
  const SyntheticCity city = generate_synthetic_city({});
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("synthetic city generated in %.3f s (%zu crime rows, %zu people)\n", seconds,
              city.crime.rows(), city.cohort.rows());
  EXPECT_LT(seconds, 2.0);
}

}  // namespace
}  // namespace harmcast
