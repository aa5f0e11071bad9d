# Reference values for tests/causal/test_causal_*.cpp. Run from this directory with
#   Rscript make_reference.R
# R 4.2.2, MASS 7.3-58.2, sandwich (vcovCL), quadprog (solve.QP). Writes the data sets the C++
# tests read (its_series.csv, did_panel.csv, synth_panel.csv) and the reference values
# (its_reference.csv, did_reference.csv, synth_reference.csv: case, name, value).
suppressMessages({ library(MASS); library(sandwich); library(quadprog) })
out <- function(case, name, value) data.frame(case = case, name = name, value = value)
fmt <- function(df, file) write.csv(df, file, row.names = FALSE, quote = FALSE)
options(digits = 17)

## 1. Interrupted time series: 72 months 2015-01..2020-12, intervention 2019-01 (t = 49).
set.seed(20261125)
n <- 72; t <- 1:n; month <- ((t - 1) %% 12) + 1; t0 <- 49
step <- as.numeric(t >= t0); t_after <- ifelse(t >= t0, t - t0, 0)
mu <- exp(log(60) + 0.004 * t + 0.15 * cos(2 * pi * (month - 7) / 12) + log(0.8) * step)
y <- rnbinom(n, size = 20, mu = mu)
fmt(data.frame(period = sprintf("%d-%02d", 2015 + (t - 1) %/% 12, month), count = y),
    "its_series.csv")
ref <- NULL
add_fit <- function(case, fit, dispersion_name = "dispersion") {
  s <- summary(fit)$coefficients
  r <- rbind(out(case, paste0("coef:", rownames(s)), s[, 1]),
             out(case, paste0("se:", rownames(s)), s[, 2]),
             out(case, paste0("p:", rownames(s)), s[, 4]))
  r
}
q1 <- glm(y ~ t + factor(month) + step + t_after, family = quasipoisson)
ref <- rbind(ref, add_fit("quasipoisson_month_slope", q1),
             out("quasipoisson_month_slope", "dispersion", summary(q1)$dispersion))
# counterfactual over the post periods and events averted with delta-method SE (Poisson vcov)
counterfactual <- function(fit, data_cf, case) {
  post <- t >= t0
  X <- model.matrix(fit); X0 <- X; X0[, "step"] <- 0; X0[, "t_after"] <- 0
  b <- coef(fit); V <- vcov(fit)
  mu1 <- exp(drop(X %*% b)); mu0 <- exp(drop(X0 %*% b))
  with <- sum(mu1[post]); without <- sum(mu0[post])
  g <- colSums(mu0[post] * X0[post, ]) - colSums(mu1[post] * X[post, ])
  gl <- colSums(mu1[post] * X[post, ]) / with - colSums(mu0[post] * X0[post, ]) / without
  rbind(out(case, "expected_with", with), out(case, "expected_without", without),
        out(case, "averted_se", sqrt(drop(t(g) %*% V %*% g))),
        out(case, "log_ratio_se", sqrt(drop(t(gl) %*% V %*% gl))))
}
ref <- rbind(ref, counterfactual(q1, NULL, "quasipoisson_month_slope"))
nw <- NeweyWest(q1, lag = 3, prewhite = FALSE, adjust = FALSE)
ref <- rbind(ref, out("newey_west_lag3", paste0("se:", names(coef(q1))), sqrt(diag(nw))))
p1 <- glm(y ~ t + factor(month) + step, family = poisson)
ref <- rbind(ref, add_fit("poisson_month_step", p1))
s1 <- sin(2 * pi * month / 12); c1 <- cos(2 * pi * month / 12)
s2 <- sin(4 * pi * month / 12); c2 <- cos(4 * pi * month / 12)
q2 <- glm(y ~ t + s1 + c1 + s2 + c2 + step + t_after, family = quasipoisson)
ref <- rbind(ref, add_fit("quasipoisson_fourier2_slope", q2),
             out("quasipoisson_fourier2_slope", "dispersion", summary(q2)$dispersion))
nb <- glm.nb(y ~ t + factor(month) + step + t_after)
ref <- rbind(ref, add_fit("negbin_month_slope", nb), out("negbin_month_slope", "theta", nb$theta))
fmt(ref, "its_reference.csv")

## 2. Difference-in-differences: 8 units x 24 months 2018-01..2019-12, units U1-U3 treated
## from 2019-01 (period 13), true rate ratio 0.8.
set.seed(4242)
units <- paste0("U", 1:8); periods <- 1:24
d <- expand.grid(period = periods, unit = units, stringsAsFactors = FALSE)[, c("unit", "period")]
level <- setNames(c(40, 55, 30, 25, 60, 35, 45, 50), units)
d$treated <- d$unit %in% c("U1", "U2", "U3")
d$post <- d$period >= 13
d$D <- as.numeric(d$treated & d$post)
season <- 0.1 * sin(2 * pi * periods / 12) + 0.01 * periods
d$y <- rnbinom(nrow(d), size = 30,
               mu = level[d$unit] * exp(season[d$period] + log(0.8) * d$D))
fmt(data.frame(unit = d$unit, period = sprintf("%d-%02d", 2018 + (d$period - 1) %/% 12,
                                                 ((d$period - 1) %% 12) + 1), count = d$y),
    "did_panel.csv")
fit <- glm(y ~ factor(unit) + factor(period) + D, family = poisson, data = d)
V <- vcovCL(fit, cluster = ~unit)
ref <- rbind(out("did_cluster", "coef:D", coef(fit)["D"]),
             out("did_cluster", "se:D", sqrt(V["D", "D"])))
qfit <- glm(y ~ factor(unit) + factor(period) + D, family = quasipoisson, data = d)
ref <- rbind(ref, out("did_quasi", "coef:D", coef(qfit)["D"]),
             out("did_quasi", "se:D", summary(qfit)$coefficients["D", 2]))
d$rel <- ifelse(d$treated, d$period - 13, -1)  # controls: reference level
d$relf <- relevel(factor(d$rel), ref = "-1")
es <- glm(y ~ factor(unit) + factor(period) + relf, family = poisson, data = d)
Ves <- vcovCL(es, cluster = ~unit)
nm <- grep("^relf", names(coef(es)), value = TRUE)
ref <- rbind(ref, out("event_study", paste0("coef:", sub("relf", "", nm)), coef(es)[nm]),
             out("event_study", paste0("se:", sub("relf", "", nm)), sqrt(diag(Ves)[nm])))
# randomization inference: every set of 3 of the 8 units as the treated set
obs <- abs(coef(fit)["D"])
perm <- combn(units, 3, function(set) {
  dd <- d; dd$D <- as.numeric(dd$unit %in% set & dd$post)
  abs(coef(glm(y ~ factor(unit) + factor(period) + D, family = poisson, data = dd))["D"])
})
ref <- rbind(ref, out("did_permutation", "p_value", mean(perm >= obs - 1e-10)),
             out("did_permutation", "count", length(perm)))
fmt(ref, "did_reference.csv")

## 3. Synthetic control: 10 donors x 40 months (30 pre), 2016-01..2019-04.
set.seed(777)
J <- 10; TT <- 40; T0 <- 30
donors <- sapply(1:J, function(j) 50 + 10 * j / J + cumsum(rnorm(TT, 0, 2)) +
                   5 * sin(2 * pi * (1:TT + j) / 12))
exact <- drop(donors %*% c(0, 0.5, 0, 0, 0.3, 0, 0.2, 0, 0, 0))
exact[(T0 + 1):TT] <- exact[(T0 + 1):TT] + 5           # known effect +5 per period
noisy <- drop(donors %*% c(0.25, 0, 0.4, 0, 0, 0.35, 0, 0, 0, 0)) + rnorm(TT, 0, 1.5)
per <- sprintf("%d-%02d", 2016 + (0:(TT - 1)) %/% 12, (0:(TT - 1)) %% 12 + 1)
long <- rbind(
  data.frame(unit = rep(paste0("D", 1:J), each = TT), period = rep(per, J), value = c(donors)),
  data.frame(unit = "EXACT", period = per, value = exact),
  data.frame(unit = "NOISY", period = per, value = noisy))
fmt(long, "synth_panel.csv")
qp_weights <- function(target) {
  A <- donors[1:T0, ]; b <- target[1:T0]
  sol <- solve.QP(Dmat = crossprod(A) + diag(1e-10, J), dvec = drop(crossprod(A, b)),
                  Amat = cbind(1, diag(J)), bvec = c(1, rep(0, J)), meq = 1)
  pmax(sol$solution, 0)
}
w_exact <- qp_weights(exact); w_noisy <- qp_weights(noisy)
ref <- rbind(out("exact", paste0("w:D", 1:J), w_exact), out("noisy", paste0("w:D", 1:J), w_noisy),
             out("noisy", "pre_mse", mean((noisy[1:T0] - donors[1:T0, ] %*% w_noisy)^2)))
# Predictors with a given diagonal V: 12 predictors for the 10 donors and NOISY; NOISY's are a
# combination of the donors' plus noise. Rows scaled by their SD over the 11 units (as Synth).
set.seed(31)
K <- 12
X0 <- matrix(rnorm(K * J, 10, 3), K, J)
X1 <- drop(X0 %*% c(0, 0.2, 0, 0.5, 0, 0, 0, 0.3, 0, 0)) + rnorm(K, 0, 0.5)
v <- round(runif(K, 0.5, 2), 3)
sds <- apply(cbind(X1, X0), 1, sd)
A <- sqrt(v) * X0 / sds; b <- sqrt(v) * X1 / sds
sol <- solve.QP(Dmat = crossprod(A) + diag(1e-10, J), dvec = drop(crossprod(A, b)),
                Amat = cbind(1, diag(J)), bvec = c(1, rep(0, J)), meq = 1)
fmt(data.frame(unit = rep(c(paste0("D", 1:J), "NOISY"), each = K), predictor = rep(1:K, J + 1),
               value = c(X0, X1)), "synth_predictors.csv")
ref <- rbind(ref, out("predictors", paste0("w:D", 1:J), pmax(sol$solution, 0)),
             out("predictors", paste0("v", 1:K), v))
fmt(ref, "synth_reference.csv")
cat("R", R.version$major, R.version$minor, " sandwich", as.character(packageVersion("sandwich")),
    " quadprog", as.character(packageVersion("quadprog")), " MASS",
    as.character(packageVersion("MASS")), "\n")
