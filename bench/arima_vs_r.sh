#!/usr/bin/env bash
# Times R's forecast::auto.arima and harmcast's auto_arima on the same series, one core each,
# and prints the per-series ratio (machines are noisy: compare within one run).
# Usage: bench/arima_vs_r.sh [SERIES_CSV] [BENCH_BINARY] [N_SERIES]
#   SERIES_CSV    default /work/anchor-data/series_200/series.csv (series_id,month,count)
#   BENCH_BINARY  default build/bench/bench_arima
#   N_SERIES      how many series R fits (default 50; R takes ~2.4 s per series)
set -euo pipefail
csv=${1:-/work/anchor-data/series_200/series.csv}
bench=${2:-build/bench/bench_arima}
n=${3:-50}
[ -f "$csv" ] || { echo "no series file $csv" >&2; exit 1; }
[ -x "$bench" ] || { echo "build $bench first (cmake --build <dir> --target bench_arima)" >&2; exit 1; }

r_ms=$(OMP_NUM_THREADS=1 Rscript - "$csv" "$n" <<'REOF'
suppressPackageStartupMessages(library(forecast))
a <- commandArgs(TRUE); d <- read.csv(a[1]); n <- as.integer(a[2])
Y <- split(d$count, d$series_id)[seq_len(n)]
train <- lapply(Y, function(v) ts(v[1:96], frequency = 12))
t0 <- proc.time()[["elapsed"]]
for (y in train) forecast(auto.arima(y), h = 12, level = c(80, 95))
cat(1000 * (proc.time()[["elapsed"]] - t0) / length(train), "\n")
REOF
)
hc_json=$(HARMCAST_SERIES_CSV="$csv" "$bench" --benchmark_filter=BM_AutoArimaAccuracy \
          --benchmark_format=json 2>/dev/null)
hc_ms=$(echo "$hc_json" | python3 -c 'import json,sys; b=json.load(sys.stdin)["benchmarks"][0]; print(b["ms_per_series"])')
mase=$(echo "$hc_json" | python3 -c 'import json,sys; b=json.load(sys.stdin)["benchmarks"][0]; print(round(b["mase"],4), round(b["cov95"],4))')
echo "R forecast::auto.arima : ${r_ms} ms per series (${n} series)"
echo "harmcast auto_arima    : ${hc_ms} ms per series (all series)"
python3 -c "print('ratio R / harmcast      : %.1fx' % (float('$r_ms') / float('$hc_ms')))"
echo "harmcast mean MASE, 95% coverage: ${mase} (R on 200 series: 0.853, 0.934)"
