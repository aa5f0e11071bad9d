// Propensity-score matching on the anchor cohort (HARMCAST_COHORT_CSV, from
// ../shared/anchors/gen_cohort.R): the logistic score of the 15 covariates plus 1:1
// nearest-neighbour matching without replacement with caliper 0.2 (MatchIt's classic matcher's
// algorithm), CSV reading excluded. Skips with a message when the variable is unset.
// With HARMCAST_MATCH_PAIRS_OUT set, the first run writes the matched pairs as
// "treated_id,control_id" (the cohort's id column) for bench/matching_vs_r.sh (see write_pairs
// for HARMCAST_MATCH_R_SCORES).
#include <benchmark/benchmark.h>
#include <sys/resource.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#include "engine/io/atomic_file.hpp"
#include "engine/io/csv_reader.hpp"
#include "models/matching/nearest_neighbour.hpp"
#include "models/matching/propensity.hpp"

namespace {

constexpr const char* kFormula =
    "treat ~ age + sex + age_first_offence + prior_offences + prior_custody + ogrs + "
    "offence_type + sentence_type + employed + accommodation + substance_misuse + "
    "mental_health + dv_flag + deprivation_decile + ward";

const harmcast::Table* cohort() {
  static std::unique_ptr<harmcast::Table> table = [] {
    const char* path = std::getenv("HARMCAST_COHORT_CSV");
    if (!path) return std::unique_ptr<harmcast::Table>();
    return std::make_unique<harmcast::Table>(harmcast::read_csv(path));
  }();
  return table.get();
}

std::string pairs_text(const harmcast::MatchingData& data, const harmcast::MatchResult& m) {
  const harmcast::Column& id = cohort()->column("id");
  std::string text = "treated_id,control_id\n";
  for (auto [t, c] : harmcast::matched_pairs(m))
    text += id.text(data.table_rows[t]) + "," + id.text(data.table_rows[c]) + "\n";
  return text;
}

// The pairs of the first run; with HARMCAST_MATCH_R_SCORES (a CSV with R's glm scores, column
// `distance`, one row per cohort row) also the pairs our matcher gives on R's scores, to
// HARMCAST_MATCH_R_PAIRS_OUT: the matcher equals MatchIt's classic one given the scores
// (tests/matching), so equal pair sets mean our scores give the classic matcher's pairs.
void write_pairs(const harmcast::MatchingData& data, const harmcast::MatchResult& m,
                 const harmcast::NearestOptions& options) {
  const char* out = std::getenv("HARMCAST_MATCH_PAIRS_OUT");
  static bool written = false;
  if (!out || written) return;
  written = true;
  harmcast::write_file_atomically(out, pairs_text(data, m));
  const char* r_scores = std::getenv("HARMCAST_MATCH_R_SCORES");
  const char* r_out = std::getenv("HARMCAST_MATCH_R_PAIRS_OUT");
  if (!r_scores || !r_out) return;
  const std::vector<double> all = harmcast::read_csv(r_scores).column("distance").to_doubles();
  std::vector<double> distance(data.table_rows.size());
  for (std::size_t i = 0; i < distance.size(); ++i) distance[i] = all[data.table_rows[i]];
  harmcast::write_file_atomically(
      r_out, pairs_text(data, harmcast::match_nearest(distance, data.treat, options)));
}

// CPU seconds of the whole process (every thread, user + system): on a shared machine the wall
// time mostly measures the other jobs, so the scripts report this too.
double process_cpu_seconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  auto sec = [](const timeval& t) { return static_cast<double>(t.tv_sec) + 1e-6 * t.tv_usec; };
  return sec(u.ru_utime) + sec(u.ru_stime);
}

// Score + matching as `harmcast evaluate` runs them (balance and effects excluded, as MatchIt's
// matchit() timing excludes summary()).
void score_and_match(benchmark::State& state, const harmcast::PropensityOptions& propensity) {
  if (!cohort()) {
    state.SkipWithError("set HARMCAST_COHORT_CSV to a cohort.csv from gen_cohort.R");
    return;
  }
  harmcast::NearestOptions options;
  options.caliper = 0.2;
  std::size_t matched = 0;
  const double cpu_start = process_cpu_seconds();
  for (auto _ : state) {
    const harmcast::MatchingData data =
        harmcast::prepare_matching_data(kFormula, *cohort(), propensity);
    const harmcast::MatchResult m = harmcast::match_nearest(data.distance, data.treat, options);
    matched = m.n_matched_treated;
    if (propensity.warm_start_rows > 0) write_pairs(data, m, options);
    benchmark::DoNotOptimize(m.weights.data());
  }
  state.counters["matched_treated"] = static_cast<double>(matched);
  state.counters["process_cpu_s"] =
      (process_cpu_seconds() - cpu_start) / static_cast<double>(state.iterations());
}

void BM_ScoreAndMatch(benchmark::State& state) { score_and_match(state, {}); }
BENCHMARK(BM_ScoreAndMatch)->Unit(benchmark::kMillisecond)->Iterations(3)->UseRealTime();

// The same with R's cold IRLS start (no subsample warm start): what the warm start saves.
void BM_ScoreAndMatchColdStart(benchmark::State& state) {
  harmcast::PropensityOptions cold;
  cold.warm_start_rows = 0;
  score_and_match(state, cold);
}
BENCHMARK(BM_ScoreAndMatchColdStart)->Unit(benchmark::kMillisecond)->Iterations(2)->UseRealTime();

void BM_MatchOnly(benchmark::State& state) {
  if (!cohort()) {
    state.SkipWithError("set HARMCAST_COHORT_CSV to a cohort.csv from gen_cohort.R");
    return;
  }
  static const harmcast::MatchingData data =
      harmcast::prepare_matching_data(kFormula, *cohort(), {});
  harmcast::NearestOptions options;
  options.caliper = 0.2;
  const double cpu_start = process_cpu_seconds();
  for (auto _ : state) {
    const harmcast::MatchResult m = harmcast::match_nearest(data.distance, data.treat, options);
    benchmark::DoNotOptimize(m.weights.data());
  }
  state.counters["process_cpu_s"] =
      (process_cpu_seconds() - cpu_start) / static_cast<double>(state.iterations());
}
BENCHMARK(BM_MatchOnly)->Unit(benchmark::kMillisecond)->Iterations(5)->UseRealTime();

}  // namespace
