#pragma once
// The `value:` section of an experiment config: value for money of commissioned services (from
// their evaluated effects) and of intervention scenarios (from the scenario simulation), read and
// checked before anything runs (models/value does the arithmetic, stage_value.hpp the run).
//
//   value:
//     price_year: 2023/24          # £ of the results (also 2023 = financial year 2023/24)
//     unit_costs: builtin          # Home Office 2018 (2015/16 prices), or a CSV path
//     unit_costs_price_year: 2015/16
//     user_unit_costs: {drugs: 0}  # £ per offence (unit-cost table prices) for types the table
//                                  # does not cost, or to add a type
//     deflator: builtin            # GDP deflator CSV (financial_year or calendar_year,index)
//     discount: {schedule: green_book_declining, rate: 0.035, timing: year_start}
//     optimism_bias: 0.2           # uplift on every cost (Green Book supplementary guidance)
//     horizon_years: 0             # appraisal period; 0 = the longest cost or benefit stream
//     monte_carlo: {draws: 10000, unit_cost_uncertainty: triangular, unit_cost_spread: 0.2}
//     sensitivity: {unit_cost_swing: 0.2, cost_swing: 0.2, optimism_bias_high: 0.4}
//     services:
//       - name: IDVA
//         evaluation: Domestic-abuse advocacy (IDVA)   # evaluations[].name (default: name)
//         participants: 150        # people starting the service each year
//         years: 3
//         effect_years: 1          # years each person's reduction lasts (1 = follow-up only)
//         cost_per_participant: 750
//         annual_cost: 0           # fixed cost each year (management, premises)
//         one_off_cost: 0          # set-up, in the first year
//         cost_price_year: 2023/24 # default: price_year
//         offence_mix: {violence_with_injury: 0.5, violence_without_injury: 0.5}
//     scenarios: [gang_exit_two_more_wards]   # names in /scenarios/*; absent = every scenario
//
// Checks (all reported together, with key path and line): numbers in range (costs >= 0), words
// from their lists, every price year in the deflator, every offence-mix type costed by the unit
// table (or user_unit_costs), shares positive and summing to 1, each service's evaluation
// declared under `evaluations:` with the outcome n_reoffences, names unique.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "engine/config/experiment_config.hpp"
#include "engine/runner/stage_evaluation.hpp"
#include "models/value/appraisal.hpp"
#include "models/value/uncertainty.hpp"

namespace harmcast {

struct ValueDiscountConfig {
  value::DiscountSchedule schedule = value::DiscountSchedule::green_book_declining;
  double rate = 0.035;  // the `constant` schedule's rate
  value::FlowTiming timing = value::FlowTiming::year_start;
};

struct ValueMonteCarloConfig {
  int draws = 10000;
  value::UnitCostUncertainty unit_cost_uncertainty = value::UnitCostUncertainty::triangular;
  double unit_cost_spread = 0.2;
};

struct ValueSensitivityConfig {
  double unit_cost_swing = 0.2;
  double cost_swing = 0.2;
  double optimism_bias_high = 0.0;  // 0 = no optimism-bias row in the tornado
};

struct ValueServiceConfig {
  std::string name;
  std::string evaluation;  // empty = name
  std::string outcome = "n_reoffences";
  int participants = 0;  // per year
  int years = 1;
  int effect_years = 1;  // years each participant's reduction lasts (1 = the evaluated follow-up)
  double cost_per_participant = 0.0;
  double annual_cost = 0.0;
  double one_off_cost = 0.0;
  std::string cost_price_year;  // empty = ValueConfig::price_year
  RawYaml offence_mix_raw;
  std::map<std::string, double> offence_mix;  // crime type -> share of offences averted

  const std::string& evaluation_name() const { return evaluation.empty() ? name : evaluation; }
};

struct ValueConfig {
  bool present = false;  // the config has a value: section
  std::string price_year = "2023/24";
  std::string unit_costs = "builtin";
  std::string unit_costs_price_year = "2015/16";
  RawYaml user_unit_costs_raw;
  std::string deflator = "builtin";
  ValueDiscountConfig discount;
  double optimism_bias = 0.0;
  int horizon_years = 0;
  ValueMonteCarloConfig monte_carlo;
  ValueSensitivityConfig sensitivity;
  std::vector<ValueServiceConfig> services;
  std::vector<std::string> scenarios;  // empty = every scenario in the scenario tables
  bool all_scenarios = true;           // `scenarios` was absent

  // Resolved while validating: the loaded tables and the mapping with user unit costs.
  value::UnitCostTable unit_cost_table;
  value::DeflatorSeries deflator_series;
  value::PoliceTypeMapping mapping = value::default_police_type_mapping();
  std::uint64_t seed = 0;        // Monte Carlo seed, derived from the experiment's seed
  int disclosure_threshold = 5;  // data.disclosure_threshold, for the published tables
};

void declare_options(ConfigReader& r, ValueDiscountConfig& c);
void declare_options(ConfigReader& r, ValueMonteCarloConfig& c);
void declare_options(ConfigReader& r, ValueSensitivityConfig& c);
void declare_options(ConfigReader& r, ValueServiceConfig& c);
void declare_options(ConfigReader& r, ValueConfig& c);

// Parses and checks `config.value` against the declared evaluations; throws one harmcast::Error
// listing every problem. Returns present = false when there is no value: section.
ValueConfig parse_value_config(const ExperimentConfig& config,
                               const std::vector<EvaluationConfig>& evaluations);

// "2023/24" from "2023/24" or "2023"; empty when `text` is neither.
std::string normalise_financial_year(const std::string& text);

}  // namespace harmcast
