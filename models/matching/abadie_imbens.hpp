#pragma once
// Abadie-Imbens standard error of the nearest-neighbour matching estimator of the ATT with
// replacement (Abadie & Imbens 2006, Econometrica 74(1), Theorem 7; as R's Matching::Match,
// Matching 4.10-8, estimand "ATT", sample = FALSE, BiasAdjust = FALSE).
//
// With M_t the controls of matched treated unit t, K_c = sum_t 1[c in t] / M_t and
// KK_c = sum_t 1[c in t] / M_t^2, N1 the matched treated and tau_hat the ATT:
//   V = (1/N1^2) { sum_t (y_t - mean_{c in t} y_c - tau_hat)^2 + sum_c sigma^2_c (K_c^2 - KK_c) }
// The first term is the spread of the treated units' matched differences (it includes the
// heterogeneity of the effect, so the SE is for the population ATT); the second the extra
// variance from controls used more than once (zero for a control used once).
// sigma^2_c: variance_matches J = 0 (Match's Var.calc = 0, homoskedastic): the constant
//   0.5 * mean over matched pairs (weights 1/M_t) of (y_t - y_c - tau_hat)^2;
// J > 0 (heteroskedastic): the sample variance of y over c and its J nearest controls on the
//   distance (ties at the J-th distance all included: exact ties, or with pooled ties those within
//   the match's tie_tolerance on the squared gap in SDs, as Matching's VarCalcMatchC).
// The score is treated as known: Abadie & Imbens (2016, Econometrica 84(2)) show that for the
// ATT the correction for an estimated score can go either way, so this is not conservative by
// construction.
#include <cstdint>
#include <span>

#include "models/matching/att_effects.hpp"
#include "models/matching/nearest_neighbour.hpp"

namespace harmcast {

// Replaces the standard error, interval and p-value of `effect` (estimate_att on the same
// `match`, a binary/count/continuous outcome `y`) with the Abadie-Imbens ones. `distance` is
// the matching distance per unit (needed when variance_matches > 0). Throws harmcast::Error
// when the match is not with replacement's match sets or has fewer than 2 matched treated.
void apply_abadie_imbens_se(EffectResult& effect, std::span<const double> y,
                            std::span<const std::uint8_t> treat, const MatchResult& match,
                            std::span<const double> distance, const EffectOptions& options);

}  // namespace harmcast
