#!/usr/bin/env Rscript
# R's forecast::ets reference values for tests/timeseries/test_ets_reference.cpp, on the series
# of classic_series.csv (exported by make_reference.R). Run from the repository root:
#   Rscript tests/data/timeseries/make_ets_reference.R
# Produced with R 4.2.2, forecast 8.20. Writes
#   ets_models.csv      case,series,model ("MAdM" = ETS(M,Ad,M)),loglik,aic,aicc,bic,sigma2,alpha,beta,gamma,phi,fncount
#   ets_reference.csv   case,quantity,index,value  (par, initstate, mean, lo80, hi80, lo95, hi95,
#                       fitted, residuals)
#   ets_candidates.csv  series,model,aicc,loglik,fncount  (every model ets() tries)
# forecast 8.20's class1() puts gamma in row 3 of g whatever the trend (fixed in 8.21 as row
# p - m + 1); the intervals here use the fixed class1, as harmcast does (see ets_forecast.hpp).
suppressPackageStartupMessages(library(forecast))
out <- "tests/data/timeseries"
cl <- forecast:::class1
body(cl) <- parse(text = gsub("G[3, 1]", "G[p - m + 1, 1]", deparse(body(cl)), fixed = TRUE))[[1]]
assignInNamespace("class1", cl, "forecast")

d <- read.csv(file.path(out, "classic_series.csv"))
series <- lapply(split(d, d$series), function(s) ts(s$value, frequency = s$period[1]))
series <- series[unique(d$series)]

models <- list(); ref <- list(); cands <- list()
put <- function(case, quantity, v) {
  ref[[length(ref) + 1]] <<- data.frame(case = case, quantity = quantity,
                                        index = seq_along(v), value = as.numeric(v))
}
# "MAdM" for ETS(M,Ad,M) (no commas in the CSV), from the components R stores.
code <- function(fit) paste0(fit$components[1], fit$components[2],
                             if (fit$components[4] == "TRUE") "d" else "", fit$components[3])
g <- function(par, nm) if (nm %in% names(par)) par[[nm]] else NA
record <- function(case, name, fit) {
  h <- if (fit$m > 1) 2 * fit$m else 10
  fc <- forecast(fit, h = h, level = c(80, 95))
  models[[length(models) + 1]] <<- data.frame(
    case = case, series = name, model = code(fit),
    loglik = if (is.null(fit$loglik)) NA else fit$loglik,
    aic = if (is.null(fit$aic)) NA else fit$aic, aicc = if (is.null(fit$aicc)) NA else fit$aicc,
    bic = if (is.null(fit$bic)) NA else fit$bic, sigma2 = fit$sigma2,
    alpha = g(fit$par, "alpha"), beta = g(fit$par, "beta"), gamma = g(fit$par, "gamma"),
    phi = g(fit$par, "phi"), fncount = if (is.null(fit[["fit"]])) NA else fit[["fit"]]$fncount)
  put(case, "initstate", fit$initstate)
  put(case, "mean", fc$mean)
  put(case, "lo80", fc$lower[, 1]); put(case, "hi80", fc$upper[, 1])
  put(case, "lo95", fc$lower[, 2]); put(case, "hi95", fc$upper[, 2])
  put(case, "fitted", fitted(fit)); put(case, "residuals", residuals(fit))
}

# 1. Automatic choice (defaults) on every classic series, and every candidate it considers.
lower <- c(rep(1e-4, 3), 0.8); upper <- c(rep(0.9999, 3), 0.98)
for (name in names(series)) {
  y <- series[[name]]
  record(paste0("auto_", name), name, ets(y))
  m <- frequency(y); positive <- min(y) > 0
  for (e in c("A", "M")) for (t in c("N", "A")) for (s in c("N", "A", "M")) for (dmp in c(TRUE, FALSE)) {
    if (t == "N" && dmp) next
    if (e == "A" && s == "M") next
    if (e == "M" && !positive) next
    if (m == 1 && s != "N") next
    f <- try(forecast:::etsmodel(y, e, t, s, dmp, lower = lower, upper = upper, opt.crit = "lik",
                                 nmse = 3, bounds = "both"), silent = TRUE)
    lab <- paste0(e, t, if (dmp) "d" else "", s)
    cands[[length(cands) + 1]] <- if (inherits(f, "try-error"))
      data.frame(series = name, model = lab, aicc = Inf, loglik = NA, fncount = NA)
    else data.frame(series = name, model = lab, aicc = f$aicc,
                    loglik = if (is.null(f$loglik)) NA else f$loglik,
                    fncount = if (is.null(f$fit)) NA else f$fit$fncount)
  }
}

# 2. Given models covering every forecast class (1, 2, 3, simulated).
record("AirPassengers_MAM", "AirPassengers", ets(AirPassengers, model = "MAM", damped = FALSE))
record("AirPassengers_MAdM", "AirPassengers", ets(AirPassengers, model = "MAM", damped = TRUE))
record("AirPassengers_MNM", "AirPassengers", ets(AirPassengers, model = "MNM"))
record("AirPassengers_AAA", "AirPassengers", ets(AirPassengers, model = "AAA", damped = FALSE))
record("USAccDeaths_ANA", "USAccDeaths", ets(USAccDeaths, model = "ANA"))
record("USAccDeaths_MAdA", "USAccDeaths", ets(USAccDeaths, model = "MAA", damped = TRUE))
record("Nile_ANN", "Nile", ets(Nile, model = "ANN"))
record("WWWusage_AAdN", "WWWusage", ets(WWWusage, model = "AAN", damped = TRUE))
record("WWWusage_MAN", "WWWusage", ets(WWWusage, model = "MAN", damped = FALSE))
record("lynx_MNN", "lynx", ets(lynx, model = "MNN"))

# 3. Special series: constant, and too short for likelihood estimation (HoltWintersZZ).
record("constant", "constant", ets(ts(rep(3, 20), frequency = 12)))
record("tiny", "tiny", ets(ts(c(5, 7, 6, 8, 9, 7))))

write.csv(do.call(rbind, models), file.path(out, "ets_models.csv"), row.names = FALSE, quote = FALSE)
write.csv(do.call(rbind, ref), file.path(out, "ets_reference.csv"), row.names = FALSE, quote = FALSE)
write.csv(do.call(rbind, cands), file.path(out, "ets_candidates.csv"), row.names = FALSE,
          quote = FALSE)
