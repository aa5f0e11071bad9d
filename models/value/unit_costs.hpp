#pragma once
// Unit costs of crime: £ per offence by crime type, and the mapping from police crime types.
//
// The shipped table is the Home Office's "The economic and social costs of crime" (Heeks, Reed,
// Tafsiri and Prince, Home Office Research Report 99, July 2018), 2015/16 prices, split into
// costs in anticipation of crime, as a consequence of it and in response to it (see
// datasets/data/README_unit_costs.md for the source and which figures still need checking).
// Users may load their own table with the same columns.
//
// Police recorded crime types (police.uk categories used by the synthetic city) do not match the
// report's categories one to one, so a PoliceTypeMapping values a police type as a weighted sum
// of unit-cost categories, or explicitly at a user-supplied (possibly zero) cost where the report
// gives none (public order, drugs, possession of weapons, anti-social behaviour).
#include <optional>
#include <string>
#include <vector>

namespace harmcast::value {

struct UnitCost {
  std::string crime_type;     // report category, e.g. "violence_with_injury"
  double anticipation = 0.0;  // £ per offence, defensive expenditure and insurance
  double consequence = 0.0;   // £ per offence, harms, lost output, property, services
  double response = 0.0;      // £ per offence, police and criminal justice
  double total = 0.0;         // £ per offence, the figure appraisals use
};

struct UnitCostTable {
  std::string price_year = "2015/16";  // financial year the £ figures are in
  std::string source;                  // where the table came from (file path or citation)
  std::vector<UnitCost> costs;

  // The row for `crime_type`, or nullptr.
  const UnitCost* find(const std::string& crime_type) const;
};

// Reads a unit-cost CSV with header crime_type,anticipation,consequence,response,total (any
// column order, extra columns ignored). Throws harmcast::Error naming file:line for a missing
// column, a non-numeric or negative cost, a duplicate crime type, parts that do not sum to the
// total within £10, or an empty table.
UnitCostTable load_unit_costs(const std::string& path, const std::string& price_year = "2015/16");

// One component of a police crime type's value: `share` of its offences are valued at the unit
// cost of `category`.
struct CategoryShare {
  std::string category;
  double share = 1.0;
};

struct PoliceTypeValuation {
  std::string police_type;            // e.g. "vehicle_crime"
  std::vector<CategoryShare> shares;  // empty when the report has no cost for this type
  double user_cost = 0.0;             // £ per offence added on top, in the table's price year
  std::string note;                   // the assumption made, for the report
};

struct PoliceTypeMapping {
  std::vector<PoliceTypeValuation> types;
  const PoliceTypeValuation* find(const std::string& police_type) const;
};

// harmcast's default mapping for the synthetic city's 12 police crime types. Assumptions (all
// stated in each entry's note, all replaceable):
//   violence_with_injury / violence_without_injury / robbery -> same-named category;
//   sexual_offences -> 35% rape, 65% other sexual offences (rape was about a third of police
//     recorded sexual offences in England and Wales around 2019/20);
//   burglary -> domestic burglary (police "burglary" includes non-residential, which the
//     individual-victim table does not cost);
//   vehicle_crime -> 30% theft of vehicle, 70% theft from vehicle;
//   theft -> theft from the person (an upper bound for "other theft");
//   criminal_damage_arson -> 5% arson, 95% other criminal damage;
//   public_order, drugs, possession_of_weapons, anti_social_behaviour -> no Home Office cost,
//     valued at zero unless the user sets user_cost.
PoliceTypeMapping default_police_type_mapping();

// £ per offence of `crime_type` in the table's price year: the table's total if `crime_type` is
// a category of the table, otherwise the mapping's weighted sum plus its user cost (user costs
// must be in the table's price year; uprate them first). Throws harmcast::Error ("unit cost
// missing") naming the type when neither the table nor the mapping knows it, or when a mapped
// category is absent from the table.
double unit_cost_per_offence(const std::string& crime_type, const UnitCostTable& table,
                             const PoliceTypeMapping& mapping);

}  // namespace harmcast::value
