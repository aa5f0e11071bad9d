#!/usr/bin/env Rscript
# Exports the classic series shipped with the ARIMA / benchmark tests and computes R's
# reference values. Run from the repository root:
#   Rscript tests/data/timeseries/make_reference.R [/work/anchor-data/series_200/series.csv]
# Produced with R 4.2.2, forecast 8.20 (the values in the CSVs here come from that run).
suppressPackageStartupMessages(library(forecast))
out <- "tests/data/timeseries"
args <- commandArgs(TRUE)
anchor_csv <- if (length(args) > 0) args[1] else "/work/anchor-data/series_200/series.csv"

## 1. Series: datasets::* (R 4.2.2) plus the first 96 months of 12 anchor series.
classic <- list(AirPassengers = AirPassengers, USAccDeaths = USAccDeaths, Nile = Nile,
                lynx = lynx, WWWusage = WWWusage, ldeaths = ldeaths)
if (file.exists(anchor_csv)) {
  d <- read.csv(anchor_csv)
  Y <- split(d$count, d$series_id)
  for (id in names(Y)[1:12]) classic[[id]] <- ts(Y[[id]][1:96], frequency = 12, start = c(2016, 1))
}
rows <- do.call(rbind, lapply(names(classic), function(nm) {
  x <- classic[[nm]]
  data.frame(series = nm, period = frequency(x), t = seq_along(x), value = as.numeric(x))
}))
write.csv(rows, file.path(out, "classic_series.csv"), row.names = FALSE, quote = FALSE)
sb <- data.frame(t = seq_len(nrow(Seatbelts)), year = floor(time(Seatbelts) + 1e-6),
                 month = cycle(Seatbelts), drivers = Seatbelts[, "drivers"],
                 PetrolPrice = Seatbelts[, "PetrolPrice"], law = Seatbelts[, "law"])
write.csv(sb, file.path(out, "seatbelts.csv"), row.names = FALSE, quote = FALSE)

## 2. Reference values: long CSV case,quantity,index,value
ref <- list()
put <- function(case, quantity, v) {
  ref[[length(ref) + 1]] <<- data.frame(case = case, quantity = quantity,
                                        index = seq_along(v), value = as.numeric(v))
}
put_fit <- function(case, fit, h, newxreg = NULL) {
  put(case, "coef", coef(fit)); put(case, "se", sqrt(diag(fit$var.coef)))
  put(case, "sigma2", fit$sigma2); put(case, "loglik", fit$loglik)
  put(case, "aic", fit$aic); put(case, "aicc", fit$aicc); put(case, "bic", fit$bic)
  fc <- if (is.null(newxreg)) forecast(fit, h = h, level = c(80, 95))
        else forecast(fit, xreg = newxreg, level = c(80, 95))
  put(case, "mean", fc$mean); put(case, "lo80", fc$lower[, 1]); put(case, "hi80", fc$upper[, 1])
  put(case, "lo95", fc$lower[, 2]); put(case, "hi95", fc$upper[, 2])
  put(case, "residuals", residuals(fit))
}
# Seatbelts: Arima(log(drivers), order=c(0,1,1), seasonal=c(0,1,1), xreg=cbind(law, log(PetrolPrice)))
y <- log(Seatbelts[, "drivers"])
X <- cbind(law = Seatbelts[, "law"], logpetrol = log(Seatbelts[, "PetrolPrice"]))
fit <- Arima(y, order = c(0, 1, 1), seasonal = c(0, 1, 1), xreg = X)
put_fit("seatbelts", fit, 12, newxreg = X[181:192, ])  # future regressors: the last year again
put_fit("lynx_ar2", Arima(lynx, order = c(2, 0, 0)), 10)
put_fit("wwwusage_111", Arima(WWWusage, order = c(1, 1, 1)), 10)
put_fit("logair_airline", Arima(log(AirPassengers), order = c(0, 1, 1), seasonal = c(0, 1, 1)), 24)
put_fit("nile_111_drift", Arima(Nile, order = c(1, 1, 1), include.drift = TRUE), 10)
put_fit("usacc_101_011", Arima(USAccDeaths, order = c(1, 0, 1), seasonal = c(0, 1, 1)), 12)
put_fit("usacc_sar", Arima(USAccDeaths, order = c(0, 1, 1), seasonal = c(1, 1, 0)), 12)
lynx_na <- lynx; lynx_na[c(10, 50, 51)] <- NA
put_fit("lynx_ar2_missing", Arima(lynx_na, order = c(2, 0, 0)), 10)
put_fit("usacc_css", Arima(USAccDeaths, order = c(1, 0, 1), seasonal = c(0, 1, 1), method = "CSS"), 12)

# Benchmarks, h = 12 (seasonal) or 10, levels 80/95.
bench <- function(case, fc) {
  put(case, "mean", fc$mean); put(case, "lo80", fc$lower[, 1]); put(case, "hi80", fc$upper[, 1])
  put(case, "lo95", fc$lower[, 2]); put(case, "hi95", fc$upper[, 2])
  put(case, "fitted", fitted(fc))
}
bench("meanf_usacc", meanf(USAccDeaths, h = 12))
bench("naive_usacc", naive(USAccDeaths, h = 12))
bench("snaive_usacc", snaive(USAccDeaths, h = 12))
bench("drift_usacc", rwf(USAccDeaths, h = 12, drift = TRUE))
bench("naive_nile", naive(Nile, h = 10))
bench("drift_nile", rwf(Nile, h = 10, drift = TRUE))
bench("snaive_ldeaths", snaive(ldeaths, h = 30))

# auto.arima choices and the unit-root tests behind them (defaults of forecast 8.20).
for (nm in names(classic)) {
  for (lg in c(FALSE, TRUE)) {
    if (lg && nm != "AirPassengers") next
    x <- if (lg) log(classic[[nm]]) else classic[[nm]]
    case <- paste0("auto_", if (lg) "log" else "", nm)
    fit <- auto.arima(x)
    put(case, "arma", fit$arma)  # p, q, P, Q, period, d, D
    put(case, "constant", as.numeric(any(c("drift", "intercept") %in% names(coef(fit)))))
    put(case, "aicc", fit$aicc); put(case, "coef", coef(fit))
    put(case, "ndiffs", ndiffs(x))
    if (frequency(x) > 1) {
      put(case, "nsdiffs", nsdiffs(x))
      put(case, "seas_strength", forecast:::seas.heuristic(x))
    }
    put(case, "kpss", urca::ur.kpss(x, type = "mu", use.lag = trunc(3 * sqrt(length(x)) / 13))@teststat)
    fc <- forecast(fit, h = 12, level = c(80, 95))
    put(case, "mean", fc$mean); put(case, "lo95", fc$lower[, 2]); put(case, "hi95", fc$upper[, 2])
  }
}
# STL pieces (stats::stl with mstl's defaults: s.window = 11) for USAccDeaths.
s <- stl(USAccDeaths, s.window = 11)
put("stl_usacc", "seasonal", s$time.series[, "seasonal"]); put("stl_usacc", "trend", s$time.series[, "trend"])
write.csv(do.call(rbind, ref), file.path(out, "r_reference.csv"), row.names = FALSE, quote = FALSE)
cat("R", R.version$major, R.version$minor, "forecast", as.character(packageVersion("forecast")), "\n")
