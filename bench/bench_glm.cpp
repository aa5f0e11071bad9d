// GLM and negative binomial fitting speed on the anchor cohort (model fitting only: the CSV is
// read and the design matrix built once, outside the timed region; the design matrix build is
// timed separately). The cohort is named by the environment variable HARMCAST_COHORT_CSV, e.g.
//   HARMCAST_COHORT_CSV=/work/anchor-data/cohort_1m/cohort.csv build/bench_glm
// bench/glm_vs_r.sh runs this and R's glm / MASS::glm.nb on the same file and prints ratios.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <map>
#include <memory>

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

void BM_GlmLogistic(benchmark::State& state) {
  if (skip_without_data(state)) return;
  const ModelFrame& m = *frame("reoffended_1y");
  GlmOptions options;
  options.family = GlmFamily::Binomial;
  int iterations = 0;
  for (auto _ : state) iterations = fit_glm(m, options).iterations;
  state.counters["irls_iterations"] = iterations;
}

void BM_GlmPoisson(benchmark::State& state) {
  if (skip_without_data(state)) return;
  const ModelFrame& m = *frame("n_reoffences");
  GlmOptions options;
  options.family = GlmFamily::Poisson;
  int iterations = 0;
  for (auto _ : state) iterations = fit_glm(m, options).iterations;
  state.counters["irls_iterations"] = iterations;
}

void BM_NegBin(benchmark::State& state) {
  if (skip_without_data(state)) return;
  const ModelFrame& m = *frame("n_reoffences");
  double theta = 0;
  for (auto _ : state) theta = fit_negbin(m, NegBinOptions{}).theta;
  state.counters["theta"] = theta;
}

BENCHMARK(BM_DesignMatrix)->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK(BM_GlmLogistic)->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK(BM_GlmPoisson)->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK(BM_NegBin)->Unit(benchmark::kMillisecond)->Iterations(3);

}  // namespace
}  // namespace harmcast
