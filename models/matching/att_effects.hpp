#pragma once
// Effects on the treated (ATT) in a matched sample, as MatchIt's vignette "Estimating effects"
// (MatchIt 4.5.1) does it with match.data().
//
// Binary and count outcomes: the weighted least squares fit lm(y ~ treat, weights = w) on the
// matched units, so the estimate is the difference of weighted means m_1 - m_0 (for a binary
// outcome a difference in rates; reported per 100 people). Standard errors:
//   pair-cluster-robust (matching without replacement): sandwich::vcovCL(fit, cluster =
//     ~subclass), type HC1: V = B (sum_g s_g s_g') B * G/(G-1) * (n-1)/(n-2), B = (X'WX)^-1,
//     s_g = sum over pair g of w_i r_i x_i (Abadie & Spiess 2022, JASA 117:1);
//   unit-robust (matching with replacement): the same with one cluster per unit, as the vignette
//     recommends when treatment prevalence is low (< 30%, Austin & Cafri 2020); not the
//     Abadie-Imbens (2006) variance (offered separately: abadie_imbens.hpp);
//   bootstrap (optional): match sets (a treated unit and its controls) resampled with
//     replacement, seeded; SE = SD of the replicates, percentile interval.
// Intervals and p-values use the normal distribution (as marginaleffects::avg_comparisons).
// Time-to-event outcomes: the hazard ratio from coxph(Surv(time, event) ~ treat, weights = w,
// cluster = subclass) (robust SE, Lin & Wei 1989), as the vignette's survival section.
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "models/matching/nearest_neighbour.hpp"

namespace harmcast {

// TimeToEvent: a hazard ratio; MedianTime / TimeQuantile: a difference in the median / another
// quantile of time to the event (time_quantile.hpp).
enum class OutcomeKind { Binary, Count, Continuous, TimeToEvent, MedianTime, TimeQuantile };
std::string to_string(OutcomeKind kind);  // "binary", "count", "continuous", "time-to-event",
                                          // "median-time", "time-quantile"

enum class EffectSe { Auto, PairCluster, UnitRobust, Bootstrap, AbadieImbens };
std::string to_string(EffectSe se);                 // "auto", "pair-cluster", "unit-robust", ...
EffectSe parse_effect_se(const std::string& text);  // also "pair", "unit", "ai"; throws Error

struct EffectOptions {
  double confidence_level = 0.95;             // of the interval
  EffectSe standard_errors = EffectSe::Auto;  // Auto: pair-cluster without replacement,
                                              // unit-robust with replacement
  int bootstrap_replicates = 999;             // for EffectSe::Bootstrap
  std::uint64_t seed = 20240501;              // bootstrap stream
  int ai_variance_matches = 0;  // AbadieImbens: 0 homoskedastic, J > 0 heteroskedastic with
                                // J same-group neighbours (Matching's Var.calc)
  std::string description;      // phrase for the sentence, e.g. "reoffended within a year"
  double time_quantile = 0.5;   // time-to-event quantile rows: q in (0, 1); 0.5 = the median
  void validate() const;
};

struct EffectResult {
  std::string outcome;
  OutcomeKind kind = OutcomeKind::Binary;
  double estimate = 0, std_error = 0, conf_low = 0, conf_high = 0, p_value = 1;
  // binary/count: difference in means (per person; x100 for "per 100 people")
  // time-to-event: log hazard ratio (hazard_ratio = exp(estimate), interval exp'd too)
  double hazard_ratio = NAN, hr_low = NAN, hr_high = NAN;
  double mean_treated = 0, mean_control = 0;  // weighted; events per person for counts
  double time_quantile = NAN;                 // MedianTime / TimeQuantile rows: q
  std::size_t n_treated = 0, n_control = 0;   // matched units used
  std::size_t clusters = 0;
  std::string se_method;  // e.g. "pair-cluster-robust (vcovCL HC1, 185 pairs)"
  std::string sentence;   // plain language
};

// Effect on outcome `y` (one value per unit; NaN = missing, refused) of the matched sample.
EffectResult estimate_att(std::span<const double> y, std::span<const std::uint8_t> treat,
                          const MatchResult& match, OutcomeKind kind, const std::string& name,
                          const EffectOptions& options = {});

// Hazard ratio on the matched sample (time > 0, event 0/1 per unit).
EffectResult estimate_att_hazard(std::span<const double> time, std::span<const double> event,
                                 std::span<const std::uint8_t> treat, const MatchResult& match,
                                 const std::string& name, const EffectOptions& options = {});

// "For every 100 people who received the service, 9 fewer reoffended within a year; the true
// difference is likely between 2 and 14."
std::string effect_sentence(const EffectResult& effect, const std::string& description,
                            double confidence_level);

}  // namespace harmcast
