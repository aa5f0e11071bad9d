#pragma once
// Exact Gaussian likelihood of ARIMA models by the Kalman filter (internal to
// models/timeseries).
//
// State space (Harvey 1989, section 3.4; R's stats::arima): for ARMA(p', q') with
// r = max(p', q' + 1), the state a_t in R^r has y_t = a_t[0] and
//   a_{t+1} = T a_t + R e_{t+1},  T[i][0] = phi_{i+1}, T[i][i+1] = 1,  R = (1, theta_1, ...),
// with e ~ N(0, sigma^2). The likelihood is concentrated in sigma^2, so filters run with
// sigma^2 = 1 and return sum v_t^2 / F_t and sum log F_t.
//
// Two filters compute it:
//  * arma_likelihood(): the series already differenced, no missing values. The stationary
//    initial covariance P_1 = sum_k T^k R R' T'^k is built from the ARMA autocovariances
//    (Brockwell & Davis 1991, section 3.3) and the Chandrasekhar recursions (Morf, Sidhu &
//    Kailath 1974; Harvey 1989, section 3.3.4) propagate the rank-one change of P_t in O(r)
//    per step instead of O(r^2) to O(r^3). Used inside the optimiser.
//  * ArimaStateSpace: R's formulation with the differencing inside the state (Durbin & Koopman
//    2012, section 3.4), the d + sD non-stationary states diffuse with variance kappa, and
//    observations whose F_t >= 1e4 left out of the likelihood, as R's ARIMA_Like. Handles
//    missing values and gives the filtered state at the end for forecasting.
// Both give the same likelihood (up to O(1/kappa)) when there are no missing values.
#include <Eigen/Dense>
#include <vector>

namespace harmcast::timeseries::detail {

struct LikelihoodTerms {
  double ssq = 0.0;     // sum of v_t^2 / F_t
  double sumlog = 0.0;  // sum of log F_t
  int n_used = 0;       // observations counted
  bool ok = true;       // false if the initial covariance could not be formed
  // Concentrated objective 0.5 * (log(ssq / n) + sumlog / n), as R's arima minimises.
  double objective() const;
};

// Autocovariances gamma(0..max_lag) and psi weights psi(0..max_lag) of the ARMA process with
// unit innovation variance. Returns false if the AR part is (numerically) non-stationary.
bool arma_autocovariance(const std::vector<double>& phi, const std::vector<double>& theta,
                         int max_lag, std::vector<double>& gamma, std::vector<double>& psi);

// Stationary covariance of the state (r x r, unit innovation variance).
bool stationary_state_covariance(const std::vector<double>& phi, const std::vector<double>& theta,
                                 Eigen::MatrixXd& covariance);

// Reusable buffers so the likelihood loop does not allocate.
struct ArmaWorkspace {
  std::vector<double> gamma, psi, first_column, state, gain, w_vec, tw, phi_padded;
};

LikelihoodTerms arma_likelihood(const double* w, int n, const std::vector<double>& phi,
                                const std::vector<double>& theta, ArmaWorkspace& work);

// Conditional sum of squares (R's ARIMA_CSS): differences x inside, conditions on the first
// n_cond values. Returns ssq / n_used in `ssq` form; residuals if requested (0 before n_cond).
struct CssResult {
  double mean_square = 0.0;
  int n_used = 0;
};
CssResult conditional_sum_of_squares(const std::vector<double>& x, int d, int D, int period,
                                     const std::vector<double>& phi,
                                     const std::vector<double>& theta, int n_cond,
                                     std::vector<double>* residuals);

class ArimaStateSpace {
 public:
  ArimaStateSpace(std::vector<double> phi, std::vector<double> theta, std::vector<double> delta,
                  double kappa);
  // False if the stationary covariance could not be formed (non-stationary AR part).
  bool ok() const { return ok_; }

  // Runs the filter over y from the initial state, leaving the filtered state at the end.
  // `standardised_residuals` (if given) gets v_t / sqrt(F_t), NaN where y_t is missing.
  LikelihoodTerms filter(const std::vector<double>& y, std::vector<double>* standardised_residuals);

  // h-step predictions from the current state: means and variances (unit sigma^2).
  void forecast(int horizon, std::vector<double>& mean, std::vector<double>& variance) const;

  const Eigen::VectorXd& state() const { return a_; }
  const Eigen::MatrixXd& state_covariance() const { return P_; }
  const Eigen::MatrixXd& transition() const { return T_; }
  const Eigen::VectorXd& observation() const { return Z_; }
  const Eigen::VectorXd& disturbance() const { return R_; }

 private:
  bool ok_ = true;
  int r_ = 1, d_ = 0;
  Eigen::MatrixXd T_, P_, Pn_;
  Eigen::VectorXd Z_, R_, a_;
};

}  // namespace harmcast::timeseries::detail
