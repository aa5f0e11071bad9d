#!/usr/bin/env Rscript
# Abadie-Imbens standard errors of matching with replacement, from R's Matching::Match
# (Matching 4.10-8, R 4.2.2), for tests/matching/test_matching_abadie_imbens.cpp.
# Run from this folder: Rscript make_ai_reference.R
# A simulated sample with continuous covariates (no tied scores) and a heterogeneous effect;
# the propensity score is stored as a column and matched on as given (X = ps), so the test
# checks the variance, not the score model. distance.tolerance = 0: only exact ties count as
# ties (Match's default 1e-5 would pool near-equal scores into one match set).
suppressPackageStartupMessages(library(Matching))
set.seed(20240611)
n <- 800
x1 <- rnorm(n); x2 <- runif(n); x3 <- rbinom(n, 1, 0.4)
treat <- rbinom(n, 1, plogis(-1.3 + 0.8 * x1 - 0.7 * x2 + 0.5 * x3))
y <- 1 + x1 + 2 * x2 * x3 + treat * (0.5 + 0.5 * x1) + rnorm(n, sd = 1 + 0.5 * x2)
count <- rpois(n, exp(0.2 + 0.3 * x1 - 0.2 * treat))
ps <- fitted(glm(treat ~ x1 + x2 + x3, family = binomial))
write.csv(data.frame(id = 1:n, treat, x1, x2, x3, ps = sprintf("%.17g", ps), y, count),
          "ai_sample.csv", row.names = FALSE, quote = FALSE)
rows <- list()
for (outcome in c("y", "count")) for (M in c(1, 2)) for (vc in c(0, 4)) {
  m <- Match(Y = get(outcome), Tr = treat, X = ps, estimand = "ATT", M = M, replace = TRUE,
             ties = TRUE, distance.tolerance = 0, Var.calc = vc)
  rows[[length(rows) + 1]] <- data.frame(outcome, ratio = M, var_calc = vc,
                                         estimate = sprintf("%.12g", m$est),
                                         se = sprintf("%.12g", m$se), matched = m$wnobs)
}
write.csv(do.call(rbind, rows), "ai_reference.csv", row.names = FALSE, quote = FALSE)
