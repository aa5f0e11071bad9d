#include "models/timeseries/benchmarks.hpp"

#include <fmt/format.h>

#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <limits>

#include "engine/core/error.hpp"

namespace harmcast::timeseries {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

class BenchmarkModel final : public ForecastModel {
 public:
  BenchmarkModel(const Series& series, BenchmarkMethod method) : method_(method) {
    const std::string where = "benchmark " + to_string(method);
    series.validate(where);
    const auto& y = series.values;
    const int n = static_cast<int>(y.size());
    n_ = n;
    int observed = 0;
    for (double v : y) observed += !std::isnan(v);
    if (observed < 2)
      throw Error(where, fmt::format("needs at least 2 observed values, got {}", observed), "");
    if (method == BenchmarkMethod::kMean) {
      fit_mean(y);
    } else {
      lag_ = method == BenchmarkMethod::kSeasonalNaive ? series.period : 1;
      if (n <= lag_)
        throw Error(where,
                    fmt::format("needs more than {} values (one seasonal period), got {}", lag_, n),
                    "use the naive method for short series");
      fit_lagwalk(y, method == BenchmarkMethod::kDrift);
    }
    summary_ = closed_form_summary("closed form");
  }

  std::string description() const override {
    switch (method_) {
      case BenchmarkMethod::kMean:
        return "Mean";
      case BenchmarkMethod::kNaive:
        return "Naive method";
      case BenchmarkMethod::kSeasonalNaive:
        return "Seasonal naive method";
      case BenchmarkMethod::kDrift:
        return "Random walk with drift";
    }
    return "";
  }
  const FitSummary& summary() const override { return summary_; }
  const std::vector<double>& fitted() const override { return fitted_; }
  const std::vector<double>& residuals() const override { return residuals_; }
  int n_parameters() const override {
    return method_ == BenchmarkMethod::kMean || method_ == BenchmarkMethod::kDrift ? 2 : 1;
  }

  Forecast forecast(const ForecastRequest& request) const override {
    request.validate(description());
    const int h = request.horizon;
    std::vector<double> mean(h), se(h);
    if (method_ == BenchmarkMethod::kMean) {
      for (int t = 0; t < h; ++t) mean[t] = level_;
      Forecast out;
      out.model = description();
      out.mean = mean;
      const boost::math::students_t dist(n_ - 1);
      for (double level : request.levels) {
        const double w =
            boost::math::quantile(dist, 0.5 + level / 200) * sd_ * std::sqrt(1.0 + 1.0 / n_);
        PredictionInterval interval{level, std::vector<double>(h), std::vector<double>(h)};
        for (int t = 0; t < h; ++t) {
          interval.lower[t] = level_ - w;
          interval.upper[t] = level_ + w;
        }
        out.intervals.push_back(std::move(interval));
      }
      return out;
    }
    for (int t = 0; t < h; ++t) {
      const int steps = t / lag_ + 1;
      mean[t] = future_[t % lag_] + steps * drift_;
      se[t] = std::sqrt(mse_ * steps + std::pow(steps * drift_se_, 2));
    }
    return gaussian_forecast(description(), std::move(mean), se, request.levels);
  }

  std::vector<std::vector<double>> simulate(int horizon, int n_paths, RandomStream& stream,
                                            const Regressors&) const override {
    check_simulation_size(description(), horizon, n_paths);
    std::vector<std::vector<double>> paths(n_paths, std::vector<double>(horizon));
    for (auto& path : paths) {
      if (method_ == BenchmarkMethod::kMean) {
        const double level = stream.normal(level_, sd_ / std::sqrt(static_cast<double>(n_)));
        for (double& v : path) v = stream.normal(level, sd_);
        continue;
      }
      const double drift = drift_se_ > 0 ? stream.normal(drift_, drift_se_) : drift_;
      const double sigma = std::sqrt(mse_);
      for (int t = 0; t < horizon; ++t) {
        const double base = t < lag_ ? future_[t] : path[t - lag_];
        path[t] = base + drift + stream.normal(0.0, sigma);
      }
    }
    return paths;
  }

 private:
  void fit_mean(const std::vector<double>& y) {
    double sum = 0;
    int count = 0;
    for (double v : y)
      if (!std::isnan(v)) sum += v, ++count;
    level_ = sum / count;
    double ss = 0;
    for (double v : y)
      if (!std::isnan(v)) ss += (v - level_) * (v - level_);
    sd_ = std::sqrt(ss / (count - 1));
    fitted_.assign(y.size(), level_);
    residuals_.resize(y.size());
    for (std::size_t t = 0; t < y.size(); ++t) residuals_[t] = y[t] - level_;
  }

  // R's forecast:::lagwalk: missing values are replaced by the value one lag earlier.
  void fit_lagwalk(const std::vector<double>& y, bool with_drift) {
    const int n = static_cast<int>(y.size());
    std::vector<double> filled = y;
    for (int t = lag_; t < n; ++t)
      if (std::isnan(filled[t])) filled[t] = filled[t - lag_];
    fitted_.assign(n, kNaN);
    for (int t = lag_; t < n; ++t) fitted_[t] = filled[t - lag_];
    if (with_drift) {
      double sum = 0;
      int count = 0;
      for (int t = lag_; t < n; ++t)
        if (!std::isnan(y[t] - fitted_[t])) sum += y[t] - fitted_[t], ++count;
      if (count < 2) throw Error("benchmark drift", "needs at least 2 observed differences", "");
      drift_ = sum / count;
      double ss = 0;
      for (int t = lag_; t < n; ++t)
        if (!std::isnan(y[t] - fitted_[t])) ss += std::pow(y[t] - fitted_[t] - drift_, 2);
      drift_se_ = std::sqrt(ss / (count - 1)) / std::sqrt(static_cast<double>(count));
      for (int t = lag_; t < n; ++t) fitted_[t] += drift_;
    }
    residuals_.resize(n);
    double ss = 0;
    int count = 0;
    for (int t = 0; t < n; ++t) {
      residuals_[t] = y[t] - fitted_[t];
      if (!std::isnan(residuals_[t])) ss += residuals_[t] * residuals_[t], ++count;
    }
    if (count - (drift_ != 0.0) < 1)
      throw Error("benchmark " + to_string(method_), "no residuals to estimate the variance", "");
    mse_ = ss / (count - (drift_ != 0.0 ? 1 : 0));
    future_.assign(filled.end() - lag_, filled.end());
    for (double v : future_)
      if (std::isnan(v))
        throw Error("benchmark " + to_string(method_), "the last season of the series is missing",
                    "");
  }

  BenchmarkMethod method_;
  int n_ = 0;
  int lag_ = 1;
  double level_ = 0, sd_ = 0;                  // mean method
  double drift_ = 0, drift_se_ = 0, mse_ = 0;  // lag walks
  std::vector<double> future_;
  std::vector<double> fitted_, residuals_;
  FitSummary summary_;
};

}  // namespace

std::string to_string(BenchmarkMethod method) {
  switch (method) {
    case BenchmarkMethod::kMean:
      return "mean";
    case BenchmarkMethod::kNaive:
      return "naive";
    case BenchmarkMethod::kSeasonalNaive:
      return "snaive";
    case BenchmarkMethod::kDrift:
      return "drift";
  }
  throw InternalError("to_string(BenchmarkMethod): unknown enumerator");
}

BenchmarkMethod benchmark_method_from_string(std::string_view text) {
  if (text == "mean") return BenchmarkMethod::kMean;
  if (text == "naive") return BenchmarkMethod::kNaive;
  if (text == "snaive") return BenchmarkMethod::kSeasonalNaive;
  if (text == "drift") return BenchmarkMethod::kDrift;
  throw Error("benchmark method", fmt::format("unknown method '{}'", text),
              "use one of mean, naive, snaive, drift");
}

std::unique_ptr<ForecastModel> fit_benchmark(const Series& series,
                                             const BenchmarkOptions& options) {
  options.validate();
  return std::make_unique<BenchmarkModel>(series, options.method);
}

}  // namespace harmcast::timeseries
