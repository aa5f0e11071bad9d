// Cox (Efron) fitting speed. Model fitting only: the design is built before timing.
//   Cohort5k: tests/data/survival/cohort_5k.csv (always runs).
//   CohortFromEnv: the CSV named by HARMCAST_COHORT_CSV (e.g. the 1,000,000-row anchor cohort,
//   /work/anchor-data/cohort_1m/cohort.csv); skipped with a message when unset.
// Counters: rows, design_MB, fit_extra_MB (peak resident memory during the fits minus resident
// memory before them, with HARMCAST_BENCH_MEMORY set: bench/peak_memory.hpp) and its ratio to the
// design. If HARMCAST_COX_COEF_OUT is set, the coefficients of the env fit are written there
// (term,estimate,std_error) for bench/cox_vs_r.sh.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>

#include "bench/peak_memory.hpp"
#include "models/regression/cox.hpp"
#include "tests/regression/test_cox_data.hpp"

namespace {

void run_fits(benchmark::State& state, const harmcast::testing::CohortDesign& d,
              const char* coef_out) {
  harmcast::CoxOptions options;
  const harmcast::bench::PeakMemory memory;
  harmcast::CoxResult fit;
  for (auto _ : state) {
    fit = harmcast::fit_cox(d.x, d.time, d.event, d.names, options);
    benchmark::DoNotOptimize(fit.loglik);
  }
  const double design_mb = static_cast<double>(d.x.size()) * 8 / 1e6;
  state.counters["rows"] = static_cast<double>(d.x.rows());
  state.counters["iterations"] = fit.iterations;
  state.counters["design_MB"] = design_mb;
  if (harmcast::bench::PeakMemory::enabled()) {
    state.counters["fit_extra_MB"] = memory.extra_mb();
    state.counters["fit_extra_x_design"] = memory.extra_mb() / design_mb;
  }
  if (coef_out != nullptr) {
    std::ofstream out(coef_out);
    out << "term,estimate,std_error\n";
    out.precision(17);
    for (const auto& t : fit.terms)
      out << t.name << ',' << t.estimate << ',' << t.std_error << '\n';
  }
}

// The source tree, from this file's path (CMake compiles it by absolute path).
std::string source_dir() {
  const std::string file = __FILE__;
  return file.substr(0, file.rfind("/bench/"));
}

void BM_CoxEfron_Cohort5k(benchmark::State& state) {
  static const auto design =
      harmcast::testing::load_cohort_design(source_dir() + "/tests/data/survival/cohort_5k.csv");
  run_fits(state, design, nullptr);
}

void BM_CoxEfron_CohortFromEnv(benchmark::State& state) {
  const char* path = std::getenv("HARMCAST_COHORT_CSV");
  if (path == nullptr) {
    state.SkipWithError("set HARMCAST_COHORT_CSV to a gen_cohort.R cohort.csv to run this");
    for (auto _ : state) {
    }
    return;
  }
  static std::unique_ptr<harmcast::testing::CohortDesign> design;
  if (!design)
    design = std::make_unique<harmcast::testing::CohortDesign>(
        harmcast::testing::load_cohort_design(path));
  run_fits(state, *design, std::getenv("HARMCAST_COX_COEF_OUT"));
}

}  // namespace

BENCHMARK(BM_CoxEfron_Cohort5k)->Unit(benchmark::kMillisecond);
// Wall time is what the R comparison uses; process CPU time (all threads) shows the work done
// when the machine is shared.
BENCHMARK(BM_CoxEfron_CohortFromEnv)
    ->Unit(benchmark::kMillisecond)
    ->Iterations(3)
    ->MeasureProcessCPUTime()
    ->UseRealTime();
