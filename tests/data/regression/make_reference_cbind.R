#!/usr/bin/env Rscript
# Reference values for binomial responses given as cbind(successes, failures)
# (tests/regression/test_glm_cbind.cpp). R 4.2.2. Run from this folder:
#   Rscript make_reference_cbind.R
# Input: cohort_5k.csv (see make_reference.R). Writes cohort_5k_grouped.csv (reoffending counts by
# ward, sex and offence type, with the group's mean age; read back so R fits the values as
# written) and ref_cbind_coef.csv / ref_cbind_fit.csv in make_reference.R's layout.
options(digits = 17)
d <- read.csv("cohort_5k.csv", stringsAsFactors = TRUE)
g <- aggregate(cbind(reoffended = reoffended_1y, people = 1, age = age) ~ ward + sex + offence_type,
               data = d, FUN = sum)
g$mean_age <- g$age / g$people
g$age <- NULL
g$not_reoffended <- g$people - g$reoffended
g$people <- NULL
write.csv(g, "cohort_5k_grouped.csv", row.names = FALSE, quote = FALSE)
g <- read.csv("cohort_5k_grouped.csv", stringsAsFactors = TRUE)
fit <- glm(cbind(reoffended, not_reoffended) ~ sex + offence_type + mean_age + ward, binomial, g)
est <- coef(fit)
write.csv(data.frame(term = names(est), estimate = est, se_model = sqrt(diag(vcov(fit)))),
          "ref_cbind_coef.csv", row.names = FALSE)
stats <- c(deviance = fit$deviance, null_deviance = fit$null.deviance, df_residual = fit$df.residual,
           df_null = fit$df.null, aic = AIC(fit), loglik = as.numeric(logLik(fit)),
           iterations = fit$iter, nobs = nobs(fit))
write.csv(data.frame(statistic = names(stats), value = unname(stats)), "ref_cbind_fit.csv",
          row.names = FALSE)
