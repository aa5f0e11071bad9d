#!/usr/bin/env Rscript
# Reference values for tests/matching (R 4.2.2, MatchIt 4.5.1, sandwich).
# Run from this folder: Rscript make_reference.R
# Uses MatchIt's classic matcher (nn_matchC), which honours the caliper; MatchIt 4.5.1's shipped
# fast path (nn_matchC_vec) ignores it (see /work/shared/anchors/RESULTS.md).
suppressPackageStartupMessages({ library(MatchIt); library(sandwich) })
assignInNamespace("nn_matchC_dispatch", function(...) MatchIt:::nn_matchC(...), "MatchIt")
data("lalonde", package = "MatchIt")
d <- lalonde
d$id <- rownames(d)
d$race <- as.character(d$race)
write.csv(d[, c("id", "treat", "age", "educ", "race", "married", "nodegree", "re74", "re75", "re78")],
          "lalonde.csv", row.names = FALSE, quote = FALSE)
f <- treat ~ age + educ + race + married + nodegree + re74 + re75
configs <- list(
  nn = list(replace = FALSE, caliper = NULL, ratio = 1),
  nn_replace = list(replace = TRUE, caliper = NULL, ratio = 1),
  nn_caliper = list(replace = FALSE, caliper = 0.2, ratio = 1),
  nn_ratio2 = list(replace = FALSE, caliper = NULL, ratio = 2),
  nn_smallest = list(replace = FALSE, caliper = NULL, ratio = 1, m.order = "smallest"),
  nn_probit_caliper = list(replace = FALSE, caliper = 0.1, ratio = 1, link = "probit"),
  nn_exact_caliper = list(replace = FALSE, caliper = 0.25, ratio = 1, exact = ~married),
  nn_ratio3_replace = list(replace = TRUE, caliper = 0.3, ratio = 3),
  nn_discard_both = list(replace = FALSE, caliper = 0.2, ratio = 1, discard = "both"),
  nn_discard_control = list(replace = TRUE, caliper = NULL, ratio = 2, discard = "control"),
  nn_mahalanobis = list(replace = FALSE, caliper = NULL, ratio = 1, distance = "mahalanobis"))
pairs <- list(); bal <- list(); eff <- list(); dist <- list()
for (nm in names(configs)) {
  cf <- configs[[nm]]
  m <- matchit(f, data = lalonde, method = "nearest",
               distance = if (is.null(cf$distance)) "glm" else cf$distance,
               link = if (is.null(cf$link)) "logit" else cf$link,
               replace = cf$replace, caliper = cf$caliper, ratio = cf$ratio,
               m.order = cf$m.order, exact = cf$exact,
               discard = if (is.null(cf$discard)) "none" else cf$discard)
  dist[[nm]] <- data.frame(config = nm, id = rownames(lalonde),
                           distance = if (is.null(m$distance)) "NA" else sprintf("%.17g", m$distance),
                           weight = sprintf("%.17g", m$weights))
  mm <- m$match.matrix
  for (k in seq_len(ncol(mm))) {
    ok <- !is.na(mm[, k])
    if (any(ok)) pairs[[paste(nm, k)]] <- data.frame(config = nm, treated = rownames(mm)[ok],
                                                     k = k, control = mm[ok, k])
  }
  s <- summary(m, un = TRUE)
  a <- s$sum.all; b <- s$sum.matched
  bal[[nm]] <- data.frame(config = nm, covariate = rownames(a),
    smd_before = a[, "Std. Mean Diff."], smd_after = b[, "Std. Mean Diff."],
    var_ratio_before = a[, "Var. Ratio"], var_ratio_after = b[, "Var. Ratio"],
    ecdf_mean_before = a[, "eCDF Mean"], ecdf_max_before = a[, "eCDF Max"],
    ecdf_mean_after = b[, "eCDF Mean"], ecdf_max_after = b[, "eCDF Max"])
  md <- match.data(m)
  fit <- lm(re78 ~ treat, data = md, weights = weights)
  # Without replacement: pair-cluster-robust (MatchIt vignette "Estimating effects");
  # with replacement: unit-level robust SE (vcovCL with one cluster per unit, HC1).
  v <- if (cf$replace) vcovCL(fit, cluster = seq_len(nrow(md))) else vcovCL(fit, cluster = ~subclass)
  eff[[nm]] <- data.frame(config = nm, n_matched_treated = sum(md$treat == 1),
    n_matched_control = sum(md$treat == 0), estimate = sprintf("%.17g", coef(fit)[["treat"]]),
    std_error = sprintf("%.17g", sqrt(v["treat", "treat"])), caliper_absolute =
    sprintf("%.17g", if (is.null(m$caliper)) NA else m$caliper[[1]]))
}
write.csv(do.call(rbind, dist), "matchit_distance.csv", row.names = FALSE, quote = FALSE)
write.csv(do.call(rbind, pairs), "matchit_pairs.csv", row.names = FALSE, quote = FALSE)
bal <- do.call(rbind, bal)
for (j in 3:ncol(bal)) bal[[j]] <- sprintf("%.17g", bal[[j]])
write.csv(bal, "matchit_balance.csv", row.names = FALSE, quote = FALSE)
write.csv(do.call(rbind, eff), "matchit_effects.csv", row.names = FALSE, quote = FALSE)

# Time-to-event effect (MatchIt vignette, survival section): coxph(Surv(time, event) ~ treat,
# weights, robust, cluster = subclass) on match.data, for a survival outcome derived from the
# data: time = 1 + age %% 17 (ties on purpose), event = re78 > 5000. Efron ties (coxph default).
suppressPackageStartupMessages(library(survival))
cox <- list()
for (nm in c("nn", "nn_caliper", "nn_replace")) {
  cf <- configs[[nm]]
  m <- matchit(f, data = lalonde, method = "nearest", distance = "glm", replace = cf$replace,
               caliper = cf$caliper, ratio = cf$ratio)
  md <- match.data(m)
  md$time <- 1 + md$age %% 17; md$event <- as.integer(md$re78 > 5000)
  md$unit <- seq_len(nrow(md))
  fit <- if (cf$replace) coxph(Surv(time, event) ~ treat, data = md, weights = weights, robust = TRUE, cluster = unit) else
    coxph(Surv(time, event) ~ treat, data = md, weights = weights, robust = TRUE, cluster = subclass)
  cox[[nm]] <- data.frame(config = nm, log_hr = sprintf("%.17g", coef(fit)[["treat"]]),
                          robust_se = sprintf("%.17g", sqrt(fit$var[1, 1])))
}
write.csv(do.call(rbind, cox), "matchit_cox.csv", row.names = FALSE, quote = FALSE)
