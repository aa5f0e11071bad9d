#!/usr/bin/env Rscript
# Reference for the difference in a quantile of time to event on a matched sample
# (models/matching/time_quantile.hpp; tests/matching/test_matching_time_quantile.cpp).
# R 4.2.2, MatchIt 4.5.1 (classic matcher nn_matchC, as make_reference.R), survival 3.5-3.
# Data: tests/data/regression/cohort_5k.csv (the first 5,000 rows of the anchor cohort,
# ../shared/anchors/gen_cohort.R). Writes time_quantile_pairs.csv (config, treated id, control id)
# and time_quantile_reference.csv (config, q, group, quantile; NA = not reached), the latter from
# quantile(survfit(Surv(days_to_reoffence, reoffence_event) ~ treat, weights = weights,
# data = match.data(m)), probs = q, conf.int = FALSE).
# Usage (from the repository root): Rscript tests/data/matching/make_time_quantile_reference.R
suppressPackageStartupMessages({ library(MatchIt); library(survival) })
assignInNamespace("nn_matchC_dispatch", function(...) MatchIt:::nn_matchC(...), "MatchIt")
d <- read.csv("tests/data/regression/cohort_5k.csv", stringsAsFactors = TRUE)
f <- treat ~ age + sex + age_first_offence + prior_offences + prior_custody + ogrs + offence_type +
  sentence_type + employed + accommodation + substance_misuse + mental_health + dv_flag +
  deprivation_decile + ward
configs <- list(nn_caliper = list(caliper = 0.2, ratio = 1, replace = FALSE),
                ratio3_replace = list(caliper = NULL, ratio = 3, replace = TRUE))
probs <- c(0.1, 0.25, 0.5)
pairs <- list(); ref <- list()
for (name in names(configs)) {
  cfg <- configs[[name]]
  m <- matchit(f, data = d, method = "nearest", distance = "glm", caliper = cfg$caliper,
               ratio = cfg$ratio, replace = cfg$replace)
  mm <- m$match.matrix
  for (k in seq_len(ncol(mm))) {
    ok <- !is.na(mm[, k])
    pairs[[length(pairs) + 1]] <- data.frame(config = name, treated = d$id[as.integer(rownames(mm)[ok])],
                                             control = d$id[as.integer(mm[ok, k])])
  }
  md <- match.data(m)
  fit <- survfit(Surv(days_to_reoffence, reoffence_event) ~ treat, data = md, weights = weights)
  q <- quantile(fit, probs = probs, conf.int = FALSE)
  for (g in 1:2) for (j in seq_along(probs))
    ref[[length(ref) + 1]] <- data.frame(config = name, q = probs[j], group = c("control", "treated")[g],
                                         quantile = q[g, j])
}
# Steps that land exactly on 1 - q (midpoint rule), and the last drop landing on it (midpoint
# with the last follow-up time).
small <- list(steps = data.frame(time = c(5, 8, 12, 20, 25, 30, 40, 50), event = c(1, 1, 1, 1, 1, 1, 1, 0)),
              last_drop = data.frame(time = c(1, 2, 3, 4), event = c(1, 1, 0, 0)))
for (name in names(small)) {
  q <- quantile(survfit(Surv(time, event) ~ 1, data = small[[name]]), probs = c(0.25, 0.5, 0.75),
                conf.int = FALSE)
  for (j in 1:3) ref[[length(ref) + 1]] <- data.frame(config = name, q = c(0.25, 0.5, 0.75)[j],
                                                     group = "all", quantile = unname(q[j]))
}
write.csv(do.call(rbind, pairs), "tests/data/matching/time_quantile_pairs.csv", row.names = FALSE, quote = FALSE)
write.csv(do.call(rbind, ref), "tests/data/matching/time_quantile_reference.csv", row.names = FALSE, quote = FALSE)
print(do.call(rbind, ref))
