#!/usr/bin/env Rscript
# Reference values for the structural (unobserved components) model tests.
# Run from this directory: Rscript structural_reference.R   (R 4.2.2, stats::StructTS)
# Writes nile.csv and ukgas.csv (the series, from R's datasets package) and
# structural_reference.csv (estimated variances, log-likelihood, smoothed states, forecasts).
#
# Sources: Nile — annual flow of the Nile at Aswan 1871-1970 (10^8 m^3), Cobb (1978),
# Durbin & Koopman (2012) section 2; R datasets::Nile. UKgas — UK quarterly gas consumption
# 1960Q1-1986Q4 (million therms), Harvey (1989); R datasets::UKgas.
options(digits = 15)
write.csv(data.frame(year = 1871:1970, flow = as.numeric(Nile)), "nile.csv", row.names = FALSE)
write.csv(data.frame(quarter = sprintf("%d-Q%d", floor(time(UKgas)), cycle(UKgas)),
                     gas = as.numeric(UKgas)), "ukgas.csv", row.names = FALSE, quote = FALSE)
rows <- list()
add <- function(case, name, value) rows[[length(rows) + 1]] <<- data.frame(case = case, name = name, value = value)

# Local level on Nile: the classic 15099 / 1469.1 (Durbin & Koopman 2012, section 2.10).
fit <- StructTS(Nile, type = "level", optim.control = list(factr = 1e2, maxit = 1000))
add("nile_level", "var_level", fit$coef[["level"]])
add("nile_level", "var_irregular", fit$coef[["epsilon"]])
sm <- tsSmooth(fit)
for (t in c(1, 28, 50, 100)) add("nile_level", sprintf("smoothed_level_%d", t), sm[t])
fc <- predict(fit, n.ahead = 5)
for (h in 1:5) add("nile_level", sprintf("forecast_%d", h), fc$pred[h])
for (h in 1:5) add("nile_level", sprintf("forecast_se_%d", h), fc$se[h])

# Basic structural model on log(UKgas): level, slope, dummy seasonal, irregular.
fit <- StructTS(log10(UKgas), type = "BSM", optim.control = list(factr = 1e2, maxit = 1000))
add("ukgas_bsm", "var_level", fit$coef[["level"]])
add("ukgas_bsm", "var_slope", fit$coef[["slope"]])
add("ukgas_bsm", "var_seasonal", fit$coef[["seas"]])
add("ukgas_bsm", "var_irregular", fit$coef[["epsilon"]])
fc <- predict(fit, n.ahead = 8)
for (h in 1:8) add("ukgas_bsm", sprintf("forecast_%d", h), fc$pred[h])
for (h in 1:8) add("ukgas_bsm", sprintf("forecast_se_%d", h), fc$se[h])

# Local linear trend on Nile.
fit <- StructTS(Nile, type = "trend", optim.control = list(factr = 1e2, maxit = 1000))
add("nile_trend", "var_level", fit$coef[["level"]])
add("nile_trend", "var_slope", fit$coef[["slope"]])
add("nile_trend", "var_irregular", fit$coef[["epsilon"]])

out <- do.call(rbind, rows)
write.csv(out, "structural_reference.csv", row.names = FALSE, quote = FALSE)
print(out)
