#include "models/value/appraisal.hpp"

#include <algorithm>
#include <cmath>

#include "engine/core/error.hpp"

namespace harmcast::value {
namespace {

bool finite_nonnegative(double x) { return std::isfinite(x) && x >= 0.0; }

std::string line_where(const AppraisalInputs& inputs, const std::string& kind, std::size_t i,
                       const std::string& name) {
  return "appraisal '" + inputs.name + "' " + kind + "[" + std::to_string(i) + "]" +
         (name.empty() ? "" : " '" + name + "'");
}

int longest_stream(const AppraisalInputs& inputs) {
  int n = 0;
  for (const auto& cost : inputs.costs) {
    n = std::max(n, cost.first_year + 1);
    n = std::max(n, cost.last_year + 1);
    n = std::max(n, static_cast<int>(cost.participants.size()));
  }
  for (const auto& benefit : inputs.benefits) {
    n = std::max(n, static_cast<int>(benefit.baseline_offences.size()));
  }
  return n;
}

void validate_inputs(const AppraisalInputs& inputs, int n_years) {
  for (std::size_t i = 0; i < inputs.costs.size(); ++i) {
    const auto& cost = inputs.costs[i];
    const auto where = line_where(inputs, "costs", i, cost.name);
    if (!finite_nonnegative(cost.amount)) {
      throw Error(where, "negative or non-finite cost amount " + std::to_string(cost.amount),
                  "costs are £ >= 0; record savings as benefits");
    }
    if (cost.first_year < 0 || cost.first_year >= n_years) {
      throw Error(where, "first_year " + std::to_string(cost.first_year) +
                             " is outside the appraisal period 0.." + std::to_string(n_years - 1));
    }
    if (cost.kind == CostKind::annual && cost.last_year != -1 &&
        (cost.last_year < cost.first_year || cost.last_year >= n_years)) {
      throw Error(where, "last_year " + std::to_string(cost.last_year) +
                             " must be -1 or in first_year.." + std::to_string(n_years - 1));
    }
    if (cost.kind == CostKind::per_participant) {
      if (cost.participants.empty()) {
        throw Error(where, "per_participant cost without participants",
                    "give the number of participants per year");
      }
      if (static_cast<int>(cost.participants.size()) > n_years) {
        throw Error(where, "participants given for " + std::to_string(cost.participants.size()) +
                               " years, longer than the appraisal period of " +
                               std::to_string(n_years));
      }
      for (double p : cost.participants) {
        if (!finite_nonnegative(p)) {
          throw Error(where, "negative or non-finite participants " + std::to_string(p));
        }
      }
    }
  }
  for (std::size_t i = 0; i < inputs.benefits.size(); ++i) {
    const auto& benefit = inputs.benefits[i];
    const auto where = line_where(inputs, "benefits", i, benefit.crime_type);
    if (static_cast<int>(benefit.baseline_offences.size()) > n_years) {
      throw Error(where, "baseline given for " + std::to_string(benefit.baseline_offences.size()) +
                             " years, longer than the appraisal period of " +
                             std::to_string(n_years));
    }
    // Negative values are allowed: offences averted valued at a fixed effect of 1 (a scenario's
    // output) may be negative where the intervention displaces crime into a type or year.
    for (double b : benefit.baseline_offences) {
      if (!std::isfinite(b)) {
        throw Error(where, "non-finite baseline offences " + std::to_string(b));
      }
    }
  }
  const auto& effect = inputs.effect;
  if (!(std::isfinite(effect.central) && effect.central <= 1.0)) {
    throw Error(
        "appraisal '" + inputs.name + "' effect.central",
        "must be a relative reduction of at most 1, found " + std::to_string(effect.central),
        "0.1 means 10% fewer offences; negative values mean more offences");
  }
  if (effect.distribution == EffectDistribution::lognormal_rate_ratio && effect.central >= 1.0) {
    throw Error("appraisal '" + inputs.name + "' effect.central",
                "a log-normal rate ratio needs a reduction below 1 (rate ratio above 0), found " +
                    std::to_string(effect.central));
  }
  if (!finite_nonnegative(effect.sd)) {
    throw Error("appraisal '" + inputs.name + "' effect.sd",
                "must be >= 0, found " + std::to_string(effect.sd));
  }
}

// £ of cost line `cost` in year t, in its own price year, before optimism bias.
double cost_in_year(const CostLine& cost, int t, int n_years) {
  switch (cost.kind) {
    case CostKind::one_off:
      return t == cost.first_year ? cost.amount : 0.0;
    case CostKind::annual: {
      const int last = cost.last_year == -1 ? n_years - 1 : cost.last_year;
      return t >= cost.first_year && t <= last ? cost.amount : 0.0;
    }
    case CostKind::per_participant:
      return t >= cost.first_year && t < static_cast<int>(cost.participants.size())
                 ? cost.amount * cost.participants[t]
                 : 0.0;
  }
  throw InternalError("unknown CostKind");
}

}  // namespace

std::string to_string(CostKind kind) {
  switch (kind) {
    case CostKind::one_off:
      return "one_off";
    case CostKind::annual:
      return "annual";
    case CostKind::per_participant:
      return "per_participant";
  }
  throw InternalError("unknown CostKind");
}

CostKind cost_kind_from_string(const std::string& text) {
  for (auto k : {CostKind::one_off, CostKind::annual, CostKind::per_participant}) {
    if (to_string(k) == text) return k;
  }
  throw Error("cost.kind", "unknown cost kind '" + text + "'",
              "use one_off, annual or per_participant");
}

std::string to_string(EffectDistribution distribution) {
  switch (distribution) {
    case EffectDistribution::fixed:
      return "fixed";
    case EffectDistribution::normal:
      return "normal";
    case EffectDistribution::lognormal_rate_ratio:
      return "lognormal_rate_ratio";
  }
  throw InternalError("unknown EffectDistribution");
}

EffectDistribution effect_distribution_from_string(const std::string& text) {
  for (auto d : {EffectDistribution::fixed, EffectDistribution::normal,
                 EffectDistribution::lognormal_rate_ratio}) {
    if (to_string(d) == text) return d;
  }
  throw Error("effect.distribution", "unknown distribution '" + text + "'",
              "use fixed, normal or lognormal_rate_ratio");
}

EffectSize effect_from_rate_ratio(double rate_ratio, double se_log_rate_ratio) {
  if (!(std::isfinite(rate_ratio) && rate_ratio > 0.0)) {
    throw Error("effect_from_rate_ratio",
                "rate_ratio must be > 0, found " + std::to_string(rate_ratio));
  }
  if (!finite_nonnegative(se_log_rate_ratio)) {
    throw Error("effect_from_rate_ratio",
                "se_log_rate_ratio must be >= 0, found " + std::to_string(se_log_rate_ratio));
  }
  return {1.0 - rate_ratio, EffectDistribution::lognormal_rate_ratio, se_log_rate_ratio};
}

EffectSize effect_from_estimate(double reduction, double standard_error) {
  if (!(std::isfinite(reduction) && reduction <= 1.0)) {
    throw Error("effect_from_estimate",
                "reduction must be <= 1, found " + std::to_string(reduction));
  }
  if (!finite_nonnegative(standard_error)) {
    throw Error("effect_from_estimate",
                "standard_error must be >= 0, found " + std::to_string(standard_error));
  }
  return {reduction, EffectDistribution::normal, standard_error};
}

void AppraisalOptions::validate() const {
  if (n_years < 0) {
    throw Error("AppraisalOptions.n_years",
                "must be >= 0 (0 = longest input stream), found " + std::to_string(n_years));
  }
  if (price_year.empty()) {
    throw Error("AppraisalOptions.price_year", "is empty", "give a financial year, e.g. 2015/16");
  }
  if (!finite_nonnegative(optimism_bias)) {
    throw Error("AppraisalOptions.optimism_bias",
                "must be a fraction >= 0, found " + std::to_string(optimism_bias),
                "0.2 means costs are uplifted by 20%");
  }
  discounting.validate();
}

PreparedAppraisal prepare_appraisal(const AppraisalInputs& inputs,
                                    const AppraisalOptions& options) {
  options.validate();
  const int n_years = options.n_years > 0 ? options.n_years : longest_stream(inputs);
  if (n_years <= 0) {
    throw Error("appraisal '" + inputs.name + "'", "no costs or benefits to appraise",
                "give at least one cost line or benefit line, or set n_years");
  }
  validate_inputs(inputs, n_years);
  const auto discount = discount_factors(n_years, options.discounting);

  PreparedAppraisal prepared;
  auto& result = prepared.central;
  result.name = inputs.name;
  result.price_year = options.price_year;
  result.years.resize(n_years);
  for (int t = 0; t < n_years; ++t) {
    result.years[t].year = t;
    result.years[t].discount_factor = discount[t];
  }

  const double bias = 1.0 + options.optimism_bias;
  for (const auto& cost : inputs.costs) {
    const std::string from = cost.price_year.empty() ? options.price_year : cost.price_year;
    const double scale = uprate(1.0, from, options.price_year, options.deflator);
    for (int t = 0; t < n_years; ++t) {
      result.years[t].costs += bias * scale * cost_in_year(cost, t, n_years);
    }
  }

  const double effect = inputs.effect.central;
  for (const auto& benefit : inputs.benefits) {
    const double cost_in_table_prices =
        unit_cost_per_offence(benefit.crime_type, options.unit_costs, options.mapping);
    const double unit_cost = uprate(cost_in_table_prices, options.unit_costs.price_year,
                                    options.price_year, options.deflator);
    double discounted_offences = 0.0;
    double total_offences = 0.0;
    for (std::size_t t = 0; t < benefit.baseline_offences.size(); ++t) {
      const double baseline = benefit.baseline_offences[t];
      discounted_offences += discount[t] * baseline;
      total_offences += baseline;
      result.years[t].offences_averted += effect * baseline;
      result.years[t].benefits += effect * baseline * unit_cost;
    }
    result.crime_types.push_back(benefit.crime_type);
    result.unit_costs.push_back(unit_cost);
    prepared.discounted_value.push_back(unit_cost * discounted_offences);
    prepared.baseline_total.push_back(total_offences);
  }

  for (auto& row : result.years) {
    row.pv_costs = row.discount_factor * row.costs;
    row.pv_benefits = row.discount_factor * row.benefits;
    result.pv_costs += row.pv_costs;
    result.offences_averted += row.offences_averted;
  }
  // PVB through the same formula the Monte Carlo uses, so a draw at the central values
  // reproduces it exactly.
  result.pv_benefits = present_value_of_benefits(prepared, effect, {});
  result.npv = result.pv_benefits - result.pv_costs;
  if (result.pv_costs > 0.0) result.benefit_cost_ratio = result.pv_benefits / result.pv_costs;
  if (result.offences_averted > 0.0) {
    result.cost_per_offence_averted = result.pv_costs / result.offences_averted;
  }
  result.message = "discounting " + to_string(options.discounting.schedule) + " (" +
                   to_string(options.discounting.timing) + "), optimism bias " +
                   std::to_string(options.optimism_bias) + ", prices " + options.price_year +
                   "; cost per offence averted uses undiscounted offences";
  return prepared;
}

double present_value_of_benefits(const PreparedAppraisal& prepared, double effect,
                                 const std::vector<double>& unit_cost_multipliers) {
  double total = 0.0;
  for (std::size_t k = 0; k < prepared.discounted_value.size(); ++k) {
    const double m = unit_cost_multipliers.empty() ? 1.0 : unit_cost_multipliers[k];
    total += m * prepared.discounted_value[k];
  }
  return effect * total;
}

ValueForMoneyResult appraise(const AppraisalInputs& inputs, const AppraisalOptions& options) {
  return prepare_appraisal(inputs, options).central;
}

}  // namespace harmcast::value
