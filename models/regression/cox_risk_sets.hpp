#pragma once
// Internal to the Cox fit (models/regression/cox_*.cpp): the data sorted into risk sets and the
// partial-likelihood evaluation. Not a public interface.
//
// Rows are sorted by stratum, then time; a "time group" is a run of rows with equal (stratum,
// time). For an event group g with d deaths, death-weight sum W_g, Efron steps k = 0..d-1 use
//   D_k = D_out + c_k D_dead,  A_k = A_out + c_k A_dead,  c_k = (k+1)/d   (Breslow: d = 1, c = 1)
// where D_out, A_out are sum r_j and sum r_j x_j over the risk set minus the deaths, and
// D_dead, A_dead over the deaths (r_j = w_j exp(eta_j)). With h1 = sum_k (W_g/d)/D_k and
// h2 = sum_k (W_g/d) c_k/D_k, every row j carries the cumulative weight H_j (sum of h1 over
// earlier event groups, plus h1 or h2 at its own time when censored or dead), so that
//   score       U = X'(w.delta - r.H)
//   information I = X' diag(r.H) X - sum_g [s0 A_out A_out' + s1 (A_out A_dead' + A_dead A_out')
//                                          + s2 A_dead A_dead'],   s_m = sum_k (W_g/d) c_k^m/D_k^2
// which is coxph's coxfit6 recursion reordered: one O(n p^2) weighted cross-product (blocked,
// parallel) instead of a running p x p sum per row.
#include <Eigen/Dense>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "models/regression/slot_rows.hpp"

namespace harmcast::cox_detail {

using slot_detail::RowMatrix;
using slot_detail::weighted_crossprod_lower;
using slot_detail::weighted_crossprod_slots;

// The covariates are held in slots (slot_rows.hpp): the dense columns (values other than 0/1,
// centred and scaled) then the 0/1 columns (factor dummies, flags: coxph leaves them uncentred).
// Interfaces taking or returning per-column vectors and matrices use the active column order
// (active_of_slot maps a slot to it).
struct SortedCoxData : slot_detail::SlotRows {
  std::vector<Eigen::Index> active_of_slot;  // q: slot -> active column
  Eigen::VectorXd time, weight;              // sorted
  std::vector<unsigned char> event;          // sorted, 0/1
  std::vector<int> stratum;                  // sorted, consecutive ids 0..S-1
  std::vector<std::size_t> order;            // sorted position -> input row
  std::vector<std::size_t> group_begin;      // time groups: [group_begin[g], group_begin[g+1])
  std::vector<int> group_deaths;             // number of deaths in each time group
  bool efron = true;
  int threads = 0;
  std::size_t rows() const { return static_cast<std::size_t>(time.size()); }
  std::size_t cols() const { return active_of_slot.size(); }
  std::size_t groups() const { return group_deaths.size(); }
};

// The covariate columns of a fit: constant ones are aliased up front; the others are centred
// and scaled as coxfit6 does, except columns of -1/0/1 values (coxph's nocenter default).
struct CoxColumns {
  std::vector<Eigen::Index> active;  // input columns fitted
  std::vector<bool> constant;        // per input column
  Eigen::VectorXd means, scale;      // per active column
};

// Classifies the columns of X (weights in input row order) and fills data.dense, data.ones*,
// data.active_of_slot in the sorted order data.order (cox_design.cpp).
CoxColumns fill_cox_covariates(const Eigen::MatrixXd& X, const Eigen::VectorXd& input_weight,
                               int threads, SortedCoxData& data);

// Per-evaluation scratch and results, reused across Newton-Raphson iterations.
struct CoxWorkspace {
  Eigen::VectorXd eta, risk;  // n: linear predictor, w exp(eta)
  // Per event group e (groups with deaths, in sorted order):
  std::vector<std::size_t> event_group;  // index of the time group
  Eigen::VectorXd d_out, d_dead, dead_weight;
  Eigen::VectorXd h1, h2, s0, s1, s2;
  Eigen::MatrixXd a_out, a_dead;  // q x E
  Eigen::VectorXd cum_weight;     // n: H_j
};

// Sets eta, risk and the per-event-group denominators; returns the log partial likelihood
// (may be -inf or NaN when exp overflows; the caller treats that as a failed step).
double cox_loglik(const SortedCoxData& data, const Eigen::VectorXd& beta, CoxWorkspace& work);

// After cox_loglik at the same beta: score vector and information matrix (q x q, full).
void cox_derivatives(const SortedCoxData& data, CoxWorkspace& work, Eigen::VectorXd& score,
                     Eigen::MatrixXd& information);

// After cox_loglik and cox_derivatives at the same beta: S'S where S has one row per cluster
// holding the sum of w_i x (score residual of row i) (coxph's residuals(type = "score",
// weighted = TRUE, collapse = cluster)); cluster_of_sorted_row < 0 means every row its own
// cluster. Also returns the column sums of S in total.
Eigen::MatrixXd cox_score_residual_crossprod(const SortedCoxData& data, const CoxWorkspace& work,
                                             const std::vector<int>& cluster_of_sorted_row,
                                             int clusters, Eigen::VectorXd& total);

// LDL' factorisation with pivots below toler x max diagonal dropped (as survival's cholesky2):
// the factor keeps L below the diagonal and D on it, a dropped pivot is a 0 on the diagonal.
struct CoxLdl {
  Eigen::MatrixXd factor;
  int rank = 0;
  bool negative = false;  // a pivot below -8 x tolerance: not positive semi-definite
};
CoxLdl ldl_factor(const Eigen::MatrixXd& matrix, double toler);
Eigen::VectorXd ldl_solve(const CoxLdl& ldl, const Eigen::VectorXd& rhs);  // dropped -> 0
Eigen::MatrixXd ldl_inverse(const CoxLdl& ldl);  // generalised inverse, dropped rows/cols 0

// Harrell's concordance on the sorted data with risk score eta (higher risk, earlier event),
// with the infinitesimal-jackknife variance (clustered if cluster_of_sorted_row has ids >= 0).
struct ConcordanceCounts {
  double concordant = 0, discordant = 0, tied_risk = 0, tied_time = 0, tied_both = 0;
  double concordance = 0, variance = 0;
};
ConcordanceCounts cox_concordance(const SortedCoxData& data, const Eigen::VectorXd& eta,
                                  const std::vector<int>& cluster_of_sorted_row, int clusters);

}  // namespace harmcast::cox_detail
