#pragma once
// Interventions of a what-if scenario: who is targeted, when, how strongly, and at what cost.
//
// An intervention multiplies the expected count (the rate) of every targeted series. With
// m the drawn full effect (a rate multiplier, 0.85 = 15% fewer), c the coverage (share of the
// target reached) and a(s) in [0, 1] the share of the full effect reached s months after the start,
// the rate in month s is multiplied by
//     M(s) = 1 + c * a(s) * (m - 1),        a(s) = ramp(s) * decay(s)
//     ramp(s)  = min(1, (s + 1) / ramp_months)     (1 when ramp_months = 0; linear build-up)
//     decay(s) = 1 for s < 12, 2^{-(s - 12) / half_life_months} after (1 when half_life = 0)
// and M = 1 before the start. Several interventions on one series multiply.
//
// Effect distributions (drawn once per simulated path, shared by every targeted series, so a
// path's effect is one unknown common to all of them):
//   fixed       m = 1 + change
//   normal      m = 1 + N(change, sd^2), floored at 0
//   lognormal   log m ~ N(log(1 + change), sd^2)        (change is the median relative change)
//   rate_ratio  log m ~ N(log rate_ratio, se_log^2)     (a harmcast evaluation: estimate + SE)
//   difference  m = 1 + N(change, sd^2) / p0            (cohorts: change in the proportion
//               reoffending, in proportion units; p0 the cohort's baseline rate; floored at 0)
// Costs (cost schedule): a one-off sum in the start month, and an annual sum plus a cost per
// participant times participants per year, spread evenly over the months the intervention runs
// (within the simulated horizon). Amounts are in the prices of `price_year` (financial year
// starting in April of that year: 2024 = 2024/25), undiscounted.
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/random.hpp"
#include "engine/time/period.hpp"

namespace harmcast::scenario {

enum class EffectKind { Fixed, Normal, LogNormal, RateRatio, Difference };
const std::vector<std::string>& effect_kind_words();  // fixed, normal, lognormal, rate_ratio, ...
std::string to_string(EffectKind kind);

struct EffectDistribution {
  EffectKind kind = EffectKind::Fixed;
  double change = 0.0;      // relative change in the rate (-0.1 = 10% fewer); difference: points
  double sd = 0.0;          // normal, difference: sd of the change; lognormal: sd of log m
  double rate_ratio = 1.0;  // rate_ratio: the estimate (> 0)
  double se_log = 0.0;      // rate_ratio: standard error of log(rate ratio) (>= 0)

  // Throws harmcast::Error(where + ".effect...") naming the field and the rule broken.
  void validate(const std::string& where) const;
  // One draw of the effect: a multiplier, or for `difference` the change in the proportion.
  double draw(RandomStream& stream) const;
  // The rate multiplier of a draw; `baseline_proportion` is used by `difference` only.
  double multiplier(double drawn, double baseline_proportion) const;
  // The multiplier at the centre of the distribution (no uncertainty).
  double central_multiplier(double baseline_proportion) const;
};

// The series an intervention acts on: crime types x wards (an empty list means all), or a cohort
// segment (by name) instead.
struct InterventionTarget {
  std::vector<std::string> crime_types;
  std::vector<std::string> wards;
  std::string cohort;

  bool matches(const std::string& crime_type, const std::string& ward,
               const std::string& cohort_name) const;
};

struct CostSchedule {
  int price_year = 0;                // required when any cost is given (2024 = 2024/25 prices)
  double one_off = 0.0;              // in the start month
  double annual = 0.0;               // per year of running
  double per_participant = 0.0;      // per person reached
  double participants_per_year = 0;  // people reached per year

  bool any() const { return one_off > 0 || annual > 0 || per_participant > 0; }
  void validate(const std::string& where) const;
};

struct Intervention {
  std::string name;
  InterventionTarget target;
  Period start;                   // first month with an effect
  int ramp_months = 0;            // months to full effect (0 = full from the start)
  EffectDistribution effect;      // the full effect on the rate of those reached
  double coverage = 1.0;          // share of the target reached, in (0, 1]
  double half_life_months = 0.0;  // decay after the first year; 0 = the effect lasts
  CostSchedule costs;

  void validate(const std::string& where) const;
  // a(s): the share of the full effect s months after the start (0 before it).
  double effect_share(std::int64_t months_since_start) const;
};

struct Scenario {
  std::string name;
  std::vector<Intervention> interventions;

  // Names must be non-empty; every intervention valid; one price year for all costs.
  void validate() const;
  Period start() const;  // the earliest intervention start
};

// Cost of the scenario in the months [from, to): the one-off sums of interventions starting in
// them plus each running cost times the months it runs there / 12 (exact for whole years).
double cost_between(const Scenario& scenario, Period from, Period to);

}  // namespace harmcast::scenario
