#!/usr/bin/env Rscript
# Abadie-Imbens matching with ties pooled, from R's Matching::Match (Matching 4.10-8, R 4.2.2),
# for tests/matching/test_matching_abadie_imbens.cpp. Run from this folder:
#   Rscript make_ai_ties_reference.R
# A sample with discrete covariates, so the propensity score takes 12 values and most units tie
# on it, plus a continuous-score sample where Match's default distance.tolerance (1e-5, on the
# squared score gap in SDs of the score) pools near-equal scores. ties = TRUE: every control as
# close as the M-th nearest joins the match set, each weighted 1 / (set size).
suppressPackageStartupMessages(library(Matching))
set.seed(20261201)
n <- 600
age_band <- sample(0:3, n, replace = TRUE)
prior <- sample(0:2, n, replace = TRUE)
treat <- rbinom(n, 1, plogis(-1.2 + 0.4 * age_band - 0.5 * prior))
y <- 2 + 0.5 * age_band + prior + treat * (1 + 0.3 * age_band) + rnorm(n)
ps_tied <- fitted(glm(treat ~ factor(age_band) + factor(prior), family = binomial))
x <- rnorm(n)
ps_near <- plogis(-0.8 + 0.6 * x)
treat_near <- rbinom(n, 1, ps_near)
y_near <- 1 + x + treat_near * 0.7 + rnorm(n)
write.csv(data.frame(id = 1:n, treat, age_band, prior, ps_tied = sprintf("%.17g", ps_tied), y,
                     treat_near, x, ps_near = sprintf("%.17g", ps_near), y_near),
          "ai_ties_sample.csv", row.names = FALSE, quote = FALSE)
rows <- list()
add <- function(sample, m, M, vc, tol) {
  rows[[length(rows) + 1]] <<- data.frame(
    sample, ratio = M, var_calc = vc, tolerance = tol, estimate = sprintf("%.12g", m$est),
    se = sprintf("%.12g", m$se), matched = m$wnobs, pairs = length(m$index.control))
}
for (M in c(1, 2)) for (vc in c(0, 4)) for (tol in c(1e-5, 0)) {
  add("tied", Match(Y = y, Tr = treat, X = as.numeric(sprintf("%.17g", ps_tied)),
                    estimand = "ATT", M = M, replace = TRUE, ties = TRUE, Var.calc = vc,
                    distance.tolerance = tol), M, vc, tol)
  add("near", Match(Y = y_near, Tr = treat_near, X = as.numeric(sprintf("%.17g", ps_near)),
                    estimand = "ATT", M = M, replace = TRUE, ties = TRUE, Var.calc = vc,
                    distance.tolerance = tol), M, vc, tol)
}
write.csv(do.call(rbind, rows), "ai_ties_reference.csv", row.names = FALSE, quote = FALSE)
