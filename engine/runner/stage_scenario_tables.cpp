// The /scenarios/* tables from a simulation result (stage_scenario.hpp lists them).
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "engine/runner/stage_scenario.hpp"

namespace harmcast {

namespace sc = scenario;

namespace {

constexpr int kHistoryMonths = 24;  // recorded months shown before the scenario fans

std::string describe_target(const sc::InterventionTarget& t) {
  if (!t.cohort.empty()) return "cohort " + t.cohort;
  const std::string types =
      t.crime_types.empty() ? "all crime types" : fmt::format("{}", fmt::join(t.crime_types, ", "));
  const std::string wards =
      t.wards.empty() ? "all wards" : fmt::format("{}", fmt::join(t.wards, ", "));
  return types + " in " + wards;
}

Column summary_column(const std::string& name, const std::vector<sc::Summary>& rows,
                      double sc::Summary::*field) {
  std::vector<double> values;
  for (const auto& r : rows) values.push_back(r.*field);
  return result_floats(name, std::move(values));
}

void add_summary_columns(Table& t, const std::string& prefix, const std::vector<sc::Summary>& v) {
  t.add_column(summary_column(prefix + "mean", v, &sc::Summary::mean));
  t.add_column(summary_column(prefix + "lo_95", v, &sc::Summary::q025));
  t.add_column(summary_column(prefix + "lo_80", v, &sc::Summary::q10));
  t.add_column(summary_column(prefix + "median", v, &sc::Summary::q50));
  t.add_column(summary_column(prefix + "hi_80", v, &sc::Summary::q90));
  t.add_column(summary_column(prefix + "hi_95", v, &sc::Summary::q975));
}

}  // namespace

std::string describe_effect(const sc::EffectDistribution& e) {
  switch (e.kind) {
    case sc::EffectKind::Fixed:
      return fmt::format("rate x {:.3g}", 1 + e.change);
    case sc::EffectKind::Normal:
      return fmt::format("rate x (1 + N({:.3g}, {:.3g}^2))", e.change, e.sd);
    case sc::EffectKind::LogNormal:
      return fmt::format("rate x {:.3g} (log sd {:.3g})", 1 + e.change, e.sd);
    case sc::EffectKind::RateRatio:
      return fmt::format("rate ratio {:.3g} (SE of log {:.3g})", e.rate_ratio, e.se_log);
    case sc::EffectKind::Difference:
      return fmt::format("{:+.3g} points of reoffending (sd {:.3g})", 100 * e.change, 100 * e.sd);
  }
  return "";
}

void add_scenario_tables(const sc::ScenarioResult& r, const std::vector<sc::Scenario>& scenarios,
                         const std::vector<sc::Target>& targets, const Panel& crime, Period first,
                         RunResults& results) {
  std::vector<std::string> a_scenario, a_type;
  std::vector<std::int64_t> a_year, a_months;
  std::vector<sc::Summary> a_summary;
  std::vector<double> a_baseline;
  std::vector<std::int64_t> a_cohort, p_cohort, t_cohort;
  for (const auto& row : r.averted) {
    a_cohort.push_back(row.cohort);
    a_scenario.push_back(row.scenario);
    a_type.push_back(row.crime_type);
    a_year.push_back(row.year);
    a_months.push_back(row.months);
    a_summary.push_back(row.averted);
    a_baseline.push_back(row.baseline_mean);
  }
  Table averted;
  averted.add_column(Column::categorical_from_strings("scenario", a_scenario));
  averted.add_column(Column::categorical_from_strings("crime_type", a_type));
  averted.add_column(Column::integers("year", a_year));
  averted.add_column(summary_column("mean", a_summary, &sc::Summary::mean));
  averted.add_column(summary_column("sd", a_summary, &sc::Summary::sd));
  averted.add_column(summary_column("lo_95", a_summary, &sc::Summary::q025));
  averted.add_column(summary_column("hi_95", a_summary, &sc::Summary::q975));
  averted.add_column(summary_column("lo_80", a_summary, &sc::Summary::q10));
  averted.add_column(summary_column("hi_80", a_summary, &sc::Summary::q90));
  averted.add_column(summary_column("median", a_summary, &sc::Summary::q50));
  averted.add_column(Column::integers("months", a_months));
  averted.add_column(result_floats("baseline_mean", a_baseline));
  averted.add_column(Column::booleans("cohort", a_cohort));

  std::vector<std::string> c_scenario;
  std::vector<std::int64_t> c_year, c_price;
  std::vector<double> c_cost;
  for (const auto& row : r.costs) {
    c_scenario.push_back(row.scenario);
    c_year.push_back(row.year);
    c_cost.push_back(row.cost);
    c_price.push_back(row.price_year);
  }
  Table costs;
  costs.add_column(Column::categorical_from_strings("scenario", c_scenario));
  costs.add_column(Column::integers("year", c_year));
  costs.add_column(Column::floats("cost", c_cost));
  costs.add_column(Column::integers("price_year", c_price));

  std::vector<std::string> p_scenario, p_type;
  std::vector<std::int64_t> p_period;
  std::vector<sc::Summary> p_base, p_scen;
  for (const auto& row : r.paths) {
    p_cohort.push_back(row.cohort);
    p_scenario.push_back(row.scenario);
    p_type.push_back(row.crime_type);
    p_period.push_back(row.period.ordinal());
    p_base.push_back(row.baseline);
    p_scen.push_back(row.with_scenario);
  }
  Table paths;
  paths.add_column(Column::categorical_from_strings("scenario", p_scenario));
  paths.add_column(Column::categorical_from_strings("crime_type", p_type));
  paths.add_column(Column::periods("period", Frequency::Month, p_period));
  add_summary_columns(paths, "baseline_", p_base);
  add_summary_columns(paths, "scenario_", p_scen);
  paths.add_column(Column::booleans("cohort", p_cohort));

  // Recorded history of each scenario's targeted area series by crime type, for the charts.
  std::vector<std::string> h_scenario, h_type;
  std::vector<std::int64_t> h_period;
  std::vector<double> h_value;
  for (const auto& scenario : scenarios) {
    std::map<std::string, std::vector<double>> by_type;
    std::vector<std::string> order;
    for (const auto& series : crime.all_series()) {
      const auto l = scenario_area_labels(crime, series);
      const bool hit = std::any_of(
          scenario.interventions.begin(), scenario.interventions.end(),
          [&](const sc::Intervention& i) { return i.target.matches(l.crime_type, l.ward, ""); });
      if (!hit) continue;
      auto [it, added] = by_type.emplace(l.crime_type, std::vector<double>(kHistoryMonths, 0.0));
      if (added) order.push_back(l.crime_type);
      for (int k = 0; k < kHistoryMonths; ++k) {
        const std::int64_t t = (first - kHistoryMonths + k) - series.start;
        it->second[k] += t >= 0 && t < std::int64_t(series.size()) ? series.values[t] : NAN;
      }
    }
    for (const auto& type : order) {
      for (int k = 0; k < kHistoryMonths; ++k) {
        h_scenario.push_back(scenario.name);
        h_type.push_back(type);
        h_period.push_back((first - kHistoryMonths + k).ordinal());
        h_value.push_back(by_type[type][k]);
      }
    }
  }
  Table history;
  history.add_column(Column::categorical_from_strings("scenario", h_scenario));
  history.add_column(Column::categorical_from_strings("crime_type", h_type));
  history.add_column(Column::periods("period", Frequency::Month, h_period));
  history.add_column(result_floats("value", h_value));

  std::vector<std::string> t_target, t_variant, t_note, t_window;
  std::vector<double> t_probability, t_threshold;
  std::vector<sc::Summary> t_total;
  for (std::size_t k = 0; k < r.targets.size(); ++k) {
    const auto& row = r.targets[k];
    t_cohort.push_back(row.cohort);
    const auto& def = *std::find_if(targets.begin(), targets.end(),
                                    [&](const sc::Target& t) { return t.name == row.target; });
    t_target.push_back(row.target);
    t_variant.push_back(row.variant);
    t_probability.push_back(row.probability);
    t_threshold.push_back(row.threshold);
    t_total.push_back(row.total);
    t_note.push_back(def.threshold_note);
    t_window.push_back(def.from.to_string() + " to " + def.to.to_string());
  }
  Table target_table;
  target_table.add_column(Column::categorical_from_strings("target", t_target));
  target_table.add_column(Column::categorical_from_strings("variant", t_variant));
  target_table.add_column(result_floats("probability", t_probability));
  target_table.add_column(summary_column("mean", t_total, &sc::Summary::mean));
  target_table.add_column(summary_column("lo_95", t_total, &sc::Summary::q025));
  target_table.add_column(summary_column("hi_95", t_total, &sc::Summary::q975));
  target_table.add_column(result_floats("threshold", t_threshold));
  target_table.add_column(Column::categorical_from_strings("window", t_window));
  target_table.add_column(Column::categorical_from_strings("threshold_note", t_note));
  target_table.add_column(Column::booleans("cohort", t_cohort));

  std::vector<std::string> i_scenario, i_name, i_target, i_start, i_effect;
  std::vector<double> i_coverage, i_half_life;
  std::vector<std::int64_t> i_ramp;
  for (const auto& scenario : scenarios) {
    for (std::size_t j = 0; j < scenario.interventions.size(); ++j) {
      const auto& i = scenario.interventions[j];
      i_scenario.push_back(scenario.name);
      i_name.push_back(i.name.empty() ? fmt::format("intervention {}", j + 1) : i.name);
      i_target.push_back(describe_target(i.target));
      i_start.push_back(i.start.to_string());
      i_effect.push_back(describe_effect(i.effect));
      i_coverage.push_back(i.coverage);
      i_ramp.push_back(i.ramp_months);
      i_half_life.push_back(i.half_life_months);
    }
  }
  Table interventions;
  interventions.add_column(Column::categorical_from_strings("scenario", i_scenario));
  interventions.add_column(Column::categorical_from_strings("intervention", i_name));
  interventions.add_column(Column::categorical_from_strings("target", i_target));
  interventions.add_column(Column::categorical_from_strings("start", i_start));
  interventions.add_column(Column::integers("ramp_months", i_ramp));
  interventions.add_column(Column::categorical_from_strings("effect", i_effect));
  interventions.add_column(Column::floats("coverage", i_coverage));
  interventions.add_column(Column::floats("half_life_months", i_half_life));

  results.add_table("/scenarios/averted", std::move(averted));
  results.add_table("/scenarios/costs", std::move(costs));
  results.add_table("/scenarios/paths", std::move(paths));
  results.add_table("/scenarios/history", std::move(history));
  results.add_table("/scenarios/targets", std::move(target_table));
  results.add_table("/scenarios/interventions", std::move(interventions));
}

}  // namespace harmcast
