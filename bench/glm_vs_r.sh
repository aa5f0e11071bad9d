#!/usr/bin/env bash
# Times harmcast's GLM / negative binomial fits and R's glm / MASS::glm.nb on the same cohort file
# in one run, and prints the ratios (R seconds / harmcast seconds), wall and CPU, the peak memory
# of our fits as a multiple of the design matrix (n x p x 8 bytes), and the largest relative
# differences from R of the coefficients and standard errors. Model fitting only on both sides:
# R times formula -> fitted object (the calls of shared/anchors/run_glm.R; CSV reading
# excluded); ours come from bench/bench_glm.cpp (fit from a built design matrix; the
# design-matrix build is reported separately).
# Usage: bench/glm_vs_r.sh [BUILD_DIR] [COHORT_DIR]
#   BUILD_DIR   a build with -DHARMCAST_BUILD_BENCH=ON (default: build)
#   COHORT_DIR  folder with cohort.csv (default /work/anchor-data/cohort_1m; generated with
#               ../shared/anchors/gen_cohort.R DIR 1000000 when absent)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)
bench="$build/bench/bench_glm"
[[ -x "$bench" ]] || bench="$build/bench_glm"
dir=${2:-/work/anchor-data/cohort_1m}
# The anchors sit beside the checkout (../shared) or, from a worktree under /work/wt, two up.
anchors=${HARMCAST_ANCHORS:-}
for candidate in "$root/../shared/anchors" "$root/../../shared/anchors"; do
  [[ -z "$anchors" && -d "$candidate" ]] && anchors=$(cd "$candidate" && pwd)
done
if [[ ! -f "$dir/cohort.csv" ]]; then
  [[ -n "$anchors" ]] || { echo "error: set HARMCAST_ANCHORS to shared/anchors" >&2; exit 1; }
  echo "generating $dir/cohort.csv (1,000,000 rows)"
  Rscript "$anchors/gen_cohort.R" "$dir" 1000000
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
echo "load: $(uptime)"
echo "== harmcast (bench_glm) on $dir/cohort.csv"
HARMCAST_COHORT_CSV="$dir/cohort.csv" HARMCAST_GLM_COEF_DIR="$out" "$bench" \
  --benchmark_format=json --benchmark_out="$out/ours.json" --benchmark_out_format=json >/dev/null
# Peak memory in a second run (measuring it costs page faults, so not in the timed run).
HARMCAST_COHORT_CSV="$dir/cohort.csv" HARMCAST_BENCH_MEMORY=1 "$bench" --benchmark_filter='Glm|NegBin' \
  --benchmark_format=json --benchmark_out="$out/memory.json" --benchmark_out_format=json >/dev/null
echo "== R $(Rscript -e 'cat(as.character(getRversion()))') glm / glm.nb on the same file"
Rscript - "$dir/cohort.csv" "$out" > "$out/r_times.csv" <<'RSCRIPT'
suppressPackageStartupMessages(library(MASS))
a <- commandArgs(TRUE)
d <- read.csv(a[1], stringsAsFactors = TRUE)
rhs <- "treat + age + sex + age_first_offence + prior_offences + prior_custody + ogrs + offence_type +
  sentence_type + employed + accommodation + substance_misuse + mental_health + dv_flag +
  deprivation_decile + ward"
f <- function(lhs) as.formula(paste(lhs, "~", rhs))
fitters <- list(
  logit   = function() glm(f("reoffended_1y"), binomial, d),
  poisson = function() glm(f("n_reoffences"), poisson, d),
  negbin  = function() glm.nb(f("n_reoffences"), d))
cat("model,seconds,cpu\n")
for (m in names(fitters)) {
  p0 <- proc.time(); fit <- fitters[[m]](); p1 <- proc.time() - p0
  write.csv(data.frame(term = names(coef(fit)), estimate = coef(fit), std_error = sqrt(diag(vcov(fit)))),
            file.path(a[2], paste0("R_", m, ".csv")), row.names = FALSE, quote = FALSE)
  cat(sprintf("%s,%.3f,%.3f\n", m, p1[["elapsed"]], p1[["user.self"]] + p1[["sys.self"]]))
  rm(fit); invisible(gc())
}
RSCRIPT
echo "load: $(uptime)"
python3 - "$out" <<'PY'
import csv, json, sys
out = sys.argv[1]
ours = {b["name"].split("/")[0]: b for b in json.load(open(f"{out}/ours.json"))["benchmarks"]}
memory = {b["name"].split("/")[0]: b for b in json.load(open(f"{out}/memory.json"))["benchmarks"]}
r = {row["model"]: row for row in csv.DictReader(open(f"{out}/r_times.csv"))}
def load(p):
    return {row["term"]: (float(row["estimate"]), float(row["std_error"])) for row in csv.DictReader(open(p))}
pairs = [("logit", "BM_GlmLogistic"), ("poisson", "BM_GlmPoisson"), ("negbin", "BM_NegBin")]
print(f"{'model':8s} {'R s':>7s} {'R CPU':>7s} {'ours s':>7s} {'our CPU':>8s} {'wall x':>7s} {'CPU x':>6s}"
      f" {'peak/design':>11s} {'max rel diff coef / SE':>23s}")
for model, bench in pairs:
    b = ours[bench]
    wall, cpu = b["real_time"] / 1000.0, b["cpu_time"] / 1000.0
    rs, rc = float(r[model]["seconds"]), float(r[model]["cpu"])
    R, H = load(f"{out}/R_{model}.csv"), load(f"{out}/{model}.csv")
    dc = max(abs(H[t][0] - R[t][0]) / abs(R[t][0]) for t in R)
    ds = max(abs(H[t][1] - R[t][1]) / abs(R[t][1]) for t in R)
    print(f"{model:8s} {rs:7.2f} {rc:7.2f} {wall:7.3f} {cpu:8.3f} {rs / wall:6.1f}x {rc / cpu:5.1f}x"
          f" {memory[bench]['fit_extra_x_design']:10.2f}x {dc:11.1e} / {ds:.1e}")
d = ours["BM_DesignMatrix"]
print(f"our times per fit (mean of 3; CPU = all threads); design {ours['BM_GlmLogistic']['design_MB']:.0f} MB"
      f" (n x p x 8); design matrix build (not in the ratios): {d['real_time'] / 1000.0:.3f} s")
PY
