#pragma once
// Covariate balance before and after matching, as MatchIt 4.5.1's summary(m, un = TRUE)
// (bal1var / qqsum / wvar, estimand ATT, standardize = TRUE).
//
// For covariate x, group weights w (1 before matching; the matching weights after):
//   means        m_g = sum w x / sum w over group g
//   SMD          (m_1 - m_0) / s, s = SD of x among ALL treated units, unweighted (the same s
//                before and after: s.d.denom = "treated"); var = sum (x - m)^2 / (n - 1), or
//                p (1 - p) for a binary (0/1) variable. If s is below sqrt(machine eps) (x
//                constant among the treated), s is the pooled within-group SD as MatchIt's
//                pooled_sd. If |m_1 - m_0| <= sqrt(eps) the SMD is the raw difference.
//   var. ratio   v_1 / v_0 with weighted variances sum w (x - m)^2 / (1 - sum w^2) (w summing to
//                one); not given (NaN) for binary variables.
//   eCDF         weights normalised within group; over the sorted values, the absolute
//                difference of the two weighted empirical CDFs at each distinct value: mean and
//                max. For binary variables both are |m_1 - m_0|.
// Factors are expanded to one indicator per level (see propensity.hpp). |SMD| above the
// threshold (default 0.1) after matching is flagged. Reference: Stuart (2010) Statistical
// Science 25:1-21; Austin (2009) Statistics in Medicine 28:3083.
#include <Eigen/Dense>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace harmcast {

struct BalanceStats {
  double mean_treated = 0, mean_control = 0;
  double smd = 0;          // standardised mean difference (raw difference if near 0)
  double var_ratio = NAN;  // NaN for binary variables
  double ecdf_mean = 0, ecdf_max = 0;
};

struct BalanceRow {
  std::string covariate;
  bool binary = false;
  BalanceStats before, after;
  bool flagged = false;  // |smd after| > threshold
};

struct BalanceOptions {
  double threshold = 0.1;  // |SMD| above this is flagged (Austin 2009)
  void validate() const;
};

struct BalanceTable {
  std::vector<BalanceRow> rows;
  double max_abs_smd_before = 0, max_abs_smd_after = 0;
  std::size_t flagged = 0;  // rows with |SMD after| > threshold
  std::string message;      // e.g. "all 9 covariates within |SMD| 0.1 after matching"
};

// Balance of the columns of `x` (units x covariates, named by `names`) between treat = 1 and
// 0, before matching and with `weights` (0 = not matched) after.
BalanceTable compute_balance(const Eigen::MatrixXd& x, const std::vector<std::string>& names,
                             std::span<const std::uint8_t> treat, std::span<const double> weights,
                             const BalanceOptions& options = {});

// The statistics of one variable with group weights `w` (all 1 for "before").
BalanceStats balance_statistics(std::span<const double> x, std::span<const std::uint8_t> treat,
                                std::span<const double> w, double treated_sd);

// Love-plot data: (covariate, smd_before, smd_after) per row.
struct LovePoint {
  std::string covariate;
  double smd_before = 0, smd_after = 0;
};
std::vector<LovePoint> love_plot_data(const BalanceTable& table);

// The table as text (covariate, means, SMD before/after, variance ratios, eCDF, flags).
std::string format_balance_table(const BalanceTable& table);

}  // namespace harmcast
