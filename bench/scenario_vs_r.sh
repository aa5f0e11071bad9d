#!/usr/bin/env bash
# The scenario simulation without model simulation (BM_ScenarioPerSeries: 240 series with known
# rates, 10,000 paths x 36 months, baseline + 3 scenarios with log-normal effects, ramp, coverage
# and decay, Poisson counts on common random numbers, averted per scenario x series x year with
# quantiles) in harmcast and in vectorised base R (runif + qpois, the same design), on the same
# rates, one core each; prints the ratio. Machines are noisy: compare within one run.
# Usage: bench/scenario_vs_r.sh [BENCH_BINARY] [PATHS]
set -euo pipefail
bench=${1:-build/bench/bench_scenario}
paths=${2:-10000}
[ -x "$bench" ] || { echo "build $bench first (cmake --build build --target bench_scenario)" >&2; exit 1; }
rates=$(mktemp --suffix=.csv)
trap 'rm -f "$rates"' EXIT
hc_json=$(OMP_NUM_THREADS=1 HARMCAST_SCENARIO_RATES="$rates" HARMCAST_SCENARIO_PATHS="$paths" \
          "$bench" --benchmark_filter=BM_ScenarioPerSeries --benchmark_format=json 2>/dev/null)
hc_s=$(echo "$hc_json" | python3 -c 'import json,sys; print(json.load(sys.stdin)["benchmarks"][0]["real_time"])')
r_s=$(Rscript - "$rates" "$paths" <<'REOF'
a <- commandArgs(TRUE); rates <- read.csv(a[1])$rate; n <- as.integer(a[2]); h <- 36
set.seed(1)
changes <- c(-0.05, -0.10, -0.15); starts <- c(0, 3, 6)
share <- sapply(1:3, function(s) { t <- 0:(h - 1) - starts[s]
  ramp <- ifelse(t < 0, 0, pmin(1, (t + 1) / 6)); decay <- ifelse(t >= 12, 2^(-(t - 12) / 18), 1)
  ramp * decay })
t0 <- proc.time()[["elapsed"]]
m <- sapply(changes, function(ch) exp(log1p(ch) + 0.05 * rnorm(n)))  # effect per path
sums <- array(0, c(3, 3, n))
for (lam in rates) {
  U <- matrix(runif(n * h), n, h)
  B <- qpois(U, lam)
  for (s in 1:3) {
    M <- 1 + 0.7 * outer(m[, s] - 1, share[, s])
    S <- qpois(U, lam * M)
    for (y in 1:3) {
      cols <- (starts[s] + 12 * (y - 1) + 1):min(h, starts[s] + 12 * y)
      if (cols[1] <= h) sums[s, y, ] <- sums[s, y, ] + rowSums(B[, cols, drop = FALSE] - S[, cols, drop = FALSE])
    }
  }
}
q <- apply(sums, c(1, 2), quantile, c(0.025, 0.975))
cat(proc.time()[["elapsed"]] - t0, "\n")
REOF
)
echo "R (runif + qpois, vectorised): ${r_s} s"
echo "harmcast simulate_scenarios  : ${hc_s} s (one thread)"
python3 -c "print('ratio R / harmcast            : %.1fx' % (float('$r_s') / float('$hc_s')))"
