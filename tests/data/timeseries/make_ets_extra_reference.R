#!/usr/bin/env Rscript
# Extra reference values for tests/timeseries/test_ets_models.cpp (R 4.2.2, forecast 8.20):
# R's Nelder-Mead (optim, the C routine nmmin that forecast::ets calls) on Rosenbrock's function
# from ?optim's example start, and the simulated 95% intervals of a multiplicative-trend model
# (100,000 paths, so that their Monte Carlo error is small beside that of our 5,000).
# Run from the repository root: Rscript tests/data/timeseries/make_ets_extra_reference.R
suppressPackageStartupMessages(library(forecast))
fr <- function(x) 100 * (x[2] - x[1]^2)^2 + (1 - x[1])^2
o <- optim(c(-1.2, 1), fr, method = "Nelder-Mead", control = list(maxit = 2000))
set.seed(1)
fc <- forecast(ets(AirPassengers, model = "MMN", damped = FALSE), h = 12, level = 95, npaths = 100000)
rows <- rbind(
  data.frame(case = "rosenbrock", quantity = "par", index = 1:2, value = o$par),
  data.frame(case = "rosenbrock", quantity = "value", index = 1, value = o$value),
  data.frame(case = "rosenbrock", quantity = "fncount", index = 1, value = o$counts[[1]]),
  data.frame(case = "AirPassengers_MMN", quantity = "mean", index = 1:12, value = as.numeric(fc$mean)),
  data.frame(case = "AirPassengers_MMN", quantity = "lo95", index = 1:12, value = as.numeric(fc$lower)),
  data.frame(case = "AirPassengers_MMN", quantity = "hi95", index = 1:12, value = as.numeric(fc$upper)))
write.csv(rows, "tests/data/timeseries/ets_extra_reference.csv", row.names = FALSE, quote = FALSE)
