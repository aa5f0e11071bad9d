#include "datasets/synthetic/wards.hpp"

#include <cmath>

namespace harmcast::synthetic {

const std::vector<WardProfile>& ward_profiles() {
  // Populations sum to 253,000 and households to 102,110; the population-weighted minority share
  // is 0.33. Inner wards (W01-W07) are the most deprived and most diverse.
  static const std::vector<WardProfile> wards = {
      {"W01", 11800, 5650, 38.2, 2, 0.42, true},  {"W02", 13900, 5350, 52.7, 1, 0.58, false},
      {"W03", 14600, 5450, 49.1, 1, 0.61, false}, {"W04", 12100, 4840, 36.4, 2, 0.47, false},
      {"W05", 13400, 5060, 46.3, 1, 0.52, false}, {"W06", 12700, 4980, 31.0, 3, 0.44, false},
      {"W07", 11900, 4700, 39.5, 2, 0.39, false}, {"W08", 13200, 5390, 25.2, 4, 0.31, false},
      {"W09", 12300, 4790, 29.8, 3, 0.36, false}, {"W10", 14100, 5800, 20.6, 5, 0.28, false},
      {"W11", 11400, 4540, 24.1, 4, 0.33, false}, {"W12", 12800, 5140, 17.3, 6, 0.22, false},
      {"W13", 13600, 5330, 21.4, 5, 0.26, false}, {"W14", 12000, 4600, 32.6, 3, 0.41, false},
      {"W15", 11700, 4780, 14.2, 7, 0.18, false}, {"W16", 12900, 5220, 16.8, 6, 0.21, false},
      {"W17", 13100, 5460, 11.5, 8, 0.15, false}, {"W18", 10900, 4640, 8.7, 9, 0.12, false},
      {"W19", 11800, 4900, 13.6, 7, 0.17, false}, {"W20", 12800, 5490, 6.1, 10, 0.10, false},
  };
  return wards;
}

std::vector<double> standardised_deprivation() {
  const auto& wards = ward_profiles();
  const double n = static_cast<double>(wards.size());
  double mean = 0.0;
  for (const auto& ward : wards) mean += ward.deprivation_score / n;
  double variance = 0.0;
  for (const auto& ward : wards) {
    variance += (ward.deprivation_score - mean) * (ward.deprivation_score - mean) / (n - 1.0);
  }
  const double sd = std::sqrt(variance);
  std::vector<double> z;
  z.reserve(wards.size());
  for (const auto& ward : wards) z.push_back((ward.deprivation_score - mean) / sd);
  return z;
}

Table ward_table() {
  std::vector<std::string> ids;
  std::vector<std::int64_t> population, households, decile, centre;
  std::vector<double> score, minority;
  for (const auto& ward : ward_profiles()) {
    ids.push_back(ward.id);
    population.push_back(ward.population);
    households.push_back(ward.households);
    score.push_back(ward.deprivation_score);
    decile.push_back(ward.deprivation_decile);
    minority.push_back(ward.minority_share);
    centre.push_back(ward.city_centre ? 1 : 0);
  }
  Table table;
  table.add_column(Column::categorical_from_strings("ward", ids));
  table.add_column(Column::integers("population", std::move(population)));
  table.add_column(Column::integers("households", std::move(households)));
  table.add_column(Column::floats("deprivation_score", std::move(score)));
  table.add_column(Column::integers("deprivation_decile", std::move(decile)));
  table.add_column(Column::floats("minority_share", std::move(minority)));
  table.add_column(Column::booleans("city_centre", std::move(centre)));
  return table;
}

}  // namespace harmcast::synthetic
