// GLM and negative binomial fitting speed on the anchor cohort (model fitting only: the CSV is
// read and the design matrix built once, outside the timed region; the design matrix build is
// timed separately). The cohort is named by the environment variable HARMCAST_COHORT_CSV, e.g.
//   HARMCAST_COHORT_CSV=/work/anchor-data/cohort_1m/cohort.csv build/bench_glm
// bench/glm_vs_r.sh runs this and R's glm / MASS::glm.nb on the same file and prints ratios.
// Counters: design_MB (n x p x 8) and fit_extra_MB, the peak resident memory of the fits beyond
// what was resident before them (with HARMCAST_BENCH_MEMORY set: bench/peak_memory.hpp), with its
// ratio to the design. With HARMCAST_GLM_COEF_DIR set, each fit writes DIR/<model>.csv
// (term,estimate,std_error).
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <memory>

#include "bench/peak_memory.hpp"
#include "engine/io/csv_reader.hpp"
#include "models/regression/glm.hpp"
#include "models/regression/negbin.hpp"

namespace harmcast {
namespace {

// The anchor's model (shared/anchors/run_glm.R): all covariates + treat, 41 coefficients.
const char* kRhs =
    "treat + age + sex + age_first_offence + prior_offences + prior_custody + ogrs + "
    "offence_type + sentence_type + employed + accommodation + substance_misuse + mental_health + "
    "dv_flag + deprivation_decile + ward";

const Table* cohort() {
  static std::unique_ptr<Table> table = [] {
    const char* path = std::getenv("HARMCAST_COHORT_CSV");
    return path ? std::make_unique<Table>(read_csv(path)) : nullptr;
  }();
  return table.get();
}

const ModelFrame* frame(const std::string& response) {
  static std::map<std::string, std::unique_ptr<ModelFrame>> frames;
  auto& f = frames[response];
  if (!f && cohort())
    f = std::make_unique<ModelFrame>(
        build_model_frame(parse_formula(response + " ~ " + kRhs), *cohort()));
  return f.get();
}

bool skip_without_data(benchmark::State& state) {
  if (cohort()) return false;
  state.SkipWithError("set HARMCAST_COHORT_CSV to a cohort.csv (gen_cohort.R) to run");
  return true;
}

void BM_DesignMatrix(benchmark::State& state) {
  if (skip_without_data(state)) return;
  const Formula f = parse_formula(std::string("reoffended_1y ~ ") + kRhs);
  for (auto _ : state) {
    ModelFrame m = build_model_frame(f, *cohort());
    benchmark::DoNotOptimize(m.x.data());
  }
  state.counters["rows"] = static_cast<double>(cohort()->rows());
}

// Times `fit` (returning a GlmResult) on the frame of `response` and records the counters.
template <class Fit>
void run_fits(benchmark::State& state, const std::string& response, const char* model, Fit fit) {
  if (skip_without_data(state)) return;
  const ModelFrame& m = *frame(response);
  const bench::PeakMemory memory;
  GlmResult result;
  for (auto _ : state) {
    result = GlmResult();  // the previous fit is not counted in the next one's peak
    result = fit(m);
  }
  const double design_mb = static_cast<double>(m.x.size()) * 8 / 1e6;
  state.counters["irls_iterations"] = result.iterations;
  state.counters["design_MB"] = design_mb;
  if (bench::PeakMemory::enabled()) {
    state.counters["fit_extra_MB"] = memory.extra_mb();
    state.counters["fit_extra_x_design"] = memory.extra_mb() / design_mb;
  }
  if (const char* dir = std::getenv("HARMCAST_GLM_COEF_DIR")) {
    std::ofstream out(std::string(dir) + "/" + model + ".csv");
    out << "term,estimate,std_error\n";
    out.precision(17);
    for (std::size_t j = 0; j < result.names.size(); ++j)
      out << result.names[j] << ',' << result.coefficients(static_cast<Eigen::Index>(j)) << ','
          << result.std_error(static_cast<Eigen::Index>(j)) << '\n';
  }
}

void BM_GlmLogistic(benchmark::State& state) {
  GlmOptions options;
  options.family = GlmFamily::Binomial;
  run_fits(state, "reoffended_1y", "logit",
           [&](const ModelFrame& m) { return fit_glm(m, options); });
}

void BM_GlmPoisson(benchmark::State& state) {
  GlmOptions options;
  options.family = GlmFamily::Poisson;
  run_fits(state, "n_reoffences", "poisson",
           [&](const ModelFrame& m) { return fit_glm(m, options); });
}

void BM_NegBin(benchmark::State& state) {
  double theta = 0;
  run_fits(state, "n_reoffences", "negbin", [&](const ModelFrame& m) {
    NegBinResult r = fit_negbin(m, NegBinOptions{});
    theta = r.theta;
    return std::move(r.glm);
  });
  state.counters["theta"] = theta;
}

// Wall time is what the R comparison uses; process CPU time (all threads) shows the work done
// when the machine is shared.
BENCHMARK(BM_DesignMatrix)->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK(BM_GlmLogistic)
    ->Unit(benchmark::kMillisecond)
    ->Iterations(3)
    ->MeasureProcessCPUTime()
    ->UseRealTime();
BENCHMARK(BM_GlmPoisson)
    ->Unit(benchmark::kMillisecond)
    ->Iterations(3)
    ->MeasureProcessCPUTime()
    ->UseRealTime();
BENCHMARK(BM_NegBin)
    ->Unit(benchmark::kMillisecond)
    ->Iterations(3)
    ->MeasureProcessCPUTime()
    ->UseRealTime();

}  // namespace
}  // namespace harmcast
