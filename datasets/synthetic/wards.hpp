#pragma once
// The 20 wards of the synthetic city (W01..W20): a fixed profile modelled on a mid-sized English
// city of 253,000 residents and about 102,000 households, one third from minority ethnic groups.
//
// The profile does not depend on the seed: it is the city's geography. Deprivation follows the
// English Indices of Deprivation convention: a score (higher = more deprived; the IMD 2019 ward
// averages of English cities run from about 5 to 55) and a national decile (1 = most deprived
// 10%). W01 is the city centre (night-time economy, retail), which the crime generator uses for
// its centre multipliers. Figures are illustrative, not those of a real city.
#include <string>
#include <vector>

#include "engine/table/table.hpp"

namespace harmcast::synthetic {

struct WardProfile {
  std::string id;                  // "W01".."W20"
  int population = 0;              // residents (mid-2017)
  int households = 0;              // households (mid-2017)
  double deprivation_score = 0.0;  // IMD-style score, higher = more deprived
  int deprivation_decile = 0;      // 1 = most deprived 10% nationally, 10 = least
  double minority_share = 0.0;     // share of residents from minority ethnic groups
  bool city_centre = false;        // the one city-centre ward
};

// The fixed profile, W01..W20 in order.
const std::vector<WardProfile>& ward_profiles();

// Deprivation scores standardised to mean 0, sd 1 over the 20 wards (population-unweighted),
// in ward order; used as the deprivation gradient of crime levels.
std::vector<double> standardised_deprivation();

// Columns: ward (categorical), population, households (integer), deprivation_score (float),
// deprivation_decile (integer), minority_share (float), city_centre (boolean).
Table ward_table();

}  // namespace harmcast::synthetic
