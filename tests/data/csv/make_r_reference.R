# Run in tests/data/csv: Rscript make_r_reference.R. Writes r_written.csv with R's write.csv and the values R reads back, as the
# independent reference for test_csv_reader (R 4.2.2).
set.seed(7)
n <- 300
d <- data.frame(
  id = 1:n,
  score = round(rnorm(n, 50, 10), 3),
  ratio = rnorm(n) / 7,
  flag = sample(c(TRUE, FALSE, NA), n, replace = TRUE, prob = c(.45, .45, .1)),
  group = sample(c("north, east", "say \"hi\"", "plain", "two\nlines"), n, replace = TRUE),
  count = rpois(n, 3),
  month = format(seq(as.Date("2015-01-01"), by = "month", length.out = n), "%Y-%m"),
  stringsAsFactors = FALSE)
d$count[sample(n, 20)] <- NA
d$ratio[sample(n, 15)] <- NA
write.csv(d, "r_written.csv", row.names = FALSE)
back <- read.csv("r_written.csv", stringsAsFactors = TRUE)
summary <- data.frame(
  column = c("id", "score", "ratio", "flag", "count"),
  sum = c(sum(back$id), sum(back$score), sum(back$ratio, na.rm = TRUE),
          sum(back$flag, na.rm = TRUE), sum(back$count, na.rm = TRUE)),
  n_missing = c(sum(is.na(back$id)), sum(is.na(back$score)), sum(is.na(back$ratio)),
                sum(is.na(back$flag)), sum(is.na(back$count))))
write.csv(summary, "r_written_sums.csv", row.names = FALSE, quote = FALSE)
tab <- table(back$group)
write.csv(data.frame(level = names(tab), n = as.integer(tab)), "r_written_levels.csv",
          row.names = FALSE)
options(digits = 17)
print(summary)
print(tab)
cat(R.version.string, "\n")
