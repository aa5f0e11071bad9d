// Turning services (with their evaluated effects) and simulated scenarios into appraisal inputs
// (the model is in stage_value.hpp).
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "engine/core/error.hpp"
#include "engine/runner/stage_value.hpp"

namespace harmcast {
namespace {

constexpr const char* kAverted = "/scenarios/averted";
constexpr const char* kCosts = "/scenarios/costs";

double number_at(const Table& t, const std::string& column, std::size_t row) {
  const Column& c = t.column(column);
  return c.is_missing(row) ? NAN : c.numeric(row);
}

// Checks a scenario table has the contracted columns; a note and false otherwise.
bool has_columns(const Table& table, const char* path, const std::vector<std::string>& columns,
                 RunResults& results) {
  std::vector<std::string> missing;
  for (const auto& c : columns)
    if (!table.has_column(c)) missing.push_back(c);
  if (missing.empty()) return true;
  results.add_note({"value", path,
                    fmt::format("scenario table lacks column(s) {}; scenarios not valued",
                                fmt::join(missing, ", "))});
  return false;
}

// One scenario's inputs from the two tables; nullopt (with a note) when they are unusable.
std::optional<ValueOption> one_scenario(const std::string& name, const Table& averted,
                                        const Table* costs, const ValueConfig& config,
                                        RunResults& results) {
  auto skip = [&](const std::string& why) {
    results.add_note({"value", name, "scenario not valued: " + why});
    return std::nullopt;
  };
  ValueOption option;
  option.kind = "scenario";
  option.inputs.name = name;
  option.inputs.effect = {1.0, value::EffectDistribution::fixed, 0.0};
  std::map<std::string, std::vector<double>> mean, sd;
  for (std::size_t r = 0; r < averted.rows(); ++r) {
    if (averted.column("scenario").text(r) != name) continue;
    const std::string type = averted.column("crime_type").text(r);
    const double year = number_at(averted, "year", r);
    const double m = number_at(averted, "mean", r);
    const double s = number_at(averted, "sd", r);
    if (averted.has_column("cohort") && number_at(averted, "cohort", r) == 1)
      option.cohort_types.insert(type);
    if (!(year >= 1) || std::floor(year) != year)
      return skip(
          fmt::format("/scenarios/averted year {} for {} (years count from 1)", year, type));
    if (!std::isfinite(m) || !(s >= 0))
      return skip(fmt::format("/scenarios/averted has no finite mean and sd for {} in year {}",
                              type, year));
    const auto t = static_cast<std::size_t>(year) - 1;
    auto& means = mean[type];
    auto& sds = sd[type];
    if (means.size() <= t) {
      means.resize(t + 1, 0.0);
      sds.resize(t + 1, 0.0);
    }
    means[t] += m;
    sds[t] += s;
  }
  if (mean.empty()) return skip("no rows in /scenarios/averted");
  std::vector<std::string> uncosted;
  for (const auto& [type, values] : mean) {
    try {
      value::unit_cost_per_offence(type, config.unit_cost_table, config.mapping);
    } catch (const Error&) {
      uncosted.push_back(type);
    }
    option.inputs.benefits.push_back({type, values});
  }
  if (!uncosted.empty())
    return skip(
        fmt::format("unit cost missing for crime type(s) {}; add them to "
                    "value.user_unit_costs",
                    fmt::join(uncosted, ", ")));
  if (costs != nullptr) {
    for (std::size_t r = 0; r < costs->rows(); ++r) {
      if (costs->column("scenario").text(r) != name) continue;
      const double year = number_at(*costs, "year", r);
      const double amount = number_at(*costs, "cost", r);
      const double price_year = number_at(*costs, "price_year", r);
      if (!(year >= 1) || std::floor(year) != year)
        return skip(fmt::format("/scenarios/costs year {} (years count from 1)", year));
      if (!std::isfinite(amount) || amount < 0)
        return skip(fmt::format("/scenarios/costs has a negative or missing cost ({}) in year {}",
                                amount, year));
      const std::string fy =
          std::isfinite(price_year)
              ? normalise_financial_year(std::to_string(static_cast<long long>(price_year)))
              : std::string();
      if (fy.empty()) return skip(fmt::format("/scenarios/costs price_year {}", price_year));
      if (fy != config.price_year) {
        try {
          config.deflator_series.index(fy);
        } catch (const Error&) {
          return skip("price year " + fy +
                      " of /scenarios/costs has no deflator value; add it "
                      "to the deflator file (value.deflator)");
        }
      }
      const int t = static_cast<int>(year) - 1;
      option.inputs.costs.push_back({fmt::format("scenario cost, year {}", t + 1),
                                     value::CostKind::annual,
                                     amount,
                                     fy,
                                     t,
                                     t,
                                     {}});
    }
  }
  if (option.inputs.costs.empty())
    results.add_note({"value", name, "no costs in /scenarios/costs: valued as costless"});

  // The effect multiplier's SD: discounted value of the SDs over that of the means.
  const value::AppraisalOptions options = value_appraisal_options(config);
  const value::PreparedAppraisal prepared = value::prepare_appraisal(option.inputs, options);
  double sd_value = 0.0;
  std::size_t k = 0;
  for (const auto& [type, sds] : sd) {
    for (std::size_t t = 0; t < sds.size(); ++t)
      sd_value +=
          prepared.central.years[t].discount_factor * prepared.central.unit_costs[k] * sds[t];
    ++k;
  }
  const double pvb = prepared.central.pv_benefits;
  if (pvb > 0 && sd_value > 0) {
    option.inputs.effect = {1.0, value::EffectDistribution::normal, sd_value / pvb};
  } else if (sd_value > 0) {
    results.add_note(
        {"value", name, "benefits are not positive, so their uncertainty is not simulated"});
  }
  return option;
}

}  // namespace

value::AppraisalOptions value_appraisal_options(const ValueConfig& config) {
  value::AppraisalOptions options;
  options.n_years = config.horizon_years;
  options.price_year = config.price_year;
  options.discounting.schedule = config.discount.schedule;
  options.discounting.constant_rate = config.discount.rate;
  options.discounting.timing = config.discount.timing;
  options.optimism_bias = config.optimism_bias;
  options.unit_costs = config.unit_cost_table;
  options.mapping = config.mapping;
  options.deflator = config.deflator_series;
  return options;
}

std::optional<ValueOption> service_option(const ValueServiceConfig& service,
                                          const ValueConfig& config, RunResults& results) {
  auto skip = [&](const std::string& why) {
    results.add_note({"value", service.name, "service not valued: " + why});
    return std::nullopt;
  };
  const Table* effects = results.find_table("/evaluation/effects");
  if (effects == nullptr) return skip("no service evaluations were run");
  std::optional<std::size_t> row;
  for (std::size_t r = 0; r < effects->rows(); ++r) {
    if (effects->column("service").text(r) == service.evaluation_name() &&
        effects->column("outcome").text(r) == service.outcome)
      row = r;
  }
  if (!row)
    return skip("evaluation \"" + service.evaluation_name() + "\" gave no effect on " +
                service.outcome + " (see its run note)");
  const double d = number_at(*effects, "estimate", *row);
  const double se = number_at(*effects, "std_error", *row);
  const double c = number_at(*effects, "mean_comparison", *row);
  if (!std::isfinite(d) || !(c > 0))
    return skip(fmt::format("the evaluated effect ({}) or comparison mean ({}) is unusable", d, c));

  ValueOption option;
  option.kind = "service";
  auto& in = option.inputs;
  in.name = service.name;
  in.effect = std::isfinite(se) && se > 0
                  ? value::EffectSize{-d / c, value::EffectDistribution::normal, se / c}
                  : value::EffectSize{-d / c, value::EffectDistribution::fixed, 0.0};
  if (!std::isfinite(se))
    results.add_note({"value", service.name, "no standard error for the effect: held fixed"});
  const std::vector<double> people(service.years, static_cast<double>(service.participants));
  // People active in year t: those who started in one of the effect_years years up to t.
  std::vector<double> active(service.years + service.effect_years - 1, 0.0);
  for (int start = 0; start < service.years; ++start)
    for (int t = start; t < start + service.effect_years; ++t) active[t] += service.participants;
  for (const auto& [type, share] : service.offence_mix) {
    std::vector<double> baseline;
    for (double people_active : active) baseline.push_back(people_active * share * c);
    in.benefits.push_back({type, std::move(baseline)});
  }
  const std::string& price_year = service.cost_price_year;
  if (service.cost_per_participant > 0)
    in.costs.push_back({"per participant", value::CostKind::per_participant,
                        service.cost_per_participant, price_year, 0, -1, people});
  if (service.annual_cost > 0)
    in.costs.push_back({"annual",
                        value::CostKind::annual,
                        service.annual_cost,
                        price_year,
                        0,
                        service.years - 1,
                        {}});
  if (service.one_off_cost > 0)
    in.costs.push_back(
        {"set-up", value::CostKind::one_off, service.one_off_cost, price_year, 0, -1, {}});
  return option;
}

std::vector<ValueOption> scenario_options(const ValueConfig& config, RunResults& results) {
  std::vector<ValueOption> options;
  const Table* averted = results.find_table(kAverted);
  const Table* costs = results.find_table(kCosts);
  if (averted == nullptr) {
    if (!config.all_scenarios && !config.scenarios.empty())
      results.add_note({"value", "",
                        fmt::format("no scenario results ({}), so scenario(s) {} not valued",
                                    kAverted, fmt::join(config.scenarios, ", "))});
    return options;
  }
  if (!has_columns(*averted, kAverted, {"scenario", "crime_type", "year", "mean", "sd"}, results))
    return options;
  if (costs != nullptr &&
      !has_columns(*costs, kCosts, {"scenario", "year", "cost", "price_year"}, results))
    return options;
  std::vector<std::string> available;
  for (std::size_t r = 0; r < averted->rows(); ++r) {
    const std::string s = averted->column("scenario").text(r);
    if (std::find(available.begin(), available.end(), s) == available.end()) available.push_back(s);
  }
  const std::vector<std::string> wanted = config.all_scenarios ? available : config.scenarios;
  for (const auto& name : wanted) {
    if (std::find(available.begin(), available.end(), name) == available.end()) {
      results.add_note(
          {"value", name,
           fmt::format(
               "scenario not valued: not in {} (simulated: {})", kAverted,
               available.empty() ? "none" : fmt::format("{}", fmt::join(available, ", ")))});
      continue;
    }
    try {
      if (auto option = one_scenario(name, *averted, costs, config, results))
        options.push_back(std::move(*option));
    } catch (const Error& e) {
      results.add_note({"value", name, std::string("scenario not valued: ") + e.what()});
    }
  }
  return options;
}

}  // namespace harmcast
