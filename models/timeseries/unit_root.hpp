#pragma once
// Unit-root tests and seasonal strength used by auto_arima to choose d and D, as
// forecast::ndiffs / nsdiffs (forecast 8.20 defaults).
//
// KPSS (Kwiatkowski, Phillips, Schmidt & Shin 1992), level stationarity, as urca::ur.kpss with
// use.lag = trunc(3 sqrt(n) / 13) (Hobijn et al. 1998):
//   e_t = y_t - ybar,  S_t = sum_{i<=t} e_i,
//   eta = n^-2 sum S_t^2 / s^2(l),  s^2(l) = n^-1 sum e_t^2 + 2 n^-1 sum_{k=1}^{l} (1 - k/(l+1))
//         sum_{t>k} e_t e_{t-k}.
// p-value by linear interpolation in the table 0.347 (10%), 0.463 (5%), 0.574 (2.5%), 0.739
// (1%), clamped at the ends. ndiffs differences while p < alpha (at most max_d times).
//
// Seasonal strength (Wang, Smith & Hyndman 2006; forecast's seas.heuristic):
//   F_s = max(0, 1 - Var(R) / Var(S + R)) from an STL decomposition (Cleveland et al. 1990,
//   stats::stl with s.window = 11, the first window of forecast::mstl). nsdiffs takes D = 1
//   when F_s > 0.64.
#include <vector>

namespace harmcast::timeseries {

// KPSS level-stationarity statistic (missing values dropped). Needs >= 2 values.
double kpss_statistic(const std::vector<double>& y, int lags);
double kpss_p_value(double statistic);  // in [0.01, 0.10]

struct NdiffsOptions {
  double alpha = 0.05;  // test level, clamped to [0.01, 0.10] as R does
  int max_d = 2;        // most differences to take
};
int ndiffs(const std::vector<double>& y, const NdiffsOptions& options = {});

struct StlOptions {
  int s_window = 11;  // seasonal smoother span (odd); 11 = forecast::mstl's first window
  int inner = 2;      // inner loop passes (non-robust fit)
};
struct StlDecomposition {
  std::vector<double> seasonal, trend, remainder;
};
// STL of a series with no missing values and at least 2 full periods (period >= 2);
// throws harmcast::Error otherwise.
StlDecomposition stl(const std::vector<double>& y, int period, const StlOptions& options = {});

// Seasonal strength F_s in [0, 1] (missing values interpolated linearly first).
double seasonal_strength(const std::vector<double>& y, int period);

struct NsdiffsOptions {
  double threshold = 0.64;  // seasonal strength above which to difference
  int max_D = 1;
};
int nsdiffs(const std::vector<double>& y, int period, const NsdiffsOptions& options = {});

// forecast::is.constant: all values equal within all.equal's tolerance (1.5e-8 relative).
bool is_constant(const std::vector<double>& y);

}  // namespace harmcast::timeseries
