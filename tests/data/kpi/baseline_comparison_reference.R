# Reference values for tests/models/test_kpi_baseline.cpp (R 4.2.2, stats::glm quasipoisson, IRLS run to full convergence: epsilon = 1e-15).
# Run: Rscript baseline_comparison_reference.R
set.seed(20240601)
ref <- function(name, y, first_season, recent, baseline, ppy) {
  n <- length(y); w <- (n - recent - baseline + 1):n
  yy <- y[w]; season <- factor(((first_season + w - 1) %% ppy))
  rec <- as.integer(seq_along(w) > baseline)
  f <- if (ppy > 1) glm(yy ~ season + rec, family = quasipoisson, control = glm.control(epsilon = 1e-15, maxit = 200)) else glm(yy ~ rec, family = quasipoisson, control = glm.control(epsilon = 1e-15, maxit = 200))
  s <- summary(f)$coefficients["rec", ]
  phi <- summary(f)$dispersion; df <- f$df.residual
  tq <- qt(0.975, df)
  cat(sprintf("%s: y = c(%s)\n", name, paste(y, collapse = ", ")))
  cat(sprintf("  beta %.12f se %.12f p %.12g phi %.12f df %d lo %.12f hi %.12f\n", s[1], s[2], s[4], phi, df,
              exp(s[1] - tq * s[2]), exp(s[1] + tq * s[2])))
}
m <- 1:48
ref("drop", rpois(48, exp(log(40) + 0.3 * cos(2 * pi * m / 12) - 0.25 * (m > 36))), 0, 12, 36, 12)
ref("overdispersed", rnbinom(48, size = 8, mu = exp(log(25) + 0.4 * sin(2 * pi * m / 12))), 0, 12, 36, 12)
ref("unbalanced", rpois(30, exp(log(12) + 0.2 * cos(2 * pi * (1:30) / 12) + 0.3 * ((1:30) > 24))), 3, 6, 24, 12)
ref("quarterly", rpois(16, 90 * c(1.1, 0.9, 1.0, 1.0)), 1, 4, 12, 4)
