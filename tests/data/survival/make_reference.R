#!/usr/bin/env Rscript
# Reference values for harmcast's Cox and Kaplan-Meier tests.
# R 4.2.2, survival 3.5-3, carData 3.0-5 (Debian packages). Run from the repo root:
#   Rscript tests/data/survival/make_reference.R tests/data/survival
# Writes rossi.csv (carData::Rossi, first 10 columns), lung.csv (survival::lung time/status/sex,
# status recoded to 0/1), cohort_5k.csv (Rscript ../shared/anchors/gen_cohort.R DIR 5000, seed
# 20240602), and the reference tables cox_reference.csv and km_reference.csv
# (case,quantity,term,value; values printed with 17 significant digits).
suppressPackageStartupMessages({ library(survival); library(carData) })
args <- commandArgs(TRUE); out <- if (length(args)) args[1] else "."
fmt <- function(x) sprintf("%.17g", x)

rossi <- Rossi[, c("week", "arrest", "fin", "age", "race", "wexp", "mar", "paro", "prio", "educ")]
write.csv(rossi, file.path(out, "rossi.csv"), row.names = FALSE)
lung2 <- data.frame(time = lung$time, event = lung$status - 1L, sex = lung$sex)
write.csv(lung2, file.path(out, "lung.csv"), row.names = FALSE)
cohort <- read.csv(file.path(out, "cohort_5k.csv"), stringsAsFactors = TRUE)

rows <- list()
add <- function(case, quantity, term, value)
  rows[[length(rows) + 1]] <<- data.frame(case = case, quantity = quantity, term = term,
                                          value = fmt(value))
record_cox <- function(case, fit) {
  s <- summary(fit)
  cf <- coef(fit); se <- sqrt(diag(fit$var))
  add(case, "coef", names(cf), cf)
  add(case, "se", names(cf), se)
  if (!is.null(fit$naive.var)) add(case, "naive_se", names(cf), sqrt(diag(fit$naive.var)))
  add(case, "loglik0", "", fit$loglik[1]); add(case, "loglik", "", fit$loglik[2])
  add(case, "iter", "", fit$iter)
  add(case, "lr_test", "", s$logtest[["test"]]); add(case, "lr_df", "", s$logtest[["df"]])
  add(case, "lr_p", "", s$logtest[["pvalue"]])
  add(case, "wald_test", "", fit$wald.test); add(case, "wald_p", "", s$waldtest[["pvalue"]])
  add(case, "score_test", "", s$sctest[["test"]]); add(case, "score_p", "", s$sctest[["pvalue"]])
  if (!is.null(fit$rscore)) add(case, "robust_score_test", "", fit$rscore)
  add(case, "concordance", "", fit$concordance[["concordance"]])
  add(case, "concordance_se", "", fit$concordance[["std"]])
  add(case, "z", names(cf), s$coefficients[, "z"])
  add(case, "p", names(cf), s$coefficients[, ncol(s$coefficients)])
  add(case, "lower95", names(cf), s$conf.int[, "lower .95"])
  add(case, "upper95", names(cf), s$conf.int[, "upper .95"])
  add(case, "n", "", fit$n); add(case, "nevent", "", fit$nevent)
}
rhs <- "fin + age + race + wexp + mar + paro + prio"
f <- function(extra = "") as.formula(paste("Surv(week, arrest) ~", rhs, extra))
record_cox("rossi_efron", coxph(f(), data = Rossi, ties = "efron"))
record_cox("rossi_breslow", coxph(f(), data = Rossi, ties = "breslow"))
record_cox("rossi_robust", coxph(f(), data = Rossi, ties = "efron", robust = TRUE))
Rossi$cl <- (seq_len(nrow(Rossi)) - 1L) %% 37L  # artificial clusters: row index (0-based) mod 37
record_cox("rossi_cluster", coxph(f(), data = Rossi, ties = "efron", cluster = cl))
record_cox("rossi_strata_wexp",
           coxph(Surv(week, arrest) ~ fin + age + race + mar + paro + prio + strata(wexp),
                 data = Rossi, ties = "efron"))
Rossi$w <- 1 + (seq_len(nrow(Rossi)) - 1L) %% 3L  # case weights 1,2,3,1,2,3,...
record_cox("rossi_weights", coxph(f(), data = Rossi, ties = "efron", weights = w))
record_cox("rossi_weights_breslow", coxph(f(), data = Rossi, ties = "breslow", weights = w))

# Not converged: iteration limit 2 (R warns "Ran out of iterations and did not converge").
fit_iter2 <- suppressWarnings(coxph(f(), data = Rossi, ties = "efron",
                                    control = coxph.control(iter.max = 2)))
record_cox("rossi_iter2", fit_iter2)
# R's variance after running out of iterations comes from a stale factorisation (coxfit6 calls
# chinv2 without cholesky2 on that path); the inverse information at the same coefficients:
record_cox("rossi_iter2_information", coxph(f(), data = Rossi, ties = "efron", init = coef(fit_iter2),
                                            control = coxph.control(iter.max = 0)))
# Monotone likelihood: x1 = 1 exactly for the 20 earliest events (R warns "Loglik converged
# before variable 1; coefficient may be infinite").
sep <- data.frame(time = 1:40, event = rep(c(1L, 1L, 1L, 0L), 10), x1 = rep(1:0, each = 20),
                  x2 = round(sin(1:40), 6))
write.csv(sep, file.path(out, "separation.csv"), row.names = FALSE)
record_cox("separation", suppressWarnings(coxph(Surv(time, event) ~ x1 + x2, data = sep)))

crhs <- paste("treat + age + sex + age_first_offence + prior_offences + prior_custody + ogrs +",
              "offence_type + sentence_type + employed + accommodation + substance_misuse +",
              "mental_health + dv_flag + deprivation_decile + ward")
cf <- as.formula(paste("Surv(days_to_reoffence, reoffence_event) ~", crhs))
record_cox("cohort5k_efron", coxph(cf, data = cohort, ties = "efron"))
record_cox("cohort5k_breslow", coxph(cf, data = cohort, ties = "breslow"))
write.csv(do.call(rbind, rows), file.path(out, "cox_reference.csv"), row.names = FALSE,
          quote = FALSE)

rows <- list()
record_km <- function(case, fit) {
  s <- summary(fit, censored = TRUE)
  st <- if (is.null(fit$strata)) rep("all", length(fit$time)) else
    rep(names(fit$strata), fit$strata)
  add(case, "time", st, fit$time); add(case, "n_risk", st, fit$n.risk)
  add(case, "n_event", st, fit$n.event); add(case, "n_censor", st, fit$n.censor)
  add(case, "surv", st, fit$surv); add(case, "std_err", st, fit$std.err)
  add(case, "lower", st, fit$lower); add(case, "upper", st, fit$upper)
  tab <- summary(fit)$table
  if (is.null(dim(tab))) tab <- t(as.matrix(tab))
  gn <- if (is.null(fit$strata)) "all" else rownames(tab)
  add(case, "median", gn, tab[, "median"]); add(case, "median_lower", gn, tab[, "0.95LCL"])
  add(case, "median_upper", gn, tab[, "0.95UCL"])
}
record_km("rossi_km", survfit(Surv(week, arrest) ~ 1, data = Rossi, conf.type = "log-log"))
record_km("rossi_km_fin", survfit(Surv(week, arrest) ~ fin, data = Rossi, conf.type = "log-log"))
record_km("lung_km", survfit(Surv(time, event) ~ 1, data = lung2, conf.type = "log-log"))
record_km("lung_km_sex", survfit(Surv(time, event) ~ sex, data = lung2, conf.type = "log-log"))
out_km <- do.call(rbind, rows); out_km$value[out_km$value == "NA"] <- "NA"
write.csv(out_km, file.path(out, "km_reference.csv"), row.names = FALSE, quote = FALSE)
