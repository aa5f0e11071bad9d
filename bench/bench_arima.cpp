// Automatic ARIMA on the anchor workload: the first 96 months of every series in
// $HARMCAST_SERIES_CSV (series_id,month,count; e.g. /work/anchor-data/series_200/series.csv),
// forecasting the next 12 with 80/95% intervals, as ../shared/anchors/run_forecast.R does with
// forecast::auto.arima. Reports the time per series (one core) and, in BM_AutoArimaAccuracy,
// the mean MASE (scaled by the in-sample seasonal-naive MAE) and 95% coverage on the held-out
// year. bench/arima_vs_r.sh runs R on the same series and prints the ratio.
#include <benchmark/benchmark.h>

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "bench/anchor_series.hpp"
#include "engine/core/error.hpp"
#include "models/timeseries/auto_arima.hpp"
#include "models/timeseries/benchmarks.hpp"

namespace {

using namespace harmcast::timeseries;

using harmcast::bench::kHorizon;
using harmcast::bench::kTrain;
using harmcast::bench::skip_if_no_data;
using harmcast::bench::training;
using harmcast::bench::Workload;
using harmcast::bench::workload;

// One auto ARIMA fit + 12-step forecast per iteration, cycling through the series.
void BM_AutoArimaPerSeries(benchmark::State& state) {
  if (skip_if_no_data(state)) return;
  const int n = static_cast<int>(workload().ids.size());
  std::vector<Series> series;
  for (int i = 0; i < n; ++i) series.push_back(training(i));
  ForecastRequest request;
  request.horizon = kHorizon;
  int i = 0;
  for (auto _ : state) {
    try {
      auto model = auto_arima(series[i]);
      benchmark::DoNotOptimize(model->forecast(request));
    } catch (const harmcast::Error&) {
    }
    i = (i + 1) % n;
  }
  state.counters["series"] = n;
}
BENCHMARK(BM_AutoArimaPerSeries)->Unit(benchmark::kMillisecond);

// All series once: time per series, mean MASE and 95% coverage on the held-out year.
void BM_AutoArimaAccuracy(benchmark::State& state) {
  if (skip_if_no_data(state)) return;
  const auto& w = workload();
  const int n = static_cast<int>(w.ids.size());
  ForecastRequest request;
  request.horizon = kHorizon;
  for (auto _ : state) {
    double mase_sum = 0, coverage_sum = 0, seconds = 0;
    int failures = 0;
    for (int i = 0; i < n; ++i) {
      const Series s = training(i);
      Forecast fc;
      const auto start = std::chrono::steady_clock::now();
      try {
        fc = auto_arima(s)->forecast(request);
      } catch (const harmcast::Error&) {
        ++failures;  // as the R anchor: fall back to the seasonal naive
        BenchmarkOptions snaive;
        fc = fit_benchmark(s, snaive)->forecast(request);
      }
      seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      double scale = 0;
      int count = 0;
      for (int t = 12; t < kTrain; ++t)
        if (!std::isnan(s.values[t] - s.values[t - 12]))
          scale += std::abs(s.values[t] - s.values[t - 12]), ++count;
      scale /= count;
      double abs_error = 0, covered = 0;
      const auto& interval = fc.at_level(95);
      for (int h = 0; h < kHorizon; ++h) {
        const double y = w.values[i][kTrain + h];
        abs_error += std::abs(y - fc.mean[h]);
        covered += y >= interval.lower[h] && y <= interval.upper[h];
      }
      mase_sum += abs_error / kHorizon / scale;
      coverage_sum += covered / kHorizon;
    }
    state.counters["ms_per_series"] = 1000.0 * seconds / n;
    state.counters["mase"] = mase_sum / n;
    state.counters["cov95"] = coverage_sum / n;
    state.counters["failures"] = failures;
    state.counters["series"] = n;
  }
}
BENCHMARK(BM_AutoArimaAccuracy)->Iterations(1)->Unit(benchmark::kSecond);

}  // namespace
