#include "models/scenario/intervention.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "engine/core/error.hpp"

namespace harmcast::scenario {
namespace {

bool listed_or_all(const std::vector<std::string>& list, const std::string& value) {
  return list.empty() || std::find(list.begin(), list.end(), value) != list.end();
}

void require(bool ok, const std::string& where, const std::string& what,
             const std::string& hint = {}) {
  if (!ok) throw Error(where, what, hint);
}

}  // namespace

const std::vector<std::string>& effect_kind_words() {
  static const std::vector<std::string> words = {"fixed", "normal", "lognormal", "rate_ratio",
                                                 "difference"};
  return words;
}

std::string to_string(EffectKind kind) { return effect_kind_words().at(static_cast<int>(kind)); }

void EffectDistribution::validate(const std::string& where) const {
  const std::string w = where + ".effect";
  require(std::isfinite(change) && std::isfinite(sd) && std::isfinite(rate_ratio) &&
              std::isfinite(se_log),
          w, "effect values must be finite numbers");
  require(sd >= 0, w + ".sd", fmt::format("expected a non-negative sd, got {}", sd));
  require(se_log >= 0, w + ".se_log", fmt::format("expected a non-negative SE, got {}", se_log));
  switch (kind) {
    case EffectKind::Fixed:
    case EffectKind::Normal:
    case EffectKind::LogNormal:
      require(change > -1, w + ".change",
              fmt::format("a relative change must be above -1 (-100%), got {}", change),
              "Give the change as a fraction: -0.1 for 10% fewer.");
      break;
    case EffectKind::RateRatio:
      require(rate_ratio > 0, w + ".rate_ratio",
              fmt::format("expected a positive rate ratio, got {}", rate_ratio));
      break;
    case EffectKind::Difference:
      require(change > -1 && change < 1, w + ".change",
              fmt::format("a change in a proportion must lie in (-1, 1), got {}", change),
              "Give percentage points as a fraction: -0.05 for 5 points fewer.");
      break;
  }
}

double EffectDistribution::draw(RandomStream& stream) const {
  switch (kind) {
    case EffectKind::Fixed:
      return 1.0 + change;
    case EffectKind::Normal:
      return std::max(0.0, 1.0 + change + sd * stream.normal());
    case EffectKind::LogNormal:
      return std::exp(std::log1p(change) + sd * stream.normal());
    case EffectKind::RateRatio:
      return std::exp(std::log(rate_ratio) + se_log * stream.normal());
    case EffectKind::Difference:
      return change + sd * stream.normal();
  }
  return 1.0;
}

double EffectDistribution::multiplier(double drawn, double baseline_proportion) const {
  if (kind != EffectKind::Difference) return drawn;
  return std::max(0.0, 1.0 + drawn / baseline_proportion);
}

double EffectDistribution::central_multiplier(double baseline_proportion) const {
  switch (kind) {
    case EffectKind::RateRatio:
      return rate_ratio;
    case EffectKind::Difference:
      return multiplier(change, baseline_proportion);
    default:
      return 1.0 + change;
  }
}

bool InterventionTarget::matches(const std::string& crime_type, const std::string& ward,
                                 const std::string& cohort_name) const {
  if (!cohort.empty() || !cohort_name.empty()) return cohort == cohort_name;
  return listed_or_all(crime_types, crime_type) && listed_or_all(wards, ward);
}

void CostSchedule::validate(const std::string& where) const {
  const std::string w = where + ".costs";
  for (const auto& [name, value] : {std::pair<const char*, double>{"one_off", one_off},
                                    {"annual", annual},
                                    {"per_participant", per_participant},
                                    {"participants_per_year", participants_per_year}}) {
    require(std::isfinite(value) && value >= 0, w + "." + name,
            fmt::format("expected a non-negative amount, got {}", value),
            "Costs are money spent (>= 0); put savings in the effect, not as a negative cost.");
  }
  require(!(per_participant > 0 && participants_per_year <= 0), w + ".participants_per_year",
          "a cost per participant needs the number of participants per year");
  require(!any() || (price_year >= 1900 && price_year <= 2200), w + ".price_year",
          fmt::format("costs need the price year they are in (e.g. 2024 for 2024/25), got {}",
                      price_year));
}

void Intervention::validate(const std::string& where) const {
  require(ramp_months >= 0, where + ".ramp_months",
          fmt::format("expected a non-negative number of months, got {}", ramp_months));
  require(coverage > 0 && coverage <= 1, where + ".coverage",
          fmt::format("coverage is a share of the target in (0, 1], got {}", coverage));
  require(half_life_months >= 0 && std::isfinite(half_life_months), where + ".half_life_months",
          fmt::format("expected a non-negative half-life, got {}", half_life_months));
  require(start.frequency() == Frequency::Month, where + ".start",
          "expected a month, e.g. 2024-04");
  require(target.cohort.empty() || (target.crime_types.empty() && target.wards.empty()),
          where + ".target", "a target is either a cohort or crime types and wards, not both");
  require(effect.kind != EffectKind::Difference || !target.cohort.empty(), where + ".effect",
          "a difference in proportions applies to cohort targets only",
          "Use a relative change (normal, lognormal) or a rate ratio for crime series.");
  effect.validate(where);
  costs.validate(where);
}

double Intervention::effect_share(std::int64_t s) const {
  if (s < 0) return 0.0;
  const double ramp =
      ramp_months > 0 ? std::min(1.0, static_cast<double>(s + 1) / ramp_months) : 1.0;
  const double decay = (half_life_months > 0 && s >= 12)
                           ? std::exp2(-static_cast<double>(s - 12) / half_life_months)
                           : 1.0;
  return ramp * decay;
}

void Scenario::validate() const {
  require(!name.empty(), "scenario", "every scenario needs a name");
  const std::string where = "scenario \"" + name + "\"";
  require(!interventions.empty(), where, "a scenario needs at least one intervention");
  int price_year = 0;
  for (std::size_t j = 0; j < interventions.size(); ++j) {
    const Intervention& i = interventions[j];
    const std::string w = fmt::format("{}.interventions[{}]", where, j);
    i.validate(w);
    if (!i.costs.any()) continue;
    require(price_year == 0 || price_year == i.costs.price_year, w + ".costs.price_year",
            fmt::format("costs of one scenario must share a price year ({} and {})", price_year,
                        i.costs.price_year),
            "Convert the amounts to one price year.");
    price_year = i.costs.price_year;
  }
}

Period Scenario::start() const {
  Period earliest = interventions.at(0).start;
  for (const auto& i : interventions) earliest = std::min(earliest, i.start);
  return earliest;
}

double cost_between(const Scenario& scenario, Period from, Period to) {
  double cost = 0.0;
  for (const auto& i : scenario.interventions) {
    const double per_year =
        i.costs.annual + i.costs.per_participant * i.costs.participants_per_year;
    const std::int64_t months = std::max<std::int64_t>(0, to - std::max(from, i.start));
    cost += per_year * static_cast<double>(months) / 12.0;
    if (i.start >= from && i.start < to) cost += i.costs.one_off;
  }
  return cost;
}

}  // namespace harmcast::scenario
