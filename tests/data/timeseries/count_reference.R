#!/usr/bin/env Rscript
# Reference values for the count time-series model (models/timeseries/count.hpp), written
# independently of harmcast. Run from this directory: Rscript count_reference.R (R 4.2.2, MASS).
# tscount is not in Debian, so:
#  (a) without feedback the model is a GLM: stats::glm(poisson) and MASS::glm.nb on the design
#      [1, t/n, sin/cos(2 pi k t / 12) k = 1, 2, regressors];
#  (b) with feedback, nu_t = b0 + b1 log(y_{t-1} + 1) + a1 nu_{t-1} + eta' X_t, pre-sample
#      nu_0 = log(y_0 + 1) = (b0 + eta' X_1) / (1 - b1 - a1), the log-likelihood written below
#      and maximised by optim(BFGS) from the GLM solution (restarted until it stops moving).
# Series (count_series.csv): DriversKilled (UK car drivers killed per month 1969-1984, R's
# datasets::Seatbelts, Harvey & Durbin 1986) with the seat-belt law step (Feb 1983); and a
# simulated small-area series (96 months, mean ~4, negative binomial with feedback, seed below).
library(MASS)
options(digits = 15)
set.seed(20240611)
n <- 96; tt <- 1:n
nu <- numeric(n); y <- numeric(n); prev_nu <- log(4); prev_z <- log(5)
for (t in tt) {
  nu[t] <- 0.5 + 0.3 * prev_z + 0.3 * prev_nu + 0.3 * cos(2 * pi * t / 12)
  y[t] <- rnbinom(1, size = 8, mu = exp(nu[t])); prev_nu <- nu[t]; prev_z <- log(y[t] + 1)
}
sb <- as.data.frame(Seatbelts)
series <- rbind(data.frame(series = "drivers_killed", t = 1:nrow(sb), y = sb$DriversKilled, law = sb$law),
                data.frame(series = "small_area", t = tt, y = y, law = 0))
write.csv(series, "count_series.csv", row.names = FALSE, quote = FALSE)

design <- function(n, law, K = 2, period = 12) {
  t <- 1:n
  X <- cbind(trend = t / n)
  for (k in 1:K) X <- cbind(X, sin(2 * pi * k * t / period), cos(2 * pi * k * t / period))
  colnames(X) <- c("trend", paste0(rep(c("sin", "cos"), K), rep(1:K, each = 2)))
  if (!is.null(law)) X <- cbind(X, law = law)
  X
}
loglik <- function(par, y, X, negbin) {
  b0 <- par[1]; b1 <- par[2]; a1 <- par[3]; eta <- par[4:(3 + ncol(X))]
  if (abs(b1) >= 1 || abs(a1) >= 1 || abs(b1 + a1) >= 1) return(-Inf)
  pre <- (b0 + sum(eta * X[1, ])) / (1 - b1 - a1)
  z_prev <- pre; nu_prev <- pre; ll <- 0
  theta <- if (negbin) exp(par[length(par)]) else NA
  for (t in seq_along(y)) {
    nu <- b0 + b1 * z_prev + a1 * nu_prev + sum(eta * X[t, ])
    ll <- ll + if (negbin) dnbinom(y[t], size = theta, mu = exp(nu), log = TRUE)
               else dpois(y[t], exp(nu), log = TRUE)
    z_prev <- log(y[t] + 1); nu_prev <- nu
  }
  ll
}
rows <- list()
add <- function(case, name, value) rows[[length(rows) + 1]] <<- data.frame(case = case, name = name, value = value)
for (s in unique(series$series)) {
  d <- series[series$series == s, ]
  X <- design(nrow(d), if (s == "drivers_killed") d$law else NULL)
  g <- glm(d$y ~ X, family = poisson, control = glm.control(epsilon = 1e-12, maxit = 100))
  nb <- glm.nb(d$y ~ X, control = glm.control(epsilon = 1e-12, maxit = 100))
  for (j in seq_along(coef(g))) add(paste0(s, "_glm_poisson"), sprintf("coef_%d", j), coef(g)[[j]])
  add(paste0(s, "_glm_poisson"), "loglik", as.numeric(logLik(g)))
  for (j in seq_along(coef(nb))) add(paste0(s, "_glm_negbin"), sprintf("coef_%d", j), coef(nb)[[j]])
  add(paste0(s, "_glm_negbin"), "theta", nb$theta)
  add(paste0(s, "_glm_negbin"), "loglik", as.numeric(logLik(nb)))
  for (negbin in c(FALSE, TRUE)) {
    start <- if (negbin) c(coef(nb)[1], 0, 0, coef(nb)[-1], log(nb$theta)) else c(coef(g)[1], 0, 0, coef(g)[-1])
    f <- function(p) -loglik(p, d$y, X, negbin) / length(d$y)
    par <- start
    for (round in 1:20) {
      o <- optim(par, f, method = "BFGS",
                 control = list(reltol = 1e-15, maxit = 5000, ndeps = rep(1e-6, length(par))))
      moved <- max(abs(o$par - par)); par <- o$par
      if (moved < 1e-10) break
    }
    case <- paste0(s, if (negbin) "_feedback_negbin" else "_feedback_poisson")
    for (j in seq_along(par)) add(case, sprintf("par_%d", j), par[j])
    add(case, "loglik", -o$value * length(d$y))
  }
}
out <- do.call(rbind, rows)
write.csv(out, "count_reference.csv", row.names = FALSE, quote = FALSE)
print(out)
