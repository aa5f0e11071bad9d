#!/usr/bin/env bash
# Times R's forecast::ets and harmcast's fit_ets (automatic, defaults) on the same anchor series,
# one core each, prints the per-series ratio (wall clock, and CPU time, which a loaded machine
# inflates less), both accuracies and how often the chosen model is the same (machines are
# noisy: compare within one run).
# Usage: bench/ets_vs_r.sh [SERIES_CSV] [BENCH_BINARY] [N_SERIES]
#   SERIES_CSV    default /work/anchor-data/series_200/series.csv (series_id,month,count)
#   BENCH_BINARY  default build/bench/bench_ets
#   N_SERIES      how many series R fits (default 50; R takes ~0.6 s per series)
set -euo pipefail
csv=${1:-/work/anchor-data/series_200/series.csv}
bench=${2:-build/bench/bench_ets}
n=${3:-50}
[ -f "$csv" ] || { echo "no series file $csv" >&2; exit 1; }
[ -x "$bench" ] || { echo "build $bench first (cmake --build build --target bench_ets)" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

r_out=$(OMP_NUM_THREADS=1 Rscript - "$csv" "$n" "$tmp/r_models.csv" <<'REOF'
suppressPackageStartupMessages(library(forecast))
a <- commandArgs(TRUE); d <- read.csv(a[1]); n <- as.integer(a[2])
Y <- split(d$count, d$series_id)[seq_len(n)]
train <- lapply(Y, function(v) ts(v[1:96], frequency = 12))
t0 <- proc.time()
fits <- lapply(train, function(y) forecast(ets(y), h = 12, level = c(80, 95)))
t <- proc.time() - t0
ms <- 1000 * t[["elapsed"]] / length(train)
cpu_ms <- 1000 * (t[["user.self"]] + t[["sys.self"]]) / length(train)
write.csv(data.frame(series_id = names(fits), model = sapply(fits, function(f) f$method)), a[3],
          row.names = FALSE)
cat(ms, cpu_ms, "\n")
REOF
)
hc_json=$(HARMCAST_SERIES_CSV="$csv" HARMCAST_ETS_MODELS_OUT="$tmp/hc_models.csv" OMP_NUM_THREADS=1 \
          "$bench" --benchmark_filter=BM_EtsAccuracy --benchmark_format=json 2>/dev/null)
python3 - $r_out "$tmp/r_models.csv" "$tmp/hc_models.csv" "$n" "$hc_json" <<'PYEOF'
import csv, json, sys
r_ms, r_cpu_ms = float(sys.argv[1]), float(sys.argv[2])
r_csv, hc_csv, n, hc = sys.argv[3], sys.argv[4], int(sys.argv[5]), json.loads(sys.argv[6])
b = hc["benchmarks"][0]
unit = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}[b["time_unit"]]
hc_cpu_ms = 1000 * b["cpu_time"] * unit / b["series"]  # BM_EtsAccuracy runs once
r = {row["series_id"]: row["model"] for row in csv.DictReader(open(r_csv))}
h = {row["series_id"]: row["model"] for row in csv.DictReader(open(hc_csv))}
same = sum(1 for k in r if h.get(k) == r[k])
print(f"R forecast::ets   : {r_ms:.1f} ms per series ({n} series)")
print(f"harmcast fit_ets  : {b['ms_per_series']:.2f} ms per series ({int(b['series'])} series)")
print(f"ratio R / harmcast: {r_ms / b['ms_per_series']:.1f}x")
print(f"CPU time per series: R {r_cpu_ms:.1f} ms, harmcast {hc_cpu_ms:.2f} ms, ratio "
      f"{r_cpu_ms / hc_cpu_ms:.1f}x (the figure to trust on a loaded machine)")
print(f"same model as R   : {same} of {len(r)} series")
print(f"harmcast mean MASE {b['mase']:.4f}, sMAPE {b['smape']:.2f}, 95% coverage {b['cov95']:.4f} "
      f"(R's ets on 200 series: 0.824, 26.2, 0.917)")
PYEOF
