#include "datasets/synthetic/crime_panel.hpp"

#include <omp.h>

#include <cmath>
#include <numbers>

#include "datasets/synthetic/calendar_util.hpp"
#include "datasets/synthetic/streams.hpp"
#include "datasets/synthetic/wards.hpp"
#include "engine/core/random.hpp"

namespace harmcast::synthetic {
namespace {

constexpr double kWardEffectSd = 0.15;  // sd of the log ward x type level deviation
constexpr double kLatentPhi = 0.5;      // AR(1) coefficient of the city-wide latent noise
constexpr double kLatentSd = 0.03;      // marginal sd of the city-wide latent noise

// Ward shares p_{k,w} of one crime type; they sum to one over wards.
std::vector<double> ward_shares(const CrimeTypeSpec& spec, std::uint64_t seed, std::size_t type) {
  const auto& wards = ward_profiles();
  const auto deprivation = standardised_deprivation();
  RandomStream stream(seed, task_id(StreamFamily::WardCrimeEffects, type));
  std::vector<double> share(wards.size());
  double total = 0.0;
  for (std::size_t w = 0; w < wards.size(); ++w) {
    const double centre = wards[w].city_centre ? spec.centre_multiplier : 1.0;
    share[w] =
        wards[w].population * centre *
        std::exp(spec.deprivation_gradient * deprivation[w] + stream.normal(0.0, kWardEffectSd));
    total += share[w];
  }
  for (double& s : share) s /= total;
  return share;
}

// City-wide AR(1) latent noise e_{k,t}, started from its stationary distribution.
std::vector<double> latent_noise(std::uint64_t seed, std::size_t type, int months) {
  RandomStream stream(seed, task_id(StreamFamily::CrimeLatent, type));
  std::vector<double> e(static_cast<std::size_t>(months));
  const double innovation_sd = kLatentSd * std::sqrt(1.0 - kLatentPhi * kLatentPhi);
  double previous = stream.normal(0.0, kLatentSd);
  for (auto& value : e) {
    value = previous;
    previous = kLatentPhi * previous + stream.normal(0.0, innovation_sd);
  }
  return e;
}

void record_type_truth(const CrimeTypeSpec& spec, double scale, const std::vector<double>& share,
                       const std::vector<double>& season, const std::vector<double>& latent,
                       std::int64_t first_month, TruthRecorder& truth) {
  const std::string component = "crime." + spec.name;
  truth.add(component, "city_level_first_month", scale * spec.city_level);
  truth.add(component, "trend_public_per_year", spec.trend_public);
  truth.add(component, "domestic_share_first_month", spec.domestic_share);
  truth.add(component, "trend_domestic_per_year", spec.trend_domestic);
  truth.add(component, "nb_size", spec.nb_size);
  truth.add(component, "deprivation_gradient", spec.deprivation_gradient);
  truth.add(component, "centre_multiplier", spec.centre_multiplier);
  truth.add(component, "ward_effect_sd", kWardEffectSd);
  truth.add(component, "latent_ar_phi", kLatentPhi);
  truth.add(component, "latent_sd", kLatentSd);
  static const char* kMonthNames[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                      "jul", "aug", "sep", "oct", "nov", "dec"};
  for (int m = 0; m < 12; ++m)
    truth.add(component, std::string("season_") + kMonthNames[m], season[m]);
  const auto& wards = ward_profiles();
  for (std::size_t w = 0; w < wards.size(); ++w) {
    truth.add(component + ".ward_level", wards[w].id, scale * spec.city_level * share[w]);
  }
  for (std::size_t t = 0; t < latent.size(); ++t) {
    truth.add(component + ".latent", month_label(first_month + static_cast<std::int64_t>(t)),
              latent[t]);
  }
}

}  // namespace

const std::vector<CrimeTypeSpec>& crime_type_specs() {
  // name, level, trend, dom. share, dom. trend, nb size, deprivation, centre, season amp, peak,
  // bump month, bump size
  static const std::vector<CrimeTypeSpec> specs = {
      {"violence_with_injury", 230, 0.04, 0.30, 0.08, 15, 0.35, 2.0, 0.10, 7, 12, 0.18},
      {"violence_without_injury", 260, 0.06, 0.35, 0.10, 12, 0.35, 1.6, 0.08, 7, 12, 0.15},
      {"sexual_offences", 40, 0.07, 0.15, 0.10, 20, 0.25, 1.3, 0.06, 7, 0, 0.0},
      {"robbery", 32, -0.04, 0.0, 0.0, 10, 0.45, 2.0, 0.08, 1, 0, 0.0},
      {"burglary", 150, -0.06, 0.0, 0.0, 10, 0.20, 1.0, 0.12, 12, 0, 0.0},
      {"vehicle_crime", 130, -0.05, 0.0, 0.0, 10, 0.10, 1.4, 0.06, 11, 0, 0.0},
      {"theft", 420, -0.03, 0.0, 0.0, 12, 0.10, 3.0, 0.05, 7, 12, 0.08},
      {"criminal_damage_arson", 200, -0.01, 0.08, 0.05, 12, 0.30, 1.2, 0.08, 7, 11, 0.12},
      {"public_order", 110, 0.08, 0.05, 0.08, 10, 0.30, 2.5, 0.10, 7, 12, 0.12},
      {"drugs", 55, -0.05, 0.0, 0.0, 6, 0.40, 1.5, 0.05, 4, 0, 0.0},
      {"possession_of_weapons", 14, 0.06, 0.0, 0.0, 15, 0.45, 1.5, 0.08, 7, 0, 0.0},
      {"anti_social_behaviour", 620, -0.06, 0.0, 0.0, 8, 0.30, 1.5, 0.22, 7, 10, 0.15},
  };
  return specs;
}

const std::vector<LevelShiftSpec>& level_shift_specs() {
  static const std::vector<LevelShiftSpec> shifts = {
      {"violence_without_injury", "", 2015, 4, 0.25,
       "recording-practice change after the 2014 crime-data-integrity inspection"},
      {"public_order", "", 2015, 4, 0.15, "same recording-practice change"},
      {"burglary", "W07", 2017, 9, 0.35, "large new student housing development"},
      {"anti_social_behaviour", "W14", 2016, 6, -0.45,
       "closure of a problem licensed premises and a dispersal order"},
  };
  return shifts;
}

std::vector<double> seasonal_effects(const CrimeTypeSpec& spec) {
  std::vector<double> season(12);
  double mean = 0.0;
  for (int m = 1; m <= 12; ++m) {
    double value = spec.season_amplitude *
                   std::cos(2.0 * std::numbers::pi * (m - spec.season_peak_month) / 12.0);
    if (m == spec.bump_month) value += spec.bump_size;
    season[m - 1] = value;
    mean += value / 12.0;
  }
  for (double& value : season) value -= mean;
  return season;
}

Table generate_crime_panel(const CrimePanelSettings& settings, TruthRecorder& truth) {
  const auto& types = crime_type_specs();
  const auto& wards = ward_profiles();
  const std::size_t n_types = types.size();
  const std::size_t n_wards = wards.size();
  const std::size_t n_months = static_cast<std::size_t>(settings.months);

  // Per-type quantities (cheap, serial, each from its own stream).
  std::vector<std::vector<double>> shares(n_types), seasons(n_types), latents(n_types);
  for (std::size_t k = 0; k < n_types; ++k) {
    shares[k] = ward_shares(types[k], settings.seed, k);
    seasons[k] = seasonal_effects(types[k]);
    latents[k] = latent_noise(settings.seed, k, settings.months);
    record_type_truth(types[k], settings.scale, shares[k], seasons[k], latents[k],
                      settings.first_month, truth);
  }
  for (const auto& shift : level_shift_specs()) {
    const std::int64_t month = month_ordinal(shift.year, shift.month);
    if (month < settings.first_month ||
        month >= settings.first_month + static_cast<std::int64_t>(n_months)) {
      continue;  // outside the generated window: not applied, not recorded
    }
    truth.add("crime.level_shift",
              shift.crime_type + "/" + (shift.ward.empty() ? "all" : shift.ward) + "/" +
                  month_label(month),
              shift.log_effect);
  }
  record_pilot_truth(settings.pilot, truth);

  const std::size_t n_rows = n_wards * n_types * n_months;
  std::vector<std::int64_t> counts(n_rows), domestic(n_rows), months(n_rows);
  std::vector<std::int32_t> ward_codes(n_rows), type_codes(n_rows);

  const int n_series = static_cast<int>(n_wards * n_types);
  const int threads = settings.threads;
#pragma omp parallel for schedule(static) num_threads(threads > 0 ? threads : omp_get_max_threads())
  for (int series = 0; series < n_series; ++series) {
    const std::size_t w = static_cast<std::size_t>(series) / n_types;
    const std::size_t k = static_cast<std::size_t>(series) % n_types;
    const CrimeTypeSpec& spec = types[k];
    RandomStream stream(settings.seed, task_id(StreamFamily::CrimeSeries, k * 64 + w));
    const double level = settings.scale * spec.city_level * shares[k][w];
    for (std::size_t t = 0; t < n_months; ++t) {
      const std::int64_t month = settings.first_month + static_cast<std::int64_t>(t);
      double common = seasons[k][calendar_month(month) - 1] + latents[k][t] +
                      pilot_log_effect(settings.pilot, wards[w].id, spec.name, month);
      for (const auto& shift : level_shift_specs()) {
        if (shift.crime_type == spec.name && (shift.ward.empty() || shift.ward == wards[w].id) &&
            month >= month_ordinal(shift.year, shift.month)) {
          common += shift.log_effect;
        }
      }
      const double years = static_cast<double>(t) / 12.0;
      const double mu_public =
          level * (1.0 - spec.domestic_share) * std::exp(spec.trend_public * years + common);
      std::int64_t count = stream.negative_binomial(spec.nb_size, mu_public);
      std::int64_t domestic_count = 0;
      if (spec.domestic_share > 0.0) {
        const double mu_domestic =
            level * spec.domestic_share * std::exp(spec.trend_domestic * years + common);
        domestic_count = stream.negative_binomial(spec.nb_size, mu_domestic);
      }
      const std::size_t row = static_cast<std::size_t>(series) * n_months + t;
      counts[row] = count + domestic_count;
      domestic[row] = domestic_count;
      months[row] = month;
      ward_codes[row] = static_cast<std::int32_t>(w);
      type_codes[row] = static_cast<std::int32_t>(k);
    }
  }

  std::vector<std::string> ward_levels, type_levels;
  for (const auto& ward : wards) ward_levels.push_back(ward.id);
  for (const auto& spec : types) type_levels.push_back(spec.name);
  Table table;
  table.add_column(Column::categorical("ward", std::move(ward_codes), std::move(ward_levels)));
  table.add_column(
      Column::categorical("crime_type", std::move(type_codes), std::move(type_levels)));
  table.add_column(Column::periods("month", Frequency::Month, std::move(months)));
  table.add_column(Column::integers("count", std::move(counts)));
  table.add_column(Column::integers("domestic_abuse", std::move(domestic)));
  return table;
}

}  // namespace harmcast::synthetic
