// Cross-family automatic forecasting on the anchor workload: the first 96 months of every series
// in $HARMCAST_SERIES_CSV (series_id,month,count; /work/anchor-data/series_1000/series.csv),
// auto_forecast (rolling-origin choice among auto ARIMA, structural, count, ETS, seasonal naive
// and the combination of the first three),
// forecasting the held-out 12 months with 80/95% intervals. BM_AutoForecastPanel runs the whole
// panel on $HARMCAST_THREADS threads (default 2) and reports the wall time, the mean MASE (scaled
// by the in-sample seasonal-naive MAE), the 95% coverage, how often each family was chosen and
// the seconds spent in each family's whole-series fits (s_fit_*) and origin refits (s_cv_*);
// BM_CandidatesHeldOut reports each family's own held-out MASE and coverage (diagnostics).
// R's figures on this workload (../shared/anchors/RESULTS.md): auto.arima MASE 0.853, coverage
// 0.934; ets 0.824, 0.917. bench/auto_forecast_vs_r.sh runs both in one go.
#include <benchmark/benchmark.h>

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "bench/anchor_series.hpp"
#include "engine/core/error.hpp"
#include "engine/core/parallel.hpp"
#include "models/timeseries/accuracy.hpp"
#include "models/timeseries/auto_forecast.hpp"
#include "models/timeseries/combination.hpp"

namespace {

using namespace harmcast::timeseries;

using harmcast::bench::kHorizon;
using harmcast::bench::kTrain;
using harmcast::bench::skip_if_no_data;
using harmcast::bench::training;
using harmcast::bench::Workload;
using harmcast::bench::workload;

int threads() {
  const char* text = std::getenv("HARMCAST_THREADS");
  return text ? std::atoi(text) : 2;
}

std::vector<double> held_out(int i) {
  const auto& v = workload().values[i];
  return {v.begin() + kTrain, v.begin() + kTrain + kHorizon};
}

ForecastRequest request() {
  ForecastRequest r;
  r.horizon = kHorizon;
  r.levels = {80, 95};
  return r;
}

void BM_AutoForecastPanel(benchmark::State& state) {
  if (skip_if_no_data(state)) return;
  const int n = static_cast<int>(workload().ids.size());
  for (auto _ : state) {
    std::vector<AccuracyMetrics> metrics(n);
    std::vector<std::string> chosen(n);
    std::vector<std::vector<CandidateResult>> candidates(n);
    const auto start = std::chrono::steady_clock::now();
    harmcast::parallel_for(n, threads(), [&](std::size_t i) {
      const Series s = training(static_cast<int>(i));
      try {
        const auto result = auto_forecast(s);
        chosen[i] = result.chosen;
        candidates[i] = result.candidates;
        metrics[i] = forecast_accuracy(s.values, 12, result.model->forecast(request()),
                                       held_out(static_cast<int>(i)));
      } catch (const harmcast::Error&) {
        chosen[i] = "failed";
      }
    });
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    double mase = 0, cov95 = 0, cov80 = 0, smape = 0;
    int scored = 0;
    std::map<std::string, int> counts;
    for (int i = 0; i < n; ++i) {
      ++counts[chosen[i]];
      if (metrics[i].evaluated == 0 || !std::isfinite(metrics[i].mase)) continue;
      mase += metrics[i].mase, smape += metrics[i].smape;
      cov80 += metrics[i].coverage[0], cov95 += metrics[i].coverage[1], ++scored;
    }
    state.counters["wall_seconds"] = seconds;
    state.counters["series"] = n;
    state.counters["mase"] = mase / scored;
    state.counters["smape"] = smape / scored;
    state.counters["cov80"] = cov80 / scored;
    state.counters["cov95"] = cov95 / scored;
    for (const auto& [name, count] : counts) state.counters["chose_" + name] = count;
    // Where the time goes: each family's whole-series fits and its refits at the origins,
    // summed over the series (thread time, so they add up to about threads x wall_seconds).
    for (const auto& series_candidates : candidates)
      for (const auto& c : series_candidates) {
        state.counters["s_fit_" + c.name] += c.fit_seconds;
        state.counters["s_cv_" + c.name] += c.cv_seconds;
      }
  }
}
BENCHMARK(BM_AutoForecastPanel)->Iterations(1)->Unit(benchmark::kSecond)->UseRealTime();

void BM_CandidatesHeldOut(benchmark::State& state) {
  if (skip_if_no_data(state)) return;
  const int n = static_cast<int>(workload().ids.size());
  const auto candidates = default_forecast_candidates();
  for (auto _ : state) {
    for (const auto& candidate : candidates) {
      std::vector<AccuracyMetrics> metrics(n);
      const auto start = std::chrono::steady_clock::now();
      harmcast::parallel_for(n, threads(), [&](std::size_t i) {
        const Series s = training(static_cast<int>(i));
        try {
          metrics[i] = forecast_accuracy(s.values, 12, candidate.fit(s)->forecast(request()),
                                         held_out(static_cast<int>(i)));
        } catch (const harmcast::Error&) {
        }
      });
      const double seconds =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      double mase = 0, cov95 = 0;
      int scored = 0;
      for (const auto& m : metrics)
        if (m.evaluated > 0 && std::isfinite(m.mase))
          mase += m.mase, cov95 += m.coverage[1], ++scored;
      state.counters[candidate.name + "_mase"] = mase / scored;
      state.counters[candidate.name + "_cov95"] = cov95 / scored;
      state.counters[candidate.name + "_failed"] = n - scored;
      state.counters[candidate.name + "_seconds"] = seconds;
    }
  }
}
BENCHMARK(BM_CandidatesHeldOut)->Iterations(1)->Unit(benchmark::kSecond)->UseRealTime();

}  // namespace

// Diagnostics of the choice: per series and candidate, the rolling-origin MASE auto saw and the
// held-out MASE of the candidate's forecast (and the combination's), written to
// $HARMCAST_AUTO_DIAGNOSTICS_OUT (series,candidate,cv_mase,heldout_mase,chosen) for studying
// selection rules offline.
void BM_SelectionDiagnostics(benchmark::State& state) {
  if (skip_if_no_data(state)) return;
  const char* out_path = std::getenv("HARMCAST_AUTO_DIAGNOSTICS_OUT");
  if (out_path == nullptr) {
    state.SkipWithError("set HARMCAST_AUTO_DIAGNOSTICS_OUT to a CSV path");
    return;
  }
  const int n = static_cast<int>(workload().ids.size());
  const auto candidates = default_forecast_candidates();
  for (auto _ : state) {
    std::vector<std::string> rows(n);
    harmcast::parallel_for(n, threads(), [&](std::size_t i) {
      const Series s = training(static_cast<int>(i));
      std::ostringstream out;
      try {
        const auto result = auto_forecast(s);
        std::map<std::string, Forecast> forecasts;
        for (const auto& c : candidates) try {
            forecasts[c.name] = c.fit(s)->forecast(request());
          } catch (const harmcast::Error&) {
          }
        if (forecasts.count("arima") && forecasts.count("structural") && forecasts.count("count"))
          forecasts["combination"] = average_forecasts(
              {forecasts["arima"], forecasts["structural"], forecasts["count"]}, "combination");
        for (const auto& c : result.candidates) {
          const auto f = forecasts.find(c.name);
          const double heldout =
              f == forecasts.end()
                  ? NAN
                  : forecast_accuracy(s.values, 12, f->second, held_out(static_cast<int>(i))).mase;
          out << s.id << "," << c.name << "," << (c.message.empty() ? c.cv.mean_mase : NAN) << ","
              << heldout << "," << (c.name == result.chosen) << "\n";
        }
      } catch (const harmcast::Error&) {
      }
      rows[i] = out.str();
    });
    std::ofstream out(out_path);
    out << "series,candidate,cv_mase,heldout_mase,chosen\n";
    for (const auto& r : rows) out << r;
  }
}
BENCHMARK(BM_SelectionDiagnostics)->Iterations(1)->Unit(benchmark::kSecond)->UseRealTime();
