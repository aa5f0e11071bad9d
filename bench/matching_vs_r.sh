#!/usr/bin/env bash
# Times harmcast's propensity score + 1:1 nearest-neighbour matching (caliper 0.2, without
# replacement) and MatchIt 4.5.1's matchit() on the same cohort file in one run, prints the
# ratios and whether the matched pairs are identical to MatchIt's classic matcher's.
# MatchIt's shipped path (nn_matchC_vec) ignores the caliper (see ../shared/anchors/RESULTS.md),
# so pairs are compared with the classic matcher (nn_matchC); both are timed.
# CSV reading is excluded on both sides (score estimation + matching only).
# Mode scores (for 1,000,000 rows, where the classic matcher takes ~18 min): R's glm scores are
# written and our matcher (identical to the classic matcher given the scores: tests/matching,
# and the classic/both modes at 200k) is run on them too; the pairs from our scores must equal
# those from R's scores. R's glm fit is timed as the score part of the anchor.
# Prints harmcast's wall and whole-process CPU seconds (on a loaded machine CPU/2 estimates the
# 2-core wall), the cold-start figure (R's IRLS start, no subsample warm start), and `uptime`.
# Usage: bench/matching_vs_r.sh [BUILD_DIR] [COHORT_DIR] [classic|fast|both|scores]
#   BUILD_DIR   a build with -DHARMCAST_BUILD_BENCH=ON (default: build-match)
#   COHORT_DIR  folder with cohort.csv (default /work/anchor-data/cohort_200k; generated with
#               ../shared/anchors/gen_cohort.R when absent). The classic matcher takes ~18 min
#               at 1,000,000 rows; use 200k for the classic comparison.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build-match}
dir=${2:-/work/anchor-data/cohort_200k}
which=${3:-both}
# The anchors folder sits beside the checkout (or beside the worktrees folder).
for anchors in "$root/../shared/anchors" "$root/../../shared/anchors"; do
  [[ -d "$anchors" ]] && break
done
if [[ ! -f "$dir/cohort.csv" ]]; then
  n=$(basename "$dir" | sed -e 's/cohort_//' -e 's/k$/000/' -e 's/m$/000000/')
  echo "generating $dir/cohort.csv ($n rows)"
  Rscript "$anchors/gen_cohort.R" "$dir" "$n"
fi
bin=$build/bench/bench_matching
[[ -x "$bin" ]] || bin=$build/bench_matching
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
cat > "$out/scores.R" <<'RS'
args <- commandArgs(TRUE); d <- read.csv(file.path(args[1], "cohort.csv"), stringsAsFactors = TRUE)
f <- treat ~ age + sex + age_first_offence + prior_offences + prior_custody + ogrs + offence_type +
  sentence_type + employed + accommodation + substance_misuse + mental_health + dv_flag +
  deprivation_decile + ward
t0 <- proc.time()[["elapsed"]]
fit <- glm(f, data = d, family = binomial)
sec <- proc.time()[["elapsed"]] - t0
write.csv(data.frame(id = d$id, distance = sprintf("%.17g", fitted(fit))), args[2],
          row.names = FALSE, quote = FALSE)
cat("glm", sec, fit$iter, "\n")
RS
if [[ "$which" == "scores" ]]; then
  echo "== R $(Rscript -e 'cat(as.character(getRversion()))') glm scores on the same file"
  Rscript "$out/scores.R" "$dir" "$out/r_scores.csv" > "$out/r_glm.txt"
  export HARMCAST_MATCH_R_SCORES="$out/r_scores.csv" HARMCAST_MATCH_R_PAIRS_OUT="$out/r_score_pairs.csv"
fi
echo "== harmcast (bench_matching) on $dir/cohort.csv; load: $(uptime | sed 's/.*load/load/')"
HARMCAST_COHORT_CSV="$dir/cohort.csv" HARMCAST_MATCH_PAIRS_OUT="$out/ours_pairs.csv" \
  "$bin" --benchmark_format=json --benchmark_out="$out/ours.json" \
  --benchmark_out_format=json >/dev/null
cat > "$out/match.R" <<'RS'
suppressPackageStartupMessages(library(MatchIt))
args <- commandArgs(TRUE); d <- read.csv(file.path(args[1], "cohort.csv"), stringsAsFactors = TRUE)
impl <- args[3]
if (impl == "classic") assignInNamespace("nn_matchC_dispatch", function(...) MatchIt:::nn_matchC(...), "MatchIt")
f <- treat ~ age + sex + age_first_offence + prior_offences + prior_custody + ogrs + offence_type +
  sentence_type + employed + accommodation + substance_misuse + mental_health + dv_flag +
  deprivation_decile + ward
t0 <- proc.time()[["elapsed"]]
m <- matchit(f, data = d, method = "nearest", distance = "glm", caliper = 0.2)
sec <- proc.time()[["elapsed"]] - t0
mm <- m$match.matrix; ok <- !is.na(mm[, 1])
tr <- as.integer(rownames(mm)[ok]); co <- as.integer(mm[ok, 1])
write.csv(data.frame(treated_id = d$id[tr], control_id = d$id[co]), args[2], row.names = FALSE, quote = FALSE)
cat(impl, sec, sum(ok), "\n")
RS
impls=(classic fast)
[[ "$which" == "classic" ]] && impls=(classic)
[[ "$which" == "fast" ]] && impls=(fast)
[[ "$which" == "scores" ]] && impls=()
for impl in "${impls[@]}"; do
  echo "== R $(Rscript -e 'cat(as.character(getRversion()))') MatchIt $impl path on the same file"
  Rscript "$out/match.R" "$dir" "$out/r_${impl}_pairs.csv" "$impl" > "$out/r_$impl.txt"
done
echo "== load after: $(uptime | sed 's/.*load/load/')"
python3 - "$out" "${impls[@]}" <<'PY'
import csv, json, sys, os
out = sys.argv[1]
runs = {b["name"].split("/")[0]: b for b in json.load(open(os.path.join(out, "ours.json")))["benchmarks"]}
wall = {k: b["real_time"] / 1000.0 for k, b in runs.items()}
cpu = {k: b.get("process_cpu_s", float("nan")) for k, b in runs.items()}
def pairs(path):
    with open(path) as f:
        return {(r["treated_id"], r["control_id"]) for r in csv.DictReader(f)}
mine = pairs(os.path.join(out, "ours_pairs.csv"))
s = wall["BM_ScoreAndMatch"]
print(f"harmcast: score + matching {s:.3f} s wall, {cpu['BM_ScoreAndMatch']:.3f} s CPU "
      f"(CPU/2 = {cpu['BM_ScoreAndMatch'] / 2:.3f} s); matching alone {wall['BM_MatchOnly']:.3f} s "
      f"wall, {cpu['BM_MatchOnly']:.3f} s CPU; {len(mine)} pairs")
if "BM_ScoreAndMatchColdStart" in wall:
    print(f"harmcast with R's cold IRLS start: {wall['BM_ScoreAndMatchColdStart']:.3f} s wall, "
          f"{cpu['BM_ScoreAndMatchColdStart']:.3f} s CPU (warm start saves "
          f"{cpu['BM_ScoreAndMatchColdStart'] - cpu['BM_ScoreAndMatch']:.3f} s CPU)")
for impl in sys.argv[2:]:
    name, sec, n = open(os.path.join(out, f"r_{impl}.txt")).read().split()
    r = pairs(os.path.join(out, f"r_{impl}_pairs.csv"))
    same = "identical" if r == mine else f"differ ({len(r ^ mine)} pairs in one set only)"
    print(f"MatchIt {impl:8s}: {float(sec):8.2f} s, {int(n)} pairs; ratio {float(sec) / s:7.1f}x wall, "
          f"{float(sec) / (cpu['BM_ScoreAndMatch'] / 2):7.1f}x against CPU/2; pairs {same}")
scores = os.path.join(out, "r_score_pairs.csv")
if os.path.exists(scores):
    name, sec, iters = open(os.path.join(out, "r_glm.txt")).read().split()
    r = pairs(scores)
    same = "identical" if r == mine else f"differ ({len(r ^ mine)} pairs in one set only)"
    print(f"R glm scores: {float(sec):.2f} s ({iters} IRLS iterations; the score part alone is "
          f"{float(sec) / s:.1f}x our score + matching); our matcher on R's scores: {len(r)} "
          f"pairs, {same} to the pairs from our scores")
PY
