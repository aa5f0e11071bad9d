#!/usr/bin/env bash
# Cox (Efron) on the same cohort CSV: survival::coxph (R) and harmcast's fit_cox, model fitting
# only (CSV reading and design building excluded on both sides), in one run; prints the seconds,
# the ratios (wall and CPU), the peak memory of our fit as a multiple of the design (n x p x 8
# bytes, from a second run), and the largest relative differences of coefficients and SEs.
# Usage: bench/cox_vs_r.sh [COHORT_CSV] [BUILD_DIR]
#   defaults: /work/anchor-data/cohort_1m/cohort.csv and build (configure with
#   -DHARMCAST_BUILD_BENCH=ON and build the bench_cox target first).
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
data="${1:-/work/anchor-data/cohort_1m/cohort.csv}"
build="${2:-$here/build}"
bench="$build/bench/bench_cox"
[ -x "$bench" ] || { echo "error: $bench not built (cmake --build $build --target bench_cox)" >&2; exit 1; }
[ -r "$data" ] || { echo "error: cannot read $data (Rscript ../shared/anchors/gen_cohort.R DIR N)" >&2; exit 1; }
work="$(mktemp -d)"
echo "load: $(uptime)"
trap 'rm -rf "$work"' EXIT

Rscript - "$data" "$work/coef_R.csv" > "$work/r.txt" <<'RSCRIPT'
suppressPackageStartupMessages(library(survival))
a <- commandArgs(TRUE)
d <- read.csv(a[1], stringsAsFactors = TRUE)
f <- Surv(days_to_reoffence, reoffence_event) ~ treat + age + sex + age_first_offence +
  prior_offences + prior_custody + ogrs + offence_type + sentence_type + employed +
  accommodation + substance_misuse + mental_health + dv_flag + deprivation_decile + ward
p0 <- proc.time()
fit <- coxph(f, data = d, ties = "efron")
p1 <- proc.time() - p0
sec <- p1[["elapsed"]]
cpu <- p1[["user.self"]] + p1[["sys.self"]]
write.csv(data.frame(term = names(coef(fit)), estimate = coef(fit), std_error = sqrt(diag(vcov(fit)))),
          a[2], row.names = FALSE, quote = FALSE)
cat(sprintf("R_SECONDS %.3f\nR_CPU %.3f\nR_ITER %d\n", sec, cpu, fit$iter))
RSCRIPT

HARMCAST_COHORT_CSV="$data" HARMCAST_COX_COEF_OUT="$work/coef_harmcast.csv" \
  "$bench" --benchmark_filter=CohortFromEnv --benchmark_format=json > "$work/bench.json"
# Peak memory in a second run (measuring it costs page faults, so not in the timed run).
HARMCAST_COHORT_CSV="$data" HARMCAST_BENCH_MEMORY=1 \
  "$bench" --benchmark_filter=CohortFromEnv --benchmark_format=json > "$work/memory.json"

python3 - "$work" <<'PY'
import csv, json, sys
work = sys.argv[1]
r = dict(l.split() for l in open(f"{work}/r.txt") if l.strip())
b = json.load(open(f"{work}/bench.json"))["benchmarks"][0]
mem = json.load(open(f"{work}/memory.json"))["benchmarks"][0]
ours = b["real_time"] / 1000.0  # ms per fit -> s
rsec = float(r["R_SECONDS"])
def load(p):
    return {row["term"]: (float(row["estimate"]), float(row["std_error"])) for row in csv.DictReader(open(p))}
R, H = load(f"{work}/coef_R.csv"), load(f"{work}/coef_harmcast.csv")
dc = max(abs(H[t][0] - R[t][0]) / abs(R[t][0]) for t in R)
ds = max(abs(H[t][1] - R[t][1]) / abs(R[t][1]) for t in R)
print(f"rows {int(b['rows'])}, coefficients {len(R)}, R iterations {r['R_ITER']}, harmcast iterations {int(b['iterations'])}")
print(f"R coxph (Efron)      {rsec:8.3f} s  (CPU {float(r['R_CPU']):.3f} s)")
print(f"harmcast fit_cox     {ours:8.3f} s  per fit (mean of 3), process CPU {b['cpu_time'] / 1000.0:.3f} s")
print(f"ratio R / harmcast   {rsec / ours:8.1f} x wall, {float(r['R_CPU']) / (b['cpu_time'] / 1000.0):.1f} x CPU")
print(f"memory: design {b['design_MB']:.0f} MB (n x p x 8), fit extra peak {mem['fit_extra_MB']:.0f} MB "
      f"= {mem['fit_extra_x_design']:.2f} x design")
print(f"max relative difference vs R: coefficients {dc:.2e}, standard errors {ds:.2e}")
PY
