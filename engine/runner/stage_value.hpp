#pragma once
// Stage "value": value for money of each commissioned service and each intervention scenario,
// side by side (config: value_config.hpp; arithmetic: models/value).
//
// A service's effect comes from its evaluation (/evaluation/effects, outcome n_reoffences):
// estimate d = mean reoffences of the treated minus their matched comparison (per person), with
// standard error se, and comparison mean c. The relative reduction is e = -d / c ~ Normal with
// SD se / c; with P participants a year for Y years and offence-mix shares s_k, the baseline of
// crime type k in year t is A_t s_k c, so offences averted are e A_t s_k c = -d A_t s_k, where A_t
// is the people whose reduction lasts into year t: those who started in year t (effect_years 1,
// the evaluated follow-up only) or in any of the effect_years - 1 years before it. Costs: P x
// cost_per_participant + annual_cost each year, plus a one-off cost in year 0, in cost_price_year
// prices.
//
// A scenario's offences averted come from the scenario simulation, read from
//   /scenarios/averted: scenario, crime_type, year (1 = first 12 months), mean, sd, lo_95, hi_95
//   /scenarios/costs:   scenario, year, cost (£, undiscounted), price_year (2024 = 2024/25)
// valued at a fixed effect of 1 on the mean averted, with Monte Carlo uncertainty from one
// common multiplier on them, Normal(1, SD_B / PVB) where SD_B = sum_kt D(t) u_k sd_kt: the
// discounted value of the averted offences' SDs added as if perfectly correlated (one effect
// size drives every type and year of a scenario), which errs towards more uncertainty.
//
// Tables: /value/appraisal (one row per option: costs, benefits, NPV, BCR, cost per offence
// averted, Monte Carlo mean, quantiles and chance of loss), /value/years, /value/benefits (per
// crime type), /value/sensitivity (tornado data), /value/comparison (ranked by NPV and by chance
// of loss), /value/unit_costs and /value/settings (source and price year of the unit costs,
// deflator, discounting). An option that cannot be valued becomes a run note.
//
// Disclosure control (stage_value_disclosure.cpp): appraisal, years and benefits end with
// `cohort` (TRUE for rows of a scenario over a cohort segment's reoffending), and their published
// copies /value/appraisal_published, /value/years_published and /value/benefits_published, which
// the report shows, blank those rows' offence counts below data.disclosure_threshold, as
// /scenarios/averted_published does.
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "engine/results/run_results.hpp"
#include "engine/runner/value_config.hpp"
#include "models/value/appraisal.hpp"

namespace harmcast {

struct ValueOption {
  std::string kind;  // "service" or "scenario"
  value::AppraisalInputs inputs;
  // Crime types whose offences averted come from a cohort segment's reoffending (the scenario
  // stage's `cohort` rows): counts of people's offences, under disclosure control.
  std::set<std::string> cohort_types;
};

// The appraisal settings shared by every option.
value::AppraisalOptions value_appraisal_options(const ValueConfig& config);

// A service's inputs from its evaluated effect; nullopt after adding a note when the evaluation
// produced no usable effect.
std::optional<ValueOption> service_option(const ValueServiceConfig& service,
                                          const ValueConfig& config, RunResults& results);

// Every scenario named in the config (or every scenario in the tables) that can be valued; notes
// for the rest. Empty without scenario tables.
std::vector<ValueOption> scenario_options(const ValueConfig& config, RunResults& results);

void run_value_stage(const ValueConfig& config, RunResults& results);

// Adds the published copies of /value/appraisal, /value/years and /value/benefits.
void add_published_value_tables(RunResults& results, int disclosure_threshold);

}  // namespace harmcast
