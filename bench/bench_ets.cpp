// Automatic ETS on the anchor workload: the first 96 months of every series in
// $HARMCAST_SERIES_CSV (series_id,month,count; e.g. /work/anchor-data/series_200/series.csv),
// forecasting the next 12 with 80/95% intervals, as ../shared/anchors/run_forecast.R does with
// forecast::ets. BM_EtsPerSeries times one fit + forecast (one core); BM_EtsAccuracy fits every
// series once and reports the time per series, mean MASE (scaled by the in-sample
// seasonal-naive MAE), sMAPE and 95% coverage on the held-out year; with
// $HARMCAST_ETS_MODELS_OUT it writes the chosen model per series (series_id,model) so
// bench/ets_vs_r.sh can count agreement with R's choices.
#include <benchmark/benchmark.h>

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "bench/anchor_series.hpp"
#include "engine/core/error.hpp"
#include "models/timeseries/benchmarks.hpp"
#include "models/timeseries/ets.hpp"

namespace {

using namespace harmcast::timeseries;

using harmcast::bench::kHorizon;
using harmcast::bench::kTrain;
using harmcast::bench::skip_if_no_data;
using harmcast::bench::training;
using harmcast::bench::Workload;
using harmcast::bench::workload;

void BM_EtsPerSeries(benchmark::State& state) {
  if (skip_if_no_data(state)) return;
  const int n = static_cast<int>(workload().ids.size());
  ForecastRequest request;
  request.horizon = kHorizon;
  int i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(fit_ets(training(i))->forecast(request));
    i = (i + 1) % n;
  }
}
BENCHMARK(BM_EtsPerSeries)->Unit(benchmark::kMillisecond);

void BM_EtsAccuracy(benchmark::State& state) {
  if (skip_if_no_data(state)) return;
  const auto& w = workload();
  const int n = static_cast<int>(w.ids.size());
  ForecastRequest request;
  request.horizon = kHorizon;
  const char* models_out = std::getenv("HARMCAST_ETS_MODELS_OUT");
  for (auto _ : state) {
    std::ofstream models;
    if (models_out) models.open(models_out), models << "series_id,model\n";
    double mase = 0, smape = 0, coverage = 0, seconds = 0;
    int failures = 0;
    for (int i = 0; i < n; ++i) {
      const Series s = training(i);
      Forecast fc;
      const auto start = std::chrono::steady_clock::now();
      try {
        fc = fit_ets(s)->forecast(request);
      } catch (const harmcast::Error&) {
        ++failures;  // as the R anchor: fall back to the seasonal naive
        fc = fit_benchmark(s, {BenchmarkMethod::kSeasonalNaive})->forecast(request);
      }
      seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      if (models_out) models << s.id << ",\"" << fc.model << "\"\n";
      double scale = 0;
      for (int t = 12; t < kTrain; ++t) scale += std::abs(s.values[t] - s.values[t - 12]);
      scale /= kTrain - 12;
      double abs_error = 0, sm = 0, covered = 0;
      const auto& interval = fc.at_level(95);
      for (int h = 0; h < kHorizon; ++h) {
        const double y = w.values[i][kTrain + h], f = fc.mean[h];
        abs_error += std::abs(y - f);
        sm += std::abs(y) + std::abs(f) == 0 ? 0
                                             : 200 * std::abs(y - f) / (std::abs(y) + std::abs(f));
        covered += y >= interval.lower[h] && y <= interval.upper[h];
      }
      mase += abs_error / kHorizon / scale;
      smape += sm / kHorizon;
      coverage += covered / kHorizon;
    }
    state.counters["ms_per_series"] = 1000.0 * seconds / n;
    state.counters["mase"] = mase / n;
    state.counters["smape"] = smape / n;
    state.counters["cov95"] = coverage / n;
    state.counters["failures"] = failures;
    state.counters["series"] = n;
  }
}
BENCHMARK(BM_EtsAccuracy)->Iterations(1)->Unit(benchmark::kSecond);

}  // namespace
