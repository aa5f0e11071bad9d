#pragma once
// Parameter maps of ARIMA models (internal to models/timeseries).
//
// Seasonal multiplicative ARMA expands to one polynomial pair (R's ARIMA_transPars):
//   phi(B)   = (1 - sum a_i B^i)(1 - sum A_j B^{js})   -> phi_1..phi_{p+sP}
//   theta(B) = (1 + sum b_i B^i)(1 + sum B_j B^{js})   -> theta_1..theta_{q+sQ}
// The AR parts may be reparametrised as in Jones (1980) (R's transform.pars): each real u_k maps
// to a partial autocorrelation tanh(u_k) in (-1, 1), and the Durbin-Levinson recursion turns
// the partial autocorrelations into AR coefficients, so every u gives a stationary AR part.
#include <complex>
#include <vector>

namespace harmcast::timeseries::detail {

struct ArmaOrder {          // with the period s (1 if non-seasonal)
  int p = 0, d = 0, q = 0;  // non-seasonal
  int P = 0, D = 0, Q = 0;  // seasonal
  int period = 1;           // s
  int n_arma() const { return p + q + P + Q; }
};

struct ArmaPolynomials {
  std::vector<double> phi;    // length p + s P
  std::vector<double> theta;  // length q + s Q
};

// params = (ar_1..p, ma_1..q, sar_1..P, sma_1..Q, ...); `transform` applies the Jones map to
// the AR and seasonal AR blocks first.
ArmaPolynomials expand_arma(const double* params, const ArmaOrder& order, bool transform);

// Jones map u -> AR coefficients (tanh + Durbin-Levinson) and its inverse.
void pacf_to_ar(int p, const double* raw, double* ar);
void ar_to_pacf(int p, const double* ar, double* raw);  // requires a stationary AR part
// Apply / undo the map on the AR and seasonal AR blocks of a full parameter vector.
std::vector<double> transform_ar_blocks(const std::vector<double>& params, const ArmaOrder& order);
std::vector<double> untransform_ar_blocks(const std::vector<double>& params,
                                          const ArmaOrder& order);

// Roots of 1 + c_1 z + ... + c_k z^k (trailing zeros dropped), via companion eigenvalues.
std::vector<std::complex<double>> polynomial_roots(const std::vector<double>& c);
// AR part 1 - sum ar_i z^i has all roots outside the unit circle.
bool ar_is_stationary(const std::vector<double>& ar);
// Reflects MA roots inside the unit circle to 1/root (R's maInvert).
std::vector<double> invert_ma(const std::vector<double>& ma);
// Coefficients of (1-B)^d (1-B^s)^D written as y_t = sum delta_i y_{t-i} + w_t (R's Delta).
std::vector<double> differencing_polynomial(int d, int D, int period);
// Applies (1-B)^d (1-B^s)^D; output has n - d - sD values (NaN propagates).
std::vector<double> difference(const std::vector<double>& x, int d, int D, int period);

}  // namespace harmcast::timeseries::detail
