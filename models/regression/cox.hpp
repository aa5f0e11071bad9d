#pragma once
// Cox proportional hazards regression, as survival::coxph (survival 3.5-3) fits it.
//
// Model: hazard h_i(t) = h_0s(t) exp(x_i' beta) for subject i in stratum s, h_0s unspecified.
// beta maximises the log partial likelihood (w_i case weights, d_i = 1 for an event)
//   Breslow: l(beta) = sum_events w_i [x_i'beta - log sum_{j in R(t_i)} w_j exp(x_j'beta)]
//   Efron:   for d tied events at t with risk sum D and tied-event risk sum E,
//            -log D is replaced by -(1/d) sum_{k=0}^{d-1} log(D - k/d E) (weights averaged).
// Fitted by Newton-Raphson from beta = 0 with step-halving exactly as coxph.fit (C routine
// coxfit6): convergence when |1 - l_old/l_new| <= eps, at most max_iter iterations; covariates
// are centred and scaled internally (results are reported on the original scale).
// Variances: inverse information (model-based) or the robust sandwich of Lin and Wei (1989),
// D'D with D the dfbeta residuals summed within clusters (coxph's robust = TRUE / cluster()).
// Tests: likelihood ratio, Wald and score (log-rank when there is one binary covariate).
// Concordance: Harrell's C with the infinitesimal-jackknife standard error, as concordance()
// reports it for a coxph fit (survival 3.x), risk ties counted one half, tied event times not
// compared, pairs only within strata.
//
// References: Therneau & Grambsch (2000) Modeling Survival Data, ch. 3; Efron (1977) JASA 72:557;
// Lin & Wei (1989) JASA 84:1074; Therneau, survival package vignette "concordance".
#include <Eigen/Dense>
#include <string>
#include <string_view>
#include <vector>

#include "models/optim/fit_summary.hpp"

namespace harmcast {

enum class CoxTies { Efron, Breslow };
std::string to_string(CoxTies ties);                  // "efron", "breslow"
CoxTies cox_ties_from_string(std::string_view text);  // throws Error on other words

struct CoxOptions {
  // How tied event times enter the partial likelihood; Efron is coxph's default.
  CoxTies ties = CoxTies::Efron;
  // Robust (sandwich) standard errors; switched on automatically when cluster ids are given.
  bool robust = false;
  // Newton-Raphson iterations at most (coxph.control iter.max).
  int max_iter = 20;
  // Convergence: relative change of the log partial likelihood (coxph.control eps).
  double eps = 1e-9;
  // Pivots below toler_chol x the largest diagonal mark an aliased (collinear) column
  // (coxph.control toler.chol = .Machine$double.eps^0.75).
  double toler_chol = 1.8189894035458617e-12;
  // A coefficient is flagged as possibly infinite when its one-step change exceeds eps and
  // toler_inf x |coef| at convergence (coxph.control toler.inf = sqrt(eps)).
  double toler_inf = 3.1622776601683795e-05;
  // Level of the hazard-ratio confidence intervals.
  double conf_level = 0.95;
  // Compute the concordance and its standard error (O(n log n); off saves a little time).
  bool concordance = true;
  // OpenMP threads for the risk-set sums; 0 = the OpenMP default. Results do not depend on it.
  int threads = 0;

  void validate() const;  // throws Error naming the field and the rule broken
};

// Optional per-row inputs to fit_cox; each is empty or has one entry per row.
struct CoxRowData {
  Eigen::VectorXi strata;   // stratum id per row (any integers); baseline hazards differ by stratum
  Eigen::VectorXd weights;  // case weights, > 0 (coxph's weights =)
  Eigen::VectorXi cluster;  // cluster id per row for robust SE (coxph's cluster =)
};

struct CoxTerm {
  std::string name;
  bool aliased = false;        // collinear or constant column: estimate NaN, as R's NA
  double estimate = 0;         // log hazard ratio
  double std_error = 0;        // robust if the fit is robust
  double naive_std_error = 0;  // model-based, from the inverse information
  double z = 0;                // estimate / std_error
  double p_value = 0;          // two-sided normal
  double hazard_ratio = 0;     // exp(estimate)
  double conf_low = 0;         // exp(estimate -/+ z_{1-alpha/2} std_error)
  double conf_high = 0;
};

struct CoxTest {
  double statistic = 0;
  int df = 0;
  double p_value = 1;  // chi-squared upper tail
};

struct CoxConcordance {
  double concordant = 0, discordant = 0, tied_risk = 0, tied_time = 0, tied_both = 0;
  double concordance = 0;  // (concordant + tied_risk/2) / (concordant + discordant + tied_risk)
  double std_error = 0;    // infinitesimal jackknife (clustered when the fit has clusters)
};

struct CoxResult {
  std::vector<CoxTerm> terms;      // one per column of X, in order
  Eigen::VectorXd coefficients;    // NaN where aliased
  Eigen::MatrixXd variance;        // robust if robust, else naive; 0 rows/cols where aliased
  Eigen::MatrixXd naive_variance;  // inverse information
  Eigen::VectorXd score_vector;    // score at the estimate (original scale)
  Eigen::VectorXd means;           // weighted column means used for centring
  double loglik_null = 0;          // log partial likelihood at beta = 0
  double loglik = 0;               // at the estimate
  CoxTest likelihood_ratio, wald, score;
  bool has_robust_score = false;  // robust score test (fits with robust SE)
  CoxTest robust_score;
  CoxConcordance concordance;    // zero if not requested
  std::size_t n = 0;             // rows used
  std::size_t rows_dropped = 0;  // formula fits: rows dropped for missing values
  std::string dropped_detail;    // formula fits: e.g. "age: 12, sex: 3"
  double n_events = 0;           // count of events (unweighted, as coxph's nevent)
  int iterations = 0;
  CoxTies ties = CoxTies::Efron;
  bool robust = false;
  // kConverged (see warnings, e.g. possibly infinite coefficients) or kUsable (ran out of
  // iterations; estimates are the last improving step), as models/optim/fit_summary.hpp.
  FitStatus status = FitStatus::kConverged;
  std::vector<std::string> warnings;  // R's warnings, in words
  std::string message;                // one line: how the fit ended
};

// Fits the Cox model. X: n x p covariates without an intercept column; time >= 0 and finite;
// event 0/1. names: p column names. Throws Error for bad shapes, times, event codes, weights, a
// design with no events. Aliased columns are reported, not thrown.
CoxResult fit_cox(const Eigen::MatrixXd& X, const Eigen::VectorXd& time,
                  const Eigen::VectorXi& event, const std::vector<std::string>& names,
                  const CoxOptions& options, const CoxRowData& rows = {});

// R-like printed summary (summary.coxph layout): coefficient table, exp(coef) table with
// confidence limits, concordance, likelihood-ratio, Wald and score tests.
std::string format_cox_summary(const CoxResult& result, const CoxOptions& options);

}  // namespace harmcast
