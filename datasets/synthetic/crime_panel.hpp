#pragma once
// Monthly recorded crime of the synthetic city by ward x crime type, with known parameters.
//
// For ward w, crime type k, month t = 0..T-1 (calendar month m(t)) and component c (non-domestic
// "public" and, for the types with a domestic-abuse flag, "domestic"), the count is
//   y_{w,k,t,c} ~ NegBin(mean mu, size s_k)       (variance mu + mu^2 / s_k)
//   log mu = log(scale * L_k * p_{k,w} * q_{k,c}) + beta_{k,c} * t / 12 + S_k[m(t)]
//            + e_{k,t} + sum of level shifts + pilot effect
// where L_k is the city level in the first month (before seasonality), p_{k,w} the ward share
// (p proportional to population * exp(g_k * deprivation z) * centre multiplier * exp(u_{k,w}),
// u ~ N(0, 0.15^2)), q the domestic share (q_domestic = d_k, q_public = 1 - d_k), beta the annual
// log trend, S_k the centred monthly seasonal effect (a cosine with its peak month plus one
// bump month, e.g. December for violence), e_{k,t} a city-wide AR(1) (phi 0.5, sd 0.03) shared
// by all wards, and the pilot effect as in area_pilot.hpp. The recorded count is the sum over
// components and the domestic_abuse column the domestic component.
//
// Levels and trends are illustrative, shaped on English police recorded crime 2013-2021 for a
// city of ~250,000 (about 27,000 crimes and incidents a year): violence and public order rising
// (partly recording practice), acquisitive crime falling, domestic-abuse reporting rising.
#include <cstdint>
#include <string>
#include <vector>

#include "datasets/synthetic/area_pilot.hpp"
#include "datasets/synthetic/truth.hpp"
#include "engine/table/table.hpp"

namespace harmcast::synthetic {

struct CrimeTypeSpec {
  std::string name;             // police recorded crime category (snake_case)
  double city_level;            // city mean count per month at the first month, no seasonality
  double trend_public;          // annual log trend of the non-domestic component
  double domestic_share;        // domestic-abuse-flagged share of the first-month level (0: none)
  double trend_domestic;        // annual log trend of the domestic component
  double nb_size;               // negative binomial size (dispersion) of ward counts
  double deprivation_gradient;  // log level per sd of ward deprivation score
  double centre_multiplier;     // level multiplier in the city-centre ward
  double season_amplitude;      // amplitude of the annual cosine (log scale)
  int season_peak_month;        // calendar month of the cosine peak
  int bump_month;               // calendar month of an extra bump (0: none)
  double bump_size;             // log size of the bump
};

// The 12 crime types, in table order.
const std::vector<CrimeTypeSpec>& crime_type_specs();

struct LevelShiftSpec {
  std::string crime_type;
  std::string ward;  // "" = every ward
  int year = 0;
  int month = 0;  // first month with the shift
  double log_effect = 0.0;
  std::string reason;
};

// The known level shifts (recording-practice change, ward-level events).
const std::vector<LevelShiftSpec>& level_shift_specs();

// Centred log seasonal effects S_k[1..12] (index 0 = January) of a crime type.
std::vector<double> seasonal_effects(const CrimeTypeSpec& spec);

struct CrimePanelSettings {
  std::uint64_t seed = 0;
  double scale = 1.0;
  std::int64_t first_month = 0;  // month ordinal
  int months = 96;
  int threads = 0;  // 0 = OpenMP default
  PilotSpec pilot;
};

// Columns: ward, crime_type (categorical), month (period, monthly), count, domestic_abuse
// (integer). Rows ordered by ward, crime type, month. Adds the "crime.*" and "pilot" truth.
Table generate_crime_panel(const CrimePanelSettings& settings, TruthRecorder& truth);

}  // namespace harmcast::synthetic
