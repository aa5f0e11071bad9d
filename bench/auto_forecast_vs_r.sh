#!/usr/bin/env bash
# The cross-family `auto` forecast on the anchor panel against R's auto.arima and ets, in one
# run: harmcast's wall time for the whole panel (2 threads) with its held-out accuracy, and R's
# time per series (one core) for auto.arima + ets on the first N series, with their accuracy on
# those series. Prints the time ratio per series (machines are noisy: compare within one run).
# Usage: bench/auto_forecast_vs_r.sh [SERIES_CSV] [BENCH_BINARY] [N_R_SERIES]
#   SERIES_CSV    default /work/anchor-data/series_1000/series.csv (series_id,month,count)
#   BENCH_BINARY  default build/bench/bench_auto_forecast
#   N_R_SERIES    how many series R fits (default 50; ~3 s per series for both models)
set -euo pipefail
csv=${1:-/work/anchor-data/series_1000/series.csv}
bench=${2:-build/bench/bench_auto_forecast}
n=${3:-50}
[ -f "$csv" ] || { echo "no series file $csv (Rscript ../shared/anchors/gen_series.R DIR 1000)" >&2; exit 1; }
[ -x "$bench" ] || { echo "build $bench first (cmake --build build --target bench_auto_forecast)" >&2; exit 1; }

r_out=$(OMP_NUM_THREADS=1 Rscript - "$csv" "$n" <<'REOF'
suppressPackageStartupMessages(library(forecast))
a <- commandArgs(TRUE); d <- read.csv(a[1]); n <- as.integer(a[2])
Y <- split(d$count, d$series_id)[seq_len(n)]
score <- function(f, y, train) {
  test <- y[97:108]; scale <- mean(abs(diff(train, lag = 12)))
  c(mean(abs(test - f$mean)) / scale, mean(test >= f$lower[, 2] & test <= f$upper[, 2]))
}
t0 <- proc.time()[["elapsed"]]; sa <- NULL; se <- NULL
for (y in Y) {
  train <- ts(y[1:96], frequency = 12)
  sa <- rbind(sa, score(forecast(auto.arima(train), h = 12, level = c(80, 95)), y, train))
  se <- rbind(se, score(forecast(ets(train), h = 12, level = c(80, 95)), y, train))
}
ms <- 1000 * (proc.time()[["elapsed"]] - t0) / length(Y)
cat(ms, colMeans(sa), colMeans(se), "\n")
REOF
)
read -r r_ms r_arima_mase r_arima_cov r_ets_mase r_ets_cov <<<"$r_out"
hc_json=$(HARMCAST_SERIES_CSV="$csv" HARMCAST_THREADS=2 "$bench" \
          --benchmark_filter=BM_AutoForecastPanel --benchmark_format=json 2>/dev/null)
read -r hc_s hc_n hc_mase hc_cov <<<"$(echo "$hc_json" | /usr/bin/python3 -c '
import json, sys
b = json.load(sys.stdin)["benchmarks"][0]
print(b["wall_seconds"], int(b["series"]), round(b["mase"], 4), round(b["cov95"], 4))')"
echo "R auto.arima + ets       : ${r_ms} ms per series, one core (${n} series)"
echo "  auto.arima MASE, cov95 : ${r_arima_mase} ${r_arima_cov}   ets: ${r_ets_mase} ${r_ets_cov} (first ${n} series)"
echo "harmcast auto (2 threads): ${hc_s} s for ${hc_n} series"
echo "  auto MASE, cov95       : ${hc_mase} ${hc_cov} (all ${hc_n} series; R on 200: 0.853 / 0.824)"
/usr/bin/python3 -c "print('ratio R one-core ms per series / harmcast core-ms per series: %.1fx' % (float('$r_ms') / (2000 * float('$hc_s') / float('$hc_n'))))"
