#include "datasets/synthetic/area_pilot.hpp"

#include <algorithm>
#include <cmath>

namespace harmcast::synthetic {

double pilot_log_effect(const PilotSpec& pilot, const std::string& ward,
                        const std::string& crime_type, std::int64_t month_ordinal) {
  if (month_ordinal < pilot.start_month || crime_type != pilot.crime_type) return 0.0;
  if (std::find(pilot.wards.begin(), pilot.wards.end(), ward) == pilot.wards.end()) return 0.0;
  return std::log(pilot.effect_multiplier);
}

Table pilot_table(const PilotSpec& pilot) {
  const std::size_t n = pilot.wards.size();
  Table table;
  table.add_column(Column::categorical_from_strings("ward", pilot.wards));
  table.add_column(Column::categorical_from_strings("crime_type",
                                                    std::vector<std::string>(n, pilot.crime_type)));
  table.add_column(Column::periods("start_month", Frequency::Month,
                                   std::vector<std::int64_t>(n, pilot.start_month)));
  table.add_column(
      Column::floats("effect_multiplier", std::vector<double>(n, pilot.effect_multiplier)));
  table.add_column(
      Column::floats("log_effect", std::vector<double>(n, std::log(pilot.effect_multiplier))));
  return table;
}

void record_pilot_truth(const PilotSpec& pilot, TruthRecorder& truth) {
  truth.add("pilot", "effect_multiplier", pilot.effect_multiplier);
  truth.add("pilot", "log_effect", std::log(pilot.effect_multiplier));
  truth.add("pilot", "start_month_ordinal", static_cast<double>(pilot.start_month));
  for (const auto& ward : pilot.wards) truth.add("pilot", "ward/" + ward, 1.0);
}

}  // namespace harmcast::synthetic
