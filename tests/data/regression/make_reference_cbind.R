#!/usr/bin/env Rscript
# Reference values for binomial responses given as cbind(successes, failures)
# (tests/regression/test_glm_cbind.cpp). R 4.2.2. Run from this folder:
#   Rscript make_reference_cbind.R
# Input: cohort_5k.csv (see make_reference.R). Writes cohort_5k_grouped.csv (reoffending counts by
# ward, sex and offence type, with the group's mean age and an illustrative prior weight 0.5, 1
# or 1.5; read back so R fits the values as written), ref_cbind_coef.csv / ref_cbind_fit.csv in
# make_reference.R's layout, and ref_cbind_weights_*.csv for the same model with prior weights
# (R multiplies them into the trials: weights * (s + f)).
options(digits = 17)
d <- read.csv("cohort_5k.csv", stringsAsFactors = TRUE)
g <- aggregate(cbind(reoffended = reoffended_1y, people = 1, age = age) ~ ward + sex + offence_type,
               data = d, FUN = sum)
g$mean_age <- g$age / g$people
g$age <- NULL
g$not_reoffended <- g$people - g$reoffended
g$people <- NULL
g$weight <- (seq_len(nrow(g)) %% 3 + 1) / 2
write.csv(g, "cohort_5k_grouped.csv", row.names = FALSE, quote = FALSE)
g <- read.csv("cohort_5k_grouped.csv", stringsAsFactors = TRUE)
f <- cbind(reoffended, not_reoffended) ~ sex + offence_type + mean_age + ward
write_reference <- function(fit, name) {
  est <- coef(fit)
  write.csv(data.frame(term = names(est), estimate = est, se_model = sqrt(diag(vcov(fit)))),
            sprintf("ref_%s_coef.csv", name), row.names = FALSE)
  stats <- c(deviance = fit$deviance, null_deviance = fit$null.deviance,
             df_residual = fit$df.residual, df_null = fit$df.null, aic = AIC(fit),
             loglik = as.numeric(logLik(fit)), iterations = fit$iter, nobs = nobs(fit))
  write.csv(data.frame(statistic = names(stats), value = unname(stats)),
            sprintf("ref_%s_fit.csv", name), row.names = FALSE)
}
write_reference(glm(f, binomial, g), "cbind")
write_reference(glm(f, binomial, g, weights = weight), "cbind_weights")
