#include "engine/runner/stage_value.hpp"

#include <fmt/format.h>

#include <cmath>
#include <limits>
#include <map>
#include <set>

#include "engine/core/error.hpp"
#include "models/value/uncertainty.hpp"

namespace harmcast {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double or_nan(const std::optional<double>& x) { return x ? *x : kNaN; }

double quantile_at(const value::MonteCarloResult& mc, double level) {
  for (const auto& q : mc.npv_quantiles)
    if (q.level == level) return q.value;
  return kNaN;
}

value::MonteCarloOptions monte_carlo_options(const ValueConfig& config) {
  value::MonteCarloOptions mc;
  mc.draws = config.monte_carlo.draws;
  mc.seed = config.seed;
  mc.threads = 1;  // cheap closed-form draws; results do not depend on threads anyway
  mc.unit_cost_uncertainty = config.monte_carlo.unit_cost_uncertainty;
  mc.unit_cost_spread = config.monte_carlo.unit_cost_spread;
  mc.quantile_levels = {0.05, 0.5, 0.95};
  return mc;
}

value::SensitivityOptions sensitivity_options(const ValueConfig& config) {
  value::SensitivityOptions s;
  s.unit_cost_swing = config.sensitivity.unit_cost_swing;
  s.cost_swing = config.sensitivity.cost_swing;
  s.optimism_bias_high = config.sensitivity.optimism_bias_high;
  return s;
}

// Columns of the tables, filled option by option.
struct ValueTables {
  std::vector<std::string> a_option, a_kind, a_price_year;
  std::vector<double> a_pvc, a_pvb, a_npv, a_bcr, a_averted, a_cost_per, a_effect, a_effect_sd,
      a_mean, a_sd, a_q05, a_q50, a_q95, a_win, a_loss;
  std::vector<std::int64_t> a_draws, a_implausible, a_cohort;

  std::vector<std::string> y_option;
  std::vector<std::int64_t> y_year, y_cohort;
  std::vector<double> y_factor, y_costs, y_benefits, y_averted, y_pvc, y_pvb;

  std::vector<std::string> b_option, b_type;
  std::vector<double> b_unit, b_averted, b_pvb;
  std::vector<std::int64_t> b_cohort;

  std::vector<std::string> s_option, s_input;
  std::vector<std::int64_t> s_rank;
  std::vector<double> s_low, s_high, s_npv_low, s_npv_high, s_swing, s_central;

  void add(const ValueOption& option, const value::PreparedAppraisal& prepared,
           const value::MonteCarloResult& mc, const value::SensitivityResult& tornado) {
    const auto& r = prepared.central;
    a_option.push_back(r.name);
    a_kind.push_back(option.kind);
    a_price_year.push_back(r.price_year);
    a_pvc.push_back(r.pv_costs);
    a_pvb.push_back(r.pv_benefits);
    a_npv.push_back(r.npv);
    a_bcr.push_back(or_nan(r.benefit_cost_ratio));
    a_averted.push_back(r.offences_averted);
    a_cost_per.push_back(or_nan(r.cost_per_offence_averted));
    a_effect.push_back(option.inputs.effect.central);
    a_effect_sd.push_back(option.inputs.effect.sd);
    a_mean.push_back(mc.npv_mean);
    a_sd.push_back(mc.npv_sd);
    a_q05.push_back(quantile_at(mc, 0.05));
    a_q50.push_back(quantile_at(mc, 0.5));
    a_q95.push_back(quantile_at(mc, 0.95));
    a_win.push_back(mc.probability_benefits_exceed_costs);
    a_loss.push_back(mc.chance_of_loss);
    a_draws.push_back(mc.draws);
    a_implausible.push_back(mc.draws_effect_at_least_one);
    a_cohort.push_back(!option.cohort_types.empty());
    for (const auto& y : r.years) {
      y_option.push_back(r.name);
      y_year.push_back(y.year + 1);
      y_factor.push_back(y.discount_factor);
      y_costs.push_back(y.costs);
      y_benefits.push_back(y.benefits);
      y_averted.push_back(y.offences_averted);
      y_pvc.push_back(y.pv_costs);
      y_pvb.push_back(y.pv_benefits);
      y_cohort.push_back(!option.cohort_types.empty());
    }
    for (std::size_t k = 0; k < r.crime_types.size(); ++k) {
      b_option.push_back(r.name);
      b_type.push_back(r.crime_types[k]);
      b_unit.push_back(r.unit_costs[k]);
      b_averted.push_back(option.inputs.effect.central * prepared.baseline_total[k]);
      b_pvb.push_back(option.inputs.effect.central * prepared.discounted_value[k]);
      b_cohort.push_back(option.cohort_types.count(r.crime_types[k]) > 0);
    }
    for (std::size_t i = 0; i < tornado.rows.size(); ++i) {
      const auto& row = tornado.rows[i];
      s_option.push_back(r.name);
      s_rank.push_back(static_cast<std::int64_t>(i) + 1);
      s_input.push_back(row.input);
      s_low.push_back(row.low_value);
      s_high.push_back(row.high_value);
      s_npv_low.push_back(row.npv_low);
      s_npv_high.push_back(row.npv_high);
      s_swing.push_back(row.swing);
      s_central.push_back(tornado.npv_central);
    }
  }

  void write(RunResults& results) {
    Table a;
    a.add_column(Column::categorical_from_strings("option", a_option));
    a.add_column(Column::categorical_from_strings("kind", a_kind));
    a.add_column(Column::categorical_from_strings("price_year", a_price_year));
    a.add_column(result_floats("pv_costs", a_pvc));
    a.add_column(result_floats("pv_benefits", a_pvb));
    a.add_column(result_floats("npv", a_npv));
    a.add_column(result_floats("benefit_cost_ratio", a_bcr));
    a.add_column(result_floats("offences_averted", a_averted));
    a.add_column(result_floats("cost_per_offence_averted", a_cost_per));
    a.add_column(result_floats("effect", a_effect));
    a.add_column(result_floats("effect_sd", a_effect_sd));
    a.add_column(result_floats("npv_mean", a_mean));
    a.add_column(result_floats("npv_sd", a_sd));
    a.add_column(result_floats("npv_q05", a_q05));
    a.add_column(result_floats("npv_q50", a_q50));
    a.add_column(result_floats("npv_q95", a_q95));
    a.add_column(result_floats("prob_benefits_exceed_costs", a_win));
    a.add_column(result_floats("chance_of_loss", a_loss));
    a.add_column(Column::integers("draws", a_draws));
    a.add_column(Column::integers("draws_effect_at_least_one", a_implausible));
    a.add_column(Column::booleans("cohort", a_cohort));
    results.add_table("/value/appraisal", std::move(a));

    Table y;
    y.add_column(Column::categorical_from_strings("option", y_option));
    y.add_column(Column::integers("year", y_year));
    y.add_column(result_floats("discount_factor", y_factor));
    y.add_column(result_floats("costs", y_costs));
    y.add_column(result_floats("benefits", y_benefits));
    y.add_column(result_floats("offences_averted", y_averted));
    y.add_column(result_floats("pv_costs", y_pvc));
    y.add_column(result_floats("pv_benefits", y_pvb));
    y.add_column(Column::booleans("cohort", y_cohort));
    results.add_table("/value/years", std::move(y));

    Table b;
    b.add_column(Column::categorical_from_strings("option", b_option));
    b.add_column(Column::categorical_from_strings("crime_type", b_type));
    b.add_column(result_floats("unit_cost", b_unit));
    b.add_column(result_floats("offences_averted", b_averted));
    b.add_column(result_floats("pv_benefits", b_pvb));
    b.add_column(Column::booleans("cohort", b_cohort));
    results.add_table("/value/benefits", std::move(b));

    Table s;
    s.add_column(Column::categorical_from_strings("option", s_option));
    s.add_column(Column::integers("rank", s_rank));
    s.add_column(Column::categorical_from_strings("input", s_input));
    s.add_column(result_floats("low_value", s_low));
    s.add_column(result_floats("high_value", s_high));
    s.add_column(result_floats("npv_low", s_npv_low));
    s.add_column(result_floats("npv_high", s_npv_high));
    s.add_column(result_floats("swing", s_swing));
    s.add_column(result_floats("npv_central", s_central));
    results.add_table("/value/sensitivity", std::move(s));
  }
};

void add_comparison(const std::vector<ValueOption>& options, const ValueConfig& config,
                    RunResults& results) {
  std::vector<value::AppraisalInputs> inputs;
  std::map<std::string, std::string> kind;
  for (const auto& o : options) {
    inputs.push_back(o.inputs);
    kind[o.inputs.name] = o.kind;
  }
  const auto rows =
      value::compare_options(inputs, value_appraisal_options(config), monte_carlo_options(config));
  std::vector<std::string> name, kinds;
  std::vector<std::int64_t> rank_npv, rank_loss;
  std::vector<double> npv, mean, q05, q95, bcr, loss;
  for (const auto& r : rows) {
    rank_npv.push_back(r.rank_by_npv);
    name.push_back(r.name);
    kinds.push_back(kind[r.name]);
    npv.push_back(r.npv);
    mean.push_back(r.npv_mean);
    q05.push_back(r.npv_q05);
    q95.push_back(r.npv_q95);
    bcr.push_back(or_nan(r.benefit_cost_ratio));
    loss.push_back(r.chance_of_loss);
    rank_loss.push_back(r.rank_by_chance_of_loss);
  }
  Table t;
  t.add_column(Column::integers("rank_by_npv", rank_npv));
  t.add_column(Column::categorical_from_strings("option", name));
  t.add_column(Column::categorical_from_strings("kind", kinds));
  t.add_column(result_floats("npv", npv));
  t.add_column(result_floats("npv_mean", mean));
  t.add_column(result_floats("npv_q05", q05));
  t.add_column(result_floats("npv_q95", q95));
  t.add_column(result_floats("benefit_cost_ratio", bcr));
  t.add_column(result_floats("chance_of_loss", loss));
  t.add_column(Column::integers("rank_by_chance_of_loss", rank_loss));
  results.add_table("/value/comparison", std::move(t));
}

// The unit costs used (table and appraisal prices) and how each type was valued.
void add_unit_costs(const std::vector<ValueOption>& options, const ValueConfig& config,
                    RunResults& results) {
  std::vector<std::string> type, valued_as;
  std::vector<double> table_price, appraisal_price;
  std::set<std::string> done;
  for (const auto& o : options) {
    for (const auto& b : o.inputs.benefits) {
      if (!done.insert(b.crime_type).second) continue;
      const double cost =
          value::unit_cost_per_offence(b.crime_type, config.unit_cost_table, config.mapping);
      const auto* mapped = config.mapping.find(b.crime_type);
      type.push_back(b.crime_type);
      table_price.push_back(cost);
      appraisal_price.push_back(value::uprate(cost, config.unit_cost_table.price_year,
                                              config.price_year, config.deflator_series));
      valued_as.push_back(config.unit_cost_table.find(b.crime_type) != nullptr
                              ? "unit-cost table category"
                          : cost == 0.0 ? "no unit cost: valued at zero (see value.user_unit_costs)"
                          : mapped != nullptr ? mapped->note
                                              : std::string());
      if (cost == 0.0)
        results.add_note({"value", b.crime_type,
                          "valued at £0 per offence (no unit cost; set value.user_unit_costs)"});
    }
  }
  Table t;
  t.add_column(Column::categorical_from_strings("crime_type", type));
  t.add_column(result_floats("unit_cost_table_prices", table_price));
  t.add_column(result_floats("unit_cost", appraisal_price));
  t.add_column(Column::categorical_from_strings("valued_as", valued_as));
  results.add_table("/value/unit_costs", std::move(t));
}

void add_settings(const ValueConfig& config, RunResults& results) {
  std::vector<std::string> item, text;
  auto add = [&](std::string i, std::string v) {
    item.push_back(std::move(i));
    text.push_back(std::move(v));
  };
  add("price_year", config.price_year);
  add("unit_costs_source", config.unit_cost_table.source);
  add("unit_costs_price_year", config.unit_cost_table.price_year);
  add("deflator_source", config.deflator == "builtin"
                             ? "HM Treasury, GDP deflators at market prices, and money GDP "
                               "(December 2025 Quarterly National Accounts), calendar years "
                               "1990-2024 (datasets/data/gdp_deflator.csv)"
                             : config.deflator_series.source);
  if (config.deflator_series.basis == value::DeflatorBasis::calendar_year)
    add("deflator_financial_years",
        "financial year Y/Y+1 = 3/4 x calendar Y + 1/4 x calendar Y+1 (April to March)");
  add("discount_schedule", value::to_string(config.discount.schedule));
  add("discount_rate", config.discount.schedule == value::DiscountSchedule::constant
                           ? fmt::format("{}", config.discount.rate)
                           : std::string("0.035"));
  add("discount_timing", value::to_string(config.discount.timing));
  add("optimism_bias", fmt::format("{}", config.optimism_bias));
  add("monte_carlo_draws", std::to_string(config.monte_carlo.draws));
  add("unit_cost_uncertainty", value::to_string(config.monte_carlo.unit_cost_uncertainty));
  add("unit_cost_spread", fmt::format("{}", config.monte_carlo.unit_cost_spread));
  add("monte_carlo_seed", std::to_string(config.seed));
  add("builtin_data_caveat",
      config.unit_costs == "builtin"
          ? "Home Office unit-cost totals as published; their split into anticipation, "
            "consequence and response is approximate (appraisals use the totals); see "
            "datasets/data/README_unit_costs.md"
          : std::string());
  Table t;
  t.add_column(Column::categorical_from_strings("item", item));
  t.add_column(Column::categorical_from_strings("value", text));
  results.add_table("/value/settings", std::move(t));
}

}  // namespace

void run_value_stage(const ValueConfig& config, RunResults& results) {
  if (!config.present) return;
  std::vector<ValueOption> options;
  for (const auto& service : config.services) {
    if (auto option = service_option(service, config, results)) options.push_back(*option);
  }
  for (auto& option : scenario_options(config, results)) options.push_back(std::move(option));

  const value::AppraisalOptions appraisal = value_appraisal_options(config);
  const value::MonteCarloOptions mc = monte_carlo_options(config);
  const value::SensitivityOptions sensitivity = sensitivity_options(config);
  ValueTables tables;
  std::vector<ValueOption> valued;
  for (const auto& option : options) {
    try {
      const auto prepared = value::prepare_appraisal(option.inputs, appraisal);
      const auto simulated = value::simulate_value_for_money(option.inputs, appraisal, mc);
      const auto tornado = value::one_way_sensitivity(option.inputs, appraisal, sensitivity);
      tables.add(option, prepared, simulated, tornado);
      valued.push_back(option);
      // A scenario is valued as a multiplier around 1 on its simulated offences averted, so a
      // draw at or above 1 is ordinary there; for a service it means a reduction of 100% or more.
      if (option.kind == "service" && simulated.draws_effect_at_least_one > 0)
        results.add_note({"value", option.inputs.name,
                          fmt::format("{} of {} Monte Carlo draws averted at least every "
                                      "baseline offence (normal effect not truncated)",
                                      simulated.draws_effect_at_least_one, simulated.draws)});
    } catch (const Error& e) {
      results.add_note({"value", option.inputs.name, std::string("not valued: ") + e.what()});
    }
  }
  tables.write(results);
  add_published_value_tables(results, config.disclosure_threshold);
  if (!valued.empty()) add_comparison(valued, config, results);
  add_unit_costs(valued, config, results);
  add_settings(config, results);
}

}  // namespace harmcast
