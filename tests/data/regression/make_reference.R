#!/usr/bin/env Rscript
# Reference values for tests/regression/test_glm*.cpp and test_negbin*.cpp.
# R 4.2.2, MASS 7.3-58.2, sandwich 3.0-2 (Debian r-cran-sandwich).
# Run from this folder:  Rscript make_reference.R
# Inputs:
#   cohort_5k.csv  = Rscript ../../../../shared/anchors/gen_cohort.R DIR 5000   (seed 20240602)
#   quine.csv      = MASS::quine (Aitkin 1978; Venables & Ripley MASS 4th ed.), written below
#   warpbreaks.csv = datasets::warpbreaks (Tippett 1950), written below
# Outputs: ref_<model>_coef.csv (term, estimate, se_model, se_hc0, se_hc1, se_hc3, se_cluster)
#          ref_<model>_fit.csv  (statistic, value)
suppressPackageStartupMessages({ library(MASS); library(sandwich) })
options(digits = 17)
d <- read.csv("cohort_5k.csv", stringsAsFactors = TRUE)
write.csv(MASS::quine, "quine.csv", row.names = FALSE, quote = FALSE)
write.csv(datasets::warpbreaks, "warpbreaks.csv", row.names = FALSE, quote = FALSE)
quine <- read.csv("quine.csv", stringsAsFactors = TRUE)
warp <- read.csv("warpbreaks.csv", stringsAsFactors = TRUE)

rhs <- paste("treat + age + sex + age_first_offence + prior_offences + prior_custody + ogrs +",
  "offence_type + sentence_type + employed + accommodation + substance_misuse + mental_health +",
  "dv_flag + deprivation_decile + ward")
rhs_nodep <- sub(" \\+ deprivation_decile", "", rhs)
f <- function(s) as.formula(s)

save_fit <- function(name, fit, data, cluster = NULL, extra = list()) {
  est <- coef(fit)
  se <- function(v) { out <- rep(NA_real_, length(est)); ok <- !is.na(est); out[ok] <- sqrt(diag(v)); out }
  tab <- data.frame(term = names(est), estimate = est, se_model = se(vcov(fit)),
                    se_hc0 = se(vcovHC(fit, type = "HC0")), se_hc1 = se(vcovHC(fit, type = "HC1")),
                    se_hc3 = se(vcovHC(fit, type = "HC3")))
  tab$se_cluster <- if (is.null(cluster)) NA_real_ else se(vcovCL(fit, cluster = cluster))
  write.csv(tab, sprintf("ref_%s_coef.csv", name), row.names = FALSE)
  s <- summary(fit)
  stats <- c(deviance = fit$deviance, null_deviance = fit$null.deviance, df_residual = fit$df.residual,
             df_null = fit$df.null, rank = fit$rank, aic = AIC(fit), bic = BIC(fit),
             loglik = as.numeric(logLik(fit)), iterations = fit$iter, dispersion = s$dispersion,
             nobs = nobs(fit), unlist(extra))
  write.csv(data.frame(statistic = names(stats), value = unname(stats)),
            sprintf("ref_%s_fit.csv", name), row.names = FALSE)
  invisible(fit)
}

# --- cohort_5k GLMs (cluster-robust SEs by ward: sandwich::vcovCL defaults, type HC0 for glm) ---
save_fit("logit", glm(f(paste("reoffended_1y ~", rhs)), binomial, d), d, ~ward)
save_fit("probit", glm(f(paste("reoffended_1y ~", rhs)), binomial(link = "probit"), d), d, ~ward)
save_fit("cloglog", glm(f(paste("reoffended_1y ~", rhs)), binomial(link = "cloglog"), d), d, ~ward)
save_fit("poisson", glm(f(paste("n_reoffences ~", rhs)), poisson, d), d, ~ward)
save_fit("poisson_offset_weights",
         glm(f(paste("n_reoffences ~", rhs_nodep, "+ offset(log(age - age_first_offence + 1))")),
             poisson, d, weights = deprivation_decile), d, ~ward)
save_fit("gaussian", glm(ogrs ~ age + I(age^2) + sex + log1p(prior_offences) + prior_custody +
                           offence_type + employed, gaussian, d), d, ~ward)
save_fit("logit_terms", glm(reoffended_1y ~ age * sex + factor(deprivation_decile) +
                              offence_type:employed + I(age^2) + log(ogrs) + sqrt(prior_offences),
                            binomial, d), d, ~ward)
nb <- glm.nb(f(paste("n_reoffences ~", rhs)), d)
save_fit("negbin", nb, d, ~ward, list(theta = nb$theta, theta_se = nb$SE.theta,
                                       twologlik = nb$twologlik))
# prediction with standard errors, first 5 rows, logistic
lf <- glm(f(paste("reoffended_1y ~", rhs)), binomial, d)
pl <- predict(lf, d[1:5, ], type = "link", se.fit = TRUE)
pr <- predict(lf, d[1:5, ], type = "response", se.fit = TRUE)
write.csv(data.frame(row = 1:5, link = pl$fit, link_se = pl$se.fit, response = pr$fit,
                     response_se = pr$se.fit), "ref_logit_predict.csv", row.names = FALSE)

# --- public data sets ---
qnb <- glm.nb(Days ~ Eth + Sex + Age + Lrn, quine)
save_fit("quine_negbin", qnb, quine, NULL, list(theta = qnb$theta, theta_se = qnb$SE.theta,
                                                twologlik = qnb$twologlik))
save_fit("warpbreaks_poisson", glm(breaks ~ wool * tension, poisson, warp), warp, ~tension)
