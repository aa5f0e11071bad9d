#!/usr/bin/env bash
# Times harmcast's CSV reader (bench/bench_csv.cpp) and R's read.csv on the same file, in one run,
# and prints the ratio.
#
# Usage: bench/csv_vs_r.sh [FILE]
#   FILE defaults to /work/anchor-data/cohort_1m/cohort.csv (the 1,000,000-row, 73 MB anchor
#   cohort). If it is absent it is generated first, from the repository root, with
#   `Rscript ../shared/anchors/gen_cohort.R DIR 1000000` (DIR = the file's folder; ~15 s).
# Environment:
#   HARMCAST_BUILD_DIR  build folder holding bench/bench_csv (default: build-bench in the repo);
#                       configured with -DHARMCAST_BUILD_BENCH=ON and built if missing.
#   R_REPEATS           how many times R reads the file (default 1; the fastest is reported).
# Both tools see the same machine load; on a shared machine run it twice and compare.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
file="${1:-/work/anchor-data/cohort_1m/cohort.csv}"
build="${HARMCAST_BUILD_DIR:-$repo/build-bench}"
repeats="${R_REPEATS:-1}"

if [[ ! -f "$file" ]]; then
  dir="$(dirname "$file")"
  echo "generating $file (1,000,000 rows) with gen_cohort.R ..." >&2
  (cd "$repo" && Rscript ../shared/anchors/gen_cohort.R "$dir" 1000000)
  [[ -f "$file" ]] || { echo "error: $file was not generated (gen_cohort.R writes DIR/cohort.csv)" >&2; exit 1; }
fi

bench="$build/bench/bench_csv"
if [[ ! -x "$bench" ]]; then
  echo "building bench_csv in $build ..." >&2
  cmake -S "$repo" -B "$build" -DHARMCAST_BUILD_BENCH=ON -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$build" --target bench_csv -j2 >/dev/null
fi

bytes=$(stat -c %s "$file")
echo "file: $file ($(awk -v b="$bytes" 'BEGIN { printf "%.1f MB", b / 1e6 }'))"
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"

json="$(mktemp)"
trap 'rm -f "$json"' EXIT
HARMCAST_CSV_BENCH_FILE="$file" "$bench" --benchmark_filter='BM_ReadCsv' \
  --benchmark_format=json --benchmark_out="$json" --benchmark_out_format=json >/dev/null
harmcast_s=$(python3 - "$json" <<'PY'
import json, sys
runs = [b for b in json.load(open(sys.argv[1]))["benchmarks"] if b["name"].startswith("BM_ReadCsv")]
if not runs or "error_message" in runs[0]:
    sys.exit("bench_csv did not run: " + (runs[0].get("error_message", "") if runs else "no result"))
run = runs[0]
scale = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}[run["time_unit"]]
print(f'{run["real_time"] * scale:.4f} {run["iterations"]} {run.get("rows", 0):.0f} '
      f'{run["cpu_time"] * scale:.4f}')
PY
)
read -r h_seconds h_iterations h_rows h_cpu <<<"$harmcast_s"

r_seconds=$(Rscript -e '
  args <- commandArgs(TRUE); f <- args[1]; k <- as.integer(args[2])
  t <- sapply(seq_len(k), function(i) system.time(d <<- read.csv(f, stringsAsFactors = TRUE)))
  best <- which.min(t["elapsed", ])
  cat(sprintf("%.4f %d %.4f", t["elapsed", best], nrow(d), t["user.self", best] + t["sys.self", best]))' \
  "$file" "$repeats")
read -r r_best r_rows r_cpu <<<"$r_seconds"

awk -v h="$h_seconds" -v it="$h_iterations" -v hr="$h_rows" -v hc="$h_cpu" -v r="$r_best" \
    -v rr="$r_rows" -v rc="$r_cpu" -v k="$repeats" -v b="$bytes" 'BEGIN {
  printf "harmcast read_csv : %8.3f s wall, %6.3f s CPU  (mean of %d reads; %d rows; %.0f rows/s; %.0f MB/s)\n", h, hc, it, hr, hr / h, b / 1e6 / h
  printf "R read.csv        : %8.3f s wall, %6.3f s CPU  (best of %d; %d rows; stringsAsFactors = TRUE)\n", r, rc, k, rr
  printf "ratio R / harmcast: %8.1f x wall, %5.1f x CPU\n", r / h, rc / hc
}'
