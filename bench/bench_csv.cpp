// CSV reading speed on a real file: set HARMCAST_CSV_BENCH_FILE to its path (bench/csv_vs_r.sh
// does, and compares with R's read.csv on the same file). Reports rows/s and bytes/s (MB/s).
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "engine/io/csv_reader.hpp"
#include "engine/io/csv_writer.hpp"

namespace {

const char* bench_file() { return std::getenv("HARMCAST_CSV_BENCH_FILE"); }

bool skip_without_file(benchmark::State& state) {
  const char* file = bench_file();
  if (file == nullptr || *file == '\0') {
    state.SkipWithError(
        "HARMCAST_CSV_BENCH_FILE is not set: skipped (set it to a CSV file, or "
        "run bench/csv_vs_r.sh)");
    return true;
  }
  if (!std::filesystem::exists(file)) {
    state.SkipWithError(
        ("HARMCAST_CSV_BENCH_FILE names a missing file: " + std::string(file)).c_str());
    return true;
  }
  return false;
}

// The whole read as a user sees it: load the file, split, infer types, build the table.
void BM_ReadCsv(benchmark::State& state) {
  if (skip_without_file(state)) {
    for (auto _ : state) {
    }
    return;
  }
  const std::filesystem::path path = bench_file();
  std::size_t rows = 0;
  for (auto _ : state) {
    const harmcast::Table table = harmcast::read_csv(path);
    rows = table.rows();
    benchmark::DoNotOptimize(rows);
  }
  const auto bytes = static_cast<std::int64_t>(std::filesystem::file_size(path));
  state.SetBytesProcessed(state.iterations() * bytes);
  state.counters["rows"] = static_cast<double>(rows);
  state.counters["rows_per_s"] =
      benchmark::Counter(static_cast<double>(rows), benchmark::Counter::kIsIterationInvariantRate);
}
// Wall time, plus CPU time of the whole process (all OpenMP threads), which a busy machine
// disturbs less than wall time.
BENCHMARK(BM_ReadCsv)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->MeasureProcessCPUTime()
    ->MinTime(3.0);

// Writing the same table back as CSV text (in memory, so disk speed does not enter).
void BM_WriteCsvText(benchmark::State& state) {
  if (skip_without_file(state)) {
    for (auto _ : state) {
    }
    return;
  }
  const harmcast::Table table = harmcast::read_csv(bench_file());
  std::size_t bytes = 0;
  for (auto _ : state) {
    const std::string text = harmcast::to_csv_text(table);
    bytes = text.size();
    benchmark::DoNotOptimize(bytes);
  }
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(bytes));
  state.counters["rows_per_s"] = benchmark::Counter(static_cast<double>(table.rows()),
                                                    benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_WriteCsvText)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
