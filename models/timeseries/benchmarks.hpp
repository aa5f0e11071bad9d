#pragma once
// Benchmark forecasts as R's forecast package (Hyndman & Athanasopoulos, Forecasting:
// Principles and Practice, 3rd ed., section 5.2 and 5.5):
//   mean            y_hat = ybar;                 se_h = s * sqrt(1 + 1/n), t_{n-1} quantiles
//   naive           y_hat = y_n;                  se_h = sigma * sqrt(h)
//   seasonal naive  y_hat = y_{n - m + ((h-1) mod m) + 1};  se_h = sigma * sqrt(floor((h-1)/m)+1)
//   drift           y_hat = y_n + h b, b = mean(diff(y));   se_h^2 = sigma^2 h + (h se(b))^2
// with sigma^2 the mean squared one-step (or one-season) residual (R's `meanf`, `naive`,
// `snaive`, `rwf(drift = TRUE)`; missing values are carried forward by one lag as R's
// `lagwalk` does). Simulated paths add Gaussian noise and, for mean and drift, the
// uncertainty of the estimated level or slope.
#include <memory>
#include <string>
#include <string_view>

#include "models/timeseries/forecast_model.hpp"

namespace harmcast::timeseries {

enum class BenchmarkMethod { kMean, kNaive, kSeasonalNaive, kDrift };

// "mean", "naive", "snaive", "drift" and back (throws harmcast::Error for unknown words).
std::string to_string(BenchmarkMethod method);
BenchmarkMethod benchmark_method_from_string(std::string_view text);

struct BenchmarkOptions {
  BenchmarkMethod method = BenchmarkMethod::kSeasonalNaive;  // which benchmark
  void validate() const {}
};

// Fits a benchmark. Throws harmcast::Error for an unusable series (empty, all missing, fewer
// than 2 observations, or fewer than period + 1 values for the seasonal naive).
std::unique_ptr<ForecastModel> fit_benchmark(const Series& series, const BenchmarkOptions& options);

}  // namespace harmcast::timeseries
