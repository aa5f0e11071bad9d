#include "models/value/unit_costs.hpp"

#include <cmath>
#include <set>

#include "engine/core/error.hpp"
#include "models/value/simple_csv.hpp"

namespace harmcast::value {

const UnitCost* UnitCostTable::find(const std::string& crime_type) const {
  for (const auto& cost : costs) {
    if (cost.crime_type == crime_type) return &cost;
  }
  return nullptr;
}

UnitCostTable load_unit_costs(const std::string& path, const std::string& price_year) {
  const auto csv = detail::read_simple_csv(path);
  const auto type_col = csv.column("crime_type");
  const auto anticipation_col = csv.column("anticipation");
  const auto consequence_col = csv.column("consequence");
  const auto response_col = csv.column("response");
  const auto total_col = csv.column("total");

  UnitCostTable table;
  table.price_year = price_year;
  table.source = path;
  std::set<std::string> seen;
  for (const auto& row : csv.rows) {
    UnitCost cost;
    cost.crime_type = row.fields[type_col];
    if (cost.crime_type.empty()) throw Error(csv.where(row), "empty crime_type");
    if (!seen.insert(cost.crime_type).second) {
      throw Error(csv.where(row), "duplicate crime type '" + cost.crime_type + "'",
                  "give each crime type one row");
    }
    const std::pair<std::size_t, double*> parts[] = {{anticipation_col, &cost.anticipation},
                                                     {consequence_col, &cost.consequence},
                                                     {response_col, &cost.response},
                                                     {total_col, &cost.total}};
    for (const auto& [column, target] : parts) {
      *target = csv.number(row, column);
      if (!(*target >= 0.0) || !std::isfinite(*target)) {
        throw Error(csv.where(row),
                    "negative or non-finite cost " + row.fields[column] + " in column '" +
                        csv.header[column] + "' for '" + cost.crime_type + "'",
                    "unit costs are £ per offence and must be >= 0");
      }
    }
    // The report rounds each figure to the nearest £10, so parts may miss the total by a little.
    const double parts_sum = cost.anticipation + cost.consequence + cost.response;
    if (std::abs(parts_sum - cost.total) > 10.0) {
      throw Error(csv.where(row),
                  "anticipation + consequence + response = " + std::to_string(parts_sum) +
                      " differs from total " + std::to_string(cost.total) + " by more than £10",
                  "check the row against the source table");
    }
    table.costs.push_back(cost);
  }
  if (table.costs.empty()) throw Error(path, "no unit costs in the file");
  return table;
}

const PoliceTypeValuation* PoliceTypeMapping::find(const std::string& police_type) const {
  for (const auto& type : types) {
    if (type.police_type == police_type) return &type;
  }
  return nullptr;
}

PoliceTypeMapping default_police_type_mapping() {
  const std::string no_cost =
      "no Home Office unit cost exists for this type; valued at zero unless user_cost is set";
  PoliceTypeMapping mapping;
  mapping.types = {
      {"violence_with_injury", {{"violence_with_injury", 1.0}}, 0.0, "same category"},
      {"violence_without_injury", {{"violence_without_injury", 1.0}}, 0.0, "same category"},
      {"sexual_offences",
       {{"rape", 0.35}, {"other_sexual_offences", 0.65}},
       0.0,
       "assumed 35% rape, 65% other sexual offences (police recorded mix around 2019/20)"},
      {"robbery", {{"robbery", 1.0}}, 0.0, "robbery of personal property"},
      {"burglary",
       {{"domestic_burglary", 1.0}},
       0.0,
       "valued as domestic burglary (non-residential burglary not costed separately)"},
      {"vehicle_crime",
       {{"theft_of_vehicle", 0.3}, {"theft_from_vehicle", 0.7}},
       0.0,
       "assumed 30% theft of vehicle, 70% theft from vehicle"},
      {"theft",
       {{"theft_from_person", 1.0}},
       0.0,
       "valued as theft from the person (an upper bound for other theft)"},
      {"criminal_damage_arson",
       {{"arson", 0.05}, {"criminal_damage_other", 0.95}},
       0.0,
       "assumed 5% arson, 95% other criminal damage"},
      {"public_order", {}, 0.0, no_cost},
      {"drugs", {}, 0.0, no_cost},
      {"possession_of_weapons", {}, 0.0, no_cost},
      {"anti_social_behaviour", {}, 0.0, no_cost},
  };
  return mapping;
}

double unit_cost_per_offence(const std::string& crime_type, const UnitCostTable& table,
                             const PoliceTypeMapping& mapping) {
  const std::string where = "unit costs (" +
                            (table.source.empty() ? std::string("no source") : table.source) +
                            ", " + std::to_string(table.costs.size()) + " types)";
  if (const auto* direct = table.find(crime_type)) return direct->total;
  const auto* mapped = mapping.find(crime_type);
  if (mapped == nullptr) {
    throw Error(where,
                "unit cost missing for crime type '" + crime_type +
                    "': it is neither a category of the unit-cost table nor a mapped police type",
                "add a row to the unit-cost table or an entry to the police-type mapping");
  }
  double value = mapped->user_cost;
  for (const auto& share : mapped->shares) {
    const auto* category = table.find(share.category);
    if (category == nullptr) {
      throw Error(where,
                  "unit cost missing for category '" + share.category + "', needed to value '" +
                      crime_type + "'",
                  "add the category to the unit-cost table or change the mapping");
    }
    value += share.share * category->total;
  }
  return value;
}

}  // namespace harmcast::value
