#include "models/timeseries/kalman_arima.hpp"

#include <cmath>
#include <limits>

namespace harmcast::timeseries::detail {
namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
// R's ARIMA_Like leaves out observations with F_t >= 1e4 (the diffuse start).
constexpr double kDiffuseGain = 1e4;

double theta_at(const std::vector<double>& theta, int k) {  // theta_0 = 1
  if (k == 0) return 1.0;
  return k <= static_cast<int>(theta.size()) ? theta[k - 1] : 0.0;
}
double phi_at(const std::vector<double>& phi, int k) {  // phi[k], 0-based, 0 beyond p
  return k < static_cast<int>(phi.size()) ? phi[k] : 0.0;
}
}  // namespace

double LikelihoodTerms::objective() const {
  if (!ok || n_used <= 0 || !(ssq > 0)) return std::numeric_limits<double>::infinity();
  return 0.5 * (std::log(ssq / n_used) + sumlog / n_used);
}

bool arma_autocovariance(const std::vector<double>& phi, const std::vector<double>& theta,
                         int max_lag, std::vector<double>& gamma, std::vector<double>& psi) {
  const int p = static_cast<int>(phi.size()), q = static_cast<int>(theta.size());
  const int lags = std::max({max_lag, p, q});
  psi.assign(lags + 1, 0.0);
  psi[0] = 1.0;
  for (int j = 1; j <= lags; ++j) {
    double v = theta_at(theta, j);
    for (int i = 1; i <= std::min(j, p); ++i) v += phi[i - 1] * psi[j - i];
    psi[j] = v;
  }
  // c_k = sum_{j=k}^{q} theta_j psi_{j-k} = Cov(MA part at t, y_{t-k}) terms.
  auto c = [&](int k) {
    double v = 0.0;
    for (int j = k; j <= q; ++j) v += theta_at(theta, j) * psi[j - k];
    return v;
  };
  gamma.assign(lags + 1, 0.0);
  if (p == 0) {
    for (int k = 0; k <= std::min(q, lags); ++k) gamma[k] = c(k);
    return true;
  }
  // y = (theta(B) / phi(B)) e, so gamma_y(k) = sum_j g_theta(j) g_phi(k - j), with g_theta the
  // autocovariances of the MA filter and g_phi those of the pure AR process 1/phi(B) (unit
  // noise). g_phi comes from the Durbin-Levinson step-down (Brockwell & Davis 1991, 5.2):
  // partial autocorrelations kappa_k, g_phi(0) = 1 / prod (1 - kappa_k^2), then the step-up
  // recursion; O(p^2), and |kappa_k| >= 1 flags a non-stationary AR part.
  thread_local std::vector<double> coef, next, kappa, g_phi, g_theta;
  thread_local std::vector<std::vector<double>> levels;
  levels.resize(p + 1);
  coef.assign(phi.begin(), phi.end());
  kappa.assign(p + 1, 0.0);
  for (int k = p; k >= 1; --k) {
    levels[k].assign(coef.begin(), coef.begin() + k);  // AR(k) coefficients
    const double a = coef[k - 1];
    if (!(std::abs(a) < 1.0)) return false;
    kappa[k] = a;
    next.resize(k - 1);
    for (int j = 0; j < k - 1; ++j) next[j] = (coef[j] + a * coef[k - 2 - j]) / (1.0 - a * a);
    coef.assign(next.begin(), next.end());
  }
  const int need = lags + q;
  g_phi.assign(need + 1, 0.0);
  double g0 = 1.0;
  for (int k = 1; k <= p; ++k) g0 /= (1.0 - kappa[k] * kappa[k]);
  g_phi[0] = g0;
  for (int k = 1; k <= need; ++k) {
    const int order = std::min(k, p);
    const auto& a = levels[order];
    double v = 0.0;
    for (int j = 1; j <= order; ++j) v += a[j - 1] * g_phi[k - j];
    g_phi[k] = v;
  }
  g_theta.assign(q + 1, 0.0);
  for (int j = 0; j <= q; ++j)
    for (int i = 0; i + j <= q; ++i) g_theta[j] += theta_at(theta, i) * theta_at(theta, i + j);
  for (int k = 0; k <= lags; ++k) {
    double v = g_theta[0] * g_phi[k];
    for (int j = 1; j <= q; ++j) v += g_theta[j] * (g_phi[std::abs(k - j)] + g_phi[k + j]);
    gamma[k] = v;
  }
  for (double v : gamma)
    if (!std::isfinite(v)) return false;
  return gamma[0] > 0.0;
}

namespace {
// First row of the stationary state covariance: P[0][j] = Cov(y_t, a_t[j])
//   = sum_{k=j}^{r-1} phi_k gamma(k - j + 1) + theta_k psi(k - j).
bool first_row(const std::vector<double>& phi, const std::vector<double>& theta, int r,
               std::vector<double>& gamma, std::vector<double>& psi, std::vector<double>& row) {
  if (!arma_autocovariance(phi, theta, r, gamma, psi)) return false;
  row.assign(r, 0.0);
  for (int j = 0; j < r; ++j) {
    double v = 0.0;
    for (int k = j; k < r; ++k)
      v += phi_at(phi, k) * gamma[k - j + 1] + theta_at(theta, k) * psi[k - j];
    row[j] = v;
  }
  row[0] = gamma[0];
  return true;
}
}  // namespace

bool stationary_state_covariance(const std::vector<double>& phi, const std::vector<double>& theta,
                                 Eigen::MatrixXd& P) {
  const int p = static_cast<int>(phi.size()), q = static_cast<int>(theta.size());
  const int r = std::max(p, q + 1);
  std::vector<double> gamma, psi, row;
  if (!first_row(phi, theta, r, gamma, psi, row)) return false;
  P.setZero(r, r);
  for (int j = 0; j < r; ++j) P(0, j) = P(j, 0) = row[j];
  // From P = T P T' + R R': P[i][j] = P[i+1][j+1] + phi_i phi_j P00 + phi_i P[0][j+1]
  //                                   + phi_j P[0][i+1] + R_i R_j  (entries beyond r are 0).
  auto at = [&](int i, int j) { return (i < r && j < r) ? P(i, j) : 0.0; };
  for (int i = r - 1; i >= 1; --i)
    for (int j = r - 1; j >= i; --j) {
      const double v = at(i + 1, j + 1) + phi_at(phi, i) * phi_at(phi, j) * P(0, 0) +
                       phi_at(phi, i) * at(0, j + 1) + phi_at(phi, j) * at(0, i + 1) +
                       theta_at(theta, i) * theta_at(theta, j);
      P(i, j) = P(j, i) = v;
    }
  return true;
}

LikelihoodTerms arma_likelihood(const double* w, int n, const std::vector<double>& phi,
                                const std::vector<double>& theta, ArmaWorkspace& work) {
  LikelihoodTerms out;
  const int p = static_cast<int>(phi.size()), q = static_cast<int>(theta.size());
  const int r = std::max(p, q + 1);
  if (!first_row(phi, theta, r, work.gamma, work.psi, work.first_column)) {
    out.ok = false;
    return out;
  }
  // Buffers of length r + 1 so that x[i + 1] is defined (0) at i = r - 1.
  auto& a = work.state;  // predicted state a_{t|t-1}
  auto& K = work.gain;   // K_t = T P_t Z'
  auto& W = work.w_vec;  // P_{t+1} - P_t = M W W'
  auto& TW = work.tw;
  auto& ph = work.phi_padded;
  a.assign(r + 1, 0.0);
  K.assign(r + 1, 0.0);
  W.assign(r + 1, 0.0);
  TW.assign(r + 1, 0.0);
  ph.assign(r + 1, 0.0);
  for (int i = 0; i < p; ++i) ph[i] = phi[i];
  const auto& P0 = work.first_column;
  for (int i = 0; i < r; ++i) K[i] = ph[i] * P0[0] + (i + 1 < r ? P0[i + 1] : 0.0);
  double F = P0[0];
  for (int i = 0; i < r; ++i) W[i] = K[i];
  double M = -1.0 / F;
  bool steady = false;
  double log_F = 0.0, f_product = 1.0;
  int f_count = 0;
  double* __restrict av = a.data();
  double* __restrict Kv = K.data();
  double* __restrict Wv = W.data();
  double* __restrict TWv = TW.data();
  const double* __restrict phv = ph.data();
  for (int t = 0; t < n; ++t) {
    const double v = w[t] - av[0];
    if (F < kDiffuseGain) {
      out.ssq += v * v / F;
      if (steady) {
        out.sumlog += log_F;
      } else {
        // Multiply F_t (>= 1 and bounded) and take one log per block of 32.
        f_product *= F;
        if (++f_count == 32) out.sumlog += std::log(f_product), f_product = 1.0, f_count = 0;
      }
      ++out.n_used;
    }
    // a_{t+1} = T a_t + K_t v_t / F_t
    const double a0 = av[0], scale = v / F;
    for (int i = 0; i < r; ++i) av[i] = phv[i] * a0 + av[i + 1] + Kv[i] * scale;
    if (steady) continue;
    // Chandrasekhar step: F, K, W, M for t + 1.
    const double zw = Wv[0];
    for (int i = 0; i < r; ++i) TWv[i] = phv[i] * zw + Wv[i + 1];
    const double F_next = F + M * zw * zw;
    const double mzw = M * zw, kscale = zw / F;
    double ww = 0.0;
    for (int i = 0; i < r; ++i) {
      const double k_old = Kv[i];
      Kv[i] = k_old + mzw * TWv[i];
      Wv[i] = TWv[i] - k_old * kscale;
      ww += Wv[i] * Wv[i];
    }
    M = M - mzw * mzw / F_next;
    F = F_next;
    // Once the change M W W' of P_t vanishes the gains stay constant (steady state).
    if (std::abs(M) * ww < 1e-14 * F) {
      steady = true;
      log_F = std::log(F);
    }
  }
  out.sumlog += std::log(f_product);
  return out;
}

CssResult conditional_sum_of_squares(const std::vector<double>& x, int d, int D, int period,
                                     const std::vector<double>& phi,
                                     const std::vector<double>& theta, int n_cond,
                                     std::vector<double>* residuals) {
  const int n = static_cast<int>(x.size());
  thread_local std::vector<double> w;  // scratch per thread (called in the optimiser's loop)
  w = x;
  for (int i = 0; i < d; ++i)
    for (int l = n - 1; l > 0; --l) w[l] -= w[l - 1];
  for (int i = 0; i < D; ++i)
    for (int l = n - 1; l >= period; --l) w[l] -= w[l - period];
  thread_local std::vector<double> local;
  std::vector<double>& resid = residuals ? *residuals : local;
  resid.assign(n, 0.0);
  const int p = static_cast<int>(phi.size()), q = static_cast<int>(theta.size());
  // Seasonal polynomials are sparse: loop over the non-zero lags only.
  thread_local std::vector<int> ar_lag, ma_lag;
  thread_local std::vector<double> ar_coef, ma_coef;
  ar_lag.clear(), ma_lag.clear(), ar_coef.clear(), ma_coef.clear();
  for (int j = 0; j < p; ++j)
    if (phi[j] != 0.0) ar_lag.push_back(j + 1), ar_coef.push_back(phi[j]);
  for (int j = 0; j < q; ++j)
    if (theta[j] != 0.0) ma_lag.push_back(j + 1), ma_coef.push_back(theta[j]);
  const int n_ar = static_cast<int>(ar_lag.size()), n_ma = static_cast<int>(ma_lag.size());
  CssResult out;
  double ssq = 0.0;
  for (int l = n_cond; l < n; ++l) {
    double v = w[l];
    for (int k = 0; k < n_ar; ++k) v -= ar_coef[k] * w[l - ar_lag[k]];
    const int available = l - n_cond;
    for (int k = 0; k < n_ma && ma_lag[k] <= available; ++k) v -= ma_coef[k] * resid[l - ma_lag[k]];
    resid[l] = v;
    if (!std::isnan(v)) {
      ++out.n_used;
      ssq += v * v;
    }
  }
  out.mean_square = out.n_used > 0 ? ssq / out.n_used : kNaN;
  return out;
}

ArimaStateSpace::ArimaStateSpace(std::vector<double> phi, std::vector<double> theta,
                                 std::vector<double> delta, double kappa) {
  const int p = static_cast<int>(phi.size()), q = static_cast<int>(theta.size());
  r_ = std::max(p, q + 1);
  d_ = static_cast<int>(delta.size());
  const int rd = r_ + d_;
  Z_ = Eigen::VectorXd::Zero(rd);
  Z_(0) = 1.0;
  for (int i = 0; i < d_; ++i) Z_(r_ + i) = delta[i];
  T_ = Eigen::MatrixXd::Zero(rd, rd);
  for (int i = 0; i < p; ++i) T_(i, 0) = phi[i];
  for (int i = 0; i + 1 < r_; ++i) T_(i, i + 1) = 1.0;
  if (d_ > 0) {
    T_.row(r_) = Z_.transpose();
    for (int i = 1; i < d_; ++i) T_(r_ + i, r_ + i - 1) = 1.0;
  }
  R_ = Eigen::VectorXd::Zero(rd);
  for (int i = 0; i < r_; ++i) R_(i) = theta_at(theta, i);
  a_ = Eigen::VectorXd::Zero(rd);
  Pn_ = Eigen::MatrixXd::Zero(rd, rd);
  Eigen::MatrixXd P0;
  ok_ = stationary_state_covariance(phi, theta, P0);
  if (ok_) Pn_.topLeftCorner(r_, r_) = P0;
  for (int i = 0; i < d_; ++i) Pn_(r_ + i, r_ + i) = kappa;
  P_ = Pn_;
}

LikelihoodTerms ArimaStateSpace::filter(const std::vector<double>& y,
                                        std::vector<double>* standardised_residuals) {
  LikelihoodTerms out;
  out.ok = ok_;
  const int n = static_cast<int>(y.size());
  const int rd = r_ + d_;
  if (standardised_residuals) standardised_residuals->assign(n, kNaN);
  a_.setZero();
  Eigen::VectorXd anew(rd), M(rd);
  Eigen::MatrixXd Pnew = Pn_, TP(rd, rd);
  const Eigen::MatrixXd V = R_ * R_.transpose();
  for (int l = 0; l < n; ++l) {
    anew.noalias() = T_ * a_;
    if (l > 0) {
      TP.noalias() = T_ * P_;
      Pnew.noalias() = TP * T_.transpose();
      Pnew += V;
    }
    if (!std::isnan(y[l])) {
      const double resid = y[l] - Z_.dot(anew);
      M.noalias() = Pnew * Z_;
      const double gain = Z_.dot(M);
      if (gain < kDiffuseGain) {
        ++out.n_used;
        out.ssq += resid * resid / gain;
        out.sumlog += std::log(gain);
      }
      if (standardised_residuals) (*standardised_residuals)[l] = resid / std::sqrt(gain);
      a_ = anew + M * (resid / gain);
      P_ = Pnew - M * M.transpose() / gain;
    } else {
      a_ = anew;
      P_ = Pnew;
    }
  }
  return out;
}

void ArimaStateSpace::forecast(int horizon, std::vector<double>& mean,
                               std::vector<double>& variance) const {
  mean.resize(horizon);
  variance.resize(horizon);
  Eigen::VectorXd a = a_;
  Eigen::MatrixXd P = P_;
  const Eigen::MatrixXd V = R_ * R_.transpose();
  for (int l = 0; l < horizon; ++l) {
    a = T_ * a;
    mean[l] = Z_.dot(a);
    P = T_ * P * T_.transpose() + V;
    variance[l] = Z_.dot(P * Z_);
  }
}

}  // namespace harmcast::timeseries::detail
