#pragma once
// Linear Gaussian state space with a univariate observation and the exact diffuse Kalman filter
// and state smoother used by the structural model (internal to models/timeseries).
//
//   y_t = Z_t' alpha_t + eps_t,            eps_t ~ N(0, H)
//   alpha_{t+1} = T alpha_t + eta_t,       eta_t ~ N(0, Q)   (Q diagonal)
//   alpha_1 ~ N(a_1, P_star + kappa P_inf),  kappa -> infinity
// Z_t = z + (regressor values in the regression states), so only Z varies with t.
//
// Filter: the exact initial Kalman filter of Durbin & Koopman (2012, Time Series Analysis by
// State Space Methods, 2nd ed., section 5.2), which carries P_inf and P_star separately until
// P_inf vanishes, and the diffuse log-likelihood (ibid. section 7.2.2)
//   log L = -1/2 sum_t [log 2 pi + w_t],  w_t = log F_inf,t              when F_inf,t > 0,
//                                          w_t = log F_t + v_t^2 / F_t   otherwise,
// missing y_t skipped. This is the likelihood statsmodels' UnobservedComponents maximises with
// use_exact_diffuse=True; R's StructTS instead uses a finite P_1 = 1e6 var(y)/100, which gives
// the same estimates when that prior is wide (Nile) and slightly different ones when not.
//
// Smoother: the fixed-interval state smoother (ibid. section 4.4.4) run on a filter whose
// diffuse part is replaced by a large finite prior kappa P_inf (kappa = 1e7 * scale); the
// smoothed states then agree with the exact diffuse smoother to O(1/kappa).
#include <Eigen/Dense>
#include <vector>

namespace harmcast::timeseries::detail {

struct StateSpace {
  Eigen::MatrixXd T;       // transition (m x m)
  Eigen::VectorXd z;       // fixed part of the observation vector (m)
  Eigen::VectorXd q;       // diagonal of the state disturbance covariance Q (m)
  double h = 0.0;          // observation noise variance H
  Eigen::VectorXd a1;      // initial state mean
  Eigen::MatrixXd p_star;  // proper part of the initial covariance
  Eigen::MatrixXd p_inf;   // diffuse part of the initial covariance
  // Regressors: state index of the first regression coefficient and the columns (x_t).
  int first_regression_state = -1;
  const std::vector<std::vector<double>>* regressors = nullptr;

  int dim() const { return static_cast<int>(T.rows()); }
  // Z_t for observation t (0-based).
  Eigen::VectorXd observation(int t) const;
};

struct FilterOutput {
  double loglik = 0.0;
  int n_observed = 0;              // non-missing observations
  int n_diffuse = 0;               // observations absorbed by the diffuse prior (F_inf > 0)
  bool diffuse_ended = false;      // P_inf vanished by the end of the series
  std::vector<double> prediction;  // Z_t' a_t (one-step prediction), per observation
  std::vector<double> variance;    // F_t (F_star during the diffuse part), per observation
  std::vector<bool> diffuse_step;  // F_inf,t > 0 at observation t
  Eigen::VectorXd a_end;           // a_{n+1}: predicted state after the last observation
  Eigen::MatrixXd p_end;           // P_{n+1} (proper part)
};

// Exact diffuse filter. `y` may hold NaN (missing).
FilterOutput diffuse_filter(const StateSpace& model, const std::vector<double>& y);

struct SmootherOutput {
  std::vector<Eigen::VectorXd> state;     // E[alpha_t | y_1..n]
  std::vector<Eigen::VectorXd> variance;  // diagonal of Var[alpha_t | y_1..n]
};

// Fixed-interval smoother with the diffuse prior approximated by kappa P_inf.
SmootherOutput smooth_states(const StateSpace& model, const std::vector<double>& y, double kappa);

}  // namespace harmcast::timeseries::detail
