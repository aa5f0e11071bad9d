#pragma once
// The area-level pilot of the synthetic city: a violence-reduction pilot in a few wards from a
// known month, with a known multiplicative effect on the mean of one crime type.
//
// Model: for a pilot ward w, the pilot crime type and months t >= start, the mean count of every
// component (domestic and non-domestic) is multiplied by `effect_multiplier` (a step, no ramp):
//   log mu_{w,t} = (counterfactual log mean) + log(effect_multiplier) * 1[w in pilot, t >= start].
// Pilot wards are chosen for high violence (deprived inner wards and the city centre), so a
// difference-in-differences against the other wards recovers the effect because ward levels are
// constant over time and all wards share the city trend and seasonality.
#include <cstdint>
#include <string>
#include <vector>

#include "datasets/synthetic/truth.hpp"
#include "engine/table/table.hpp"

namespace harmcast::synthetic {

struct PilotSpec {
  std::vector<std::string> wards;  // ward ids, e.g. {"W01", "W03", "W05"}
  std::int64_t start_month = 0;    // month ordinal (year * 12 + month - 1) of the first pilot month
  std::string crime_type;          // crime type affected
  double effect_multiplier = 1.0;  // multiplicative effect on the mean (0.85 = -15%)
};

// log(effect_multiplier) if (ward, crime type, month) is under the pilot, else 0.
double pilot_log_effect(const PilotSpec& pilot, const std::string& ward,
                        const std::string& crime_type, std::int64_t month_ordinal);

// One row per pilot ward. Columns: ward (categorical), crime_type (categorical), start_month
// (period, monthly), effect_multiplier (float), log_effect (float).
Table pilot_table(const PilotSpec& pilot);

// Component "pilot": effect_multiplier, log_effect, start_month_ordinal, and "ward/Wnn" = 1 per
// pilot ward.
void record_pilot_truth(const PilotSpec& pilot, TruthRecorder& truth);

}  // namespace harmcast::synthetic
