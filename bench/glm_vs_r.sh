#!/usr/bin/env bash
# Times harmcast's GLM / negative binomial fits and R's glm / MASS::glm.nb on the same cohort file
# in one run, and prints the ratios (R seconds / harmcast seconds). Model fitting only on both
# sides: R's times come from shared/anchors/run_glm.R (formula -> fitted object, CSV reading
# excluded); ours from bench/bench_glm.cpp (fit from a built design matrix; the design-matrix
# build is reported separately).
# Usage: bench/glm_vs_r.sh [BUILD_DIR] [COHORT_DIR]
#   BUILD_DIR   a build with -DHARMCAST_BUILD_BENCH=ON (default: build-glm)
#   COHORT_DIR  folder with cohort.csv (default /work/anchor-data/cohort_1m; generated with
#               ../shared/anchors/gen_cohort.R DIR 1000000 when absent)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-$root/build-glm}" && pwd)
bench="$build/bench/bench_glm"
[[ -x "$bench" ]] || bench="$build/bench_glm"
dir=${2:-/work/anchor-data/cohort_1m}
# The anchors sit beside the checkout (../shared) or, from a worktree under /work/wt, two up.
anchors=${HARMCAST_ANCHORS:-}
for candidate in "$root/../shared/anchors" "$root/../../shared/anchors"; do
  [[ -z "$anchors" && -d "$candidate" ]] && anchors=$(cd "$candidate" && pwd)
done
[[ -n "$anchors" ]] || { echo "error: set HARMCAST_ANCHORS to shared/anchors" >&2; exit 1; }
if [[ ! -f "$dir/cohort.csv" ]]; then
  echo "generating $dir/cohort.csv (1,000,000 rows)"
  Rscript "$anchors/gen_cohort.R" "$dir" 1000000
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
echo "== harmcast (bench_glm) on $dir/cohort.csv"
HARMCAST_COHORT_CSV="$dir/cohort.csv" "$bench" --benchmark_format=json \
  --benchmark_out="$out/ours.json" --benchmark_out_format=json >/dev/null
echo "== R $(Rscript -e 'cat(as.character(getRversion()))') glm / glm.nb on the same file"
Rscript "$anchors/run_glm.R" "$dir" "$out/r" logit,poisson,negbin >/dev/null
python3 - "$out/ours.json" "$out/r/glm_metrics.csv" <<'PY'
import csv, json, sys
ours = {b["name"].split("/")[0]: b["real_time"] / 1000.0 for b in json.load(open(sys.argv[1]))["benchmarks"]}
r = {row["model"]: float(row["seconds"]) for row in csv.DictReader(open(sys.argv[2]))}
pairs = [("logit", "BM_GlmLogistic"), ("poisson", "BM_GlmPoisson"), ("negbin", "BM_NegBin")]
print(f"{'model':10s} {'R s':>8s} {'harmcast s':>11s} {'ratio':>7s}")
for model, bench in pairs:
    ours_s = ours[bench]
    print(f"{model:10s} {r[model]:8.2f} {ours_s:11.3f} {r[model] / ours_s:7.1f}x")
print(f"design matrix build (not in the ratios): {ours['BM_DesignMatrix']:.3f} s")
PY
