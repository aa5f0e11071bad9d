#pragma once
// Value-for-money appraisal of one intervention (HM Treasury Green Book, 2022).
//
// Years t = 0 .. n-1 of the appraisal period. All £ are first expressed in the appraisal price
// year (uprate() with the deflator), then discounted with D(t) (discounting.hpp):
//   cost_t     = (1 + optimism_bias) * sum over cost lines of their year-t amount
//   averted_kt = baseline_kt * effect         (offences of type k averted in year t)
//   benefit_t  = sum_k averted_kt * unit_cost_k
//   PVC = sum_t D(t) cost_t,  PVB = sum_t D(t) benefit_t,  NPV = PVB - PVC,  BCR = PVB / PVC,
//   cost per offence averted = PVC / sum_kt averted_kt (offences undiscounted; stated).
// `effect` is the relative reduction in offences (0.1 = 10% fewer) at its central value here;
// uncertainty.hpp draws it (and the unit costs) for the Monte Carlo.
#include <optional>
#include <string>
#include <vector>

#include "models/value/discounting.hpp"
#include "models/value/price_year.hpp"
#include "models/value/unit_costs.hpp"

namespace harmcast::value {

enum class CostKind { one_off, annual, per_participant };
std::string to_string(CostKind kind);
CostKind cost_kind_from_string(const std::string& text);  // throws Error

struct CostLine {
  std::string name;  // e.g. "advocate salaries"
  CostKind kind = CostKind::annual;
  double amount = 0.0;               // £ (per year, once, or per participant); must be >= 0
  std::string price_year;            // price year of `amount`; empty = the appraisal's
  int first_year = 0;                // one_off: the year paid; annual: first year paid
  int last_year = -1;                // annual: last year paid (inclusive); -1 = to the end
  std::vector<double> participants;  // per_participant: participants in year t (t = 0 ..)
};

// How the intervention's effect on offences is known.
enum class EffectDistribution {
  fixed,                 // no uncertainty
  normal,                // effect ~ Normal(central, sd) (also: mean and SE from an evaluation)
  lognormal_rate_ratio,  // rate ratio 1 - effect ~ LogNormal(log(1 - central), sd) on log scale
};
std::string to_string(EffectDistribution distribution);
EffectDistribution effect_distribution_from_string(const std::string& text);  // throws Error

struct EffectSize {
  // Relative reduction in offences, e.g. 0.12; at most 1 (below 1 for lognormal_rate_ratio).
  // To value offences averted computed elsewhere (e.g. by the scenario simulation), give them
  // as BenefitLine::baseline_offences with a fixed effect of 1.
  double central = 0.0;
  EffectDistribution distribution = EffectDistribution::fixed;
  double sd = 0.0;  // normal: SD (or SE) of the reduction; lognormal: SD of log rate ratio
};

// From an evaluation that reports a rate ratio (Poisson or negative binomial model, difference in
// differences on the log scale) with the standard error of its log: lognormal_rate_ratio with
// central = 1 - rate_ratio and sd = se_log_rate_ratio. Throws Error unless rate_ratio > 0 and
// se_log_rate_ratio >= 0.
EffectSize effect_from_rate_ratio(double rate_ratio, double se_log_rate_ratio);

// From an evaluation that reports a relative reduction and its standard error: normal.
EffectSize effect_from_estimate(double reduction, double standard_error);

struct BenefitLine {
  std::string crime_type;                 // a unit-cost category or a mapped police type
  // Offences expected without the intervention in year t; finite (negative only makes sense
  // for offences averted given with a fixed effect of 1, e.g. displacement in a scenario).
  std::vector<double> baseline_offences;
};

struct AppraisalInputs {
  std::string name = "option";
  std::vector<CostLine> costs;
  std::vector<BenefitLine> benefits;
  EffectSize effect;  // applies to every benefit line (one intervention)
};

struct AppraisalOptions {
  int n_years = 0;                     // appraisal period; 0 = longest input stream
  std::string price_year = "2015/16";  // £ of the results
  DiscountOptions discounting;
  double optimism_bias = 0.0;  // uplift on costs, as a fraction (0.2 = +20%); >= 0
  UnitCostTable unit_costs;    // usually load_unit_costs(...) / default_unit_costs()
  PoliceTypeMapping mapping = default_police_type_mapping();
  DeflatorSeries deflator;  // needed only when price years differ

  void validate() const;  // throws harmcast::Error naming the field
};

struct YearRow {
  int year = 0;
  double discount_factor = 1.0;
  double costs = 0.0;     // £ real, appraisal price year, optimism bias included
  double benefits = 0.0;  // £ real
  double offences_averted = 0.0;
  double pv_costs = 0.0;  // discounted
  double pv_benefits = 0.0;
};

struct ValueForMoneyResult {
  std::string name;
  std::string price_year;
  double pv_costs = 0.0;
  double pv_benefits = 0.0;
  double npv = 0.0;
  std::optional<double> benefit_cost_ratio;        // none when PVC = 0
  double offences_averted = 0.0;                   // undiscounted total
  std::optional<double> cost_per_offence_averted;  // none when no offences are averted
  std::vector<YearRow> years;
  std::vector<std::string> crime_types;  // per benefit line
  std::vector<double> unit_costs;        // £ per offence, appraisal price year
  std::string message;                   // assumptions worth reporting
};

// Deterministic appraisal at the central effect and central unit costs.
ValueForMoneyResult appraise(const AppraisalInputs& inputs, const AppraisalOptions& options);

// --- pieces shared with the Monte Carlo (uncertainty.cpp) ---

// The inputs reduced to what a draw changes: NPV(effect, m) = effect * sum_k m_k * B_k - PVC,
// where B_k = unit_cost_k * sum_t D(t) baseline_kt and m_k multiplies line k's unit cost.
struct PreparedAppraisal {
  ValueForMoneyResult central;           // appraise() at the central values
  std::vector<double> discounted_value;  // B_k, £, per benefit line
  std::vector<double> baseline_total;    // sum_t baseline_kt, per benefit line
};
PreparedAppraisal prepare_appraisal(const AppraisalInputs& inputs, const AppraisalOptions& options);

// PVB for a given effect and per-line unit-cost multipliers (empty = all 1).
double present_value_of_benefits(const PreparedAppraisal& prepared, double effect,
                                 const std::vector<double>& unit_cost_multipliers);

}  // namespace harmcast::value
