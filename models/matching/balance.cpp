#include "models/matching/balance.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "engine/core/error.hpp"

namespace harmcast {

namespace {

const double kSqrtEps = std::sqrt(std::numeric_limits<double>::epsilon());

bool is_binary(std::span<const double> x) {
  return std::all_of(x.begin(), x.end(), [](double v) { return v == 0.0 || v == 1.0; });
}

// MatchIt's wvar on group g with weights w: p(1-p) if binary, else sum w(x-m)^2/(1 - sum w^2)
// with w normalised to sum one.
double weighted_variance(std::span<const double> x, std::span<const std::uint8_t> treat,
                         std::span<const double> w, int g, bool binary) {
  double sw = 0.0, sx = 0.0;
  for (std::size_t i = 0; i < x.size(); ++i)
    if (treat[i] == g) sw += w[i], sx += w[i] * x[i];
  if (sw <= 0.0) return NAN;
  const double mean = sx / sw;
  if (binary) return mean * (1.0 - mean);
  double ss = 0.0, sw2 = 0.0;
  for (std::size_t i = 0; i < x.size(); ++i)
    if (treat[i] == g) {
      const double wi = w[i] / sw;
      ss += wi * (x[i] - mean) * (x[i] - mean);
      sw2 += wi * wi;
    }
  return ss / (1.0 - sw2);
}

// MatchIt's pooled_sd(contribution = "proportional") with unit sampling weights.
double pooled_sd(std::span<const double> x, std::span<const std::uint8_t> treat, bool binary) {
  const double n = static_cast<double>(x.size());
  double var = 0.0;
  for (int g = 0; g <= 1; ++g) {
    double s = 0.0, m = 0.0;
    for (std::size_t i = 0; i < x.size(); ++i)
      if (treat[i] == g) s += x[i], m += 1.0;
    if (m == 0.0) continue;
    if (binary) {
      var += s * (1.0 - s / m) / n;
    } else {
      const double mean = s / m;
      for (std::size_t i = 0; i < x.size(); ++i)
        if (treat[i] == g) var += (x[i] - mean) * (x[i] - mean) / (n - 1.0);
    }
  }
  return std::sqrt(var);
}

}  // namespace

void BalanceOptions::validate() const {
  if (!(threshold > 0.0 && std::isfinite(threshold)))
    throw Error("balance options", fmt::format("threshold must be positive, got {}", threshold));
}

BalanceStats balance_statistics(std::span<const double> x, std::span<const std::uint8_t> treat,
                                std::span<const double> w, double treated_sd) {
  BalanceStats s;
  const bool binary = is_binary(x);
  double sw[2] = {0, 0}, sx[2] = {0, 0};
  std::size_t nonzero[2] = {0, 0};
  for (std::size_t i = 0; i < x.size(); ++i) {
    sw[treat[i]] += w[i];
    sx[treat[i]] += w[i] * x[i];
    nonzero[treat[i]] += w[i] != 0.0;
  }
  s.mean_treated = sx[1] / sw[1];
  s.mean_control = sx[0] / sw[0];
  const double diff = s.mean_treated - s.mean_control;
  const bool too_small = nonzero[1] < 2 && nonzero[0] < 2;
  s.smd = diff;
  if (std::fabs(diff) > kSqrtEps && !too_small) s.smd = diff / treated_sd;
  if (binary) {
    s.ecdf_mean = s.ecdf_max = std::fabs(diff);
    return s;
  }
  if (too_small) return s;
  s.var_ratio = weighted_variance(x, treat, w, 1, false) / weighted_variance(x, treat, w, 0, false);
  // eCDF differences at each distinct value (MatchIt's qqsum, standardize = TRUE).
  std::vector<std::size_t> order(x.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return x[a] < x[b]; });
  double cum = 0.0, total = 0.0, max = 0.0;
  std::size_t points = 0;
  for (std::size_t k = 0; k < order.size(); ++k) {
    const std::size_t i = order[k];
    cum += (treat[i] ? 1.0 : -1.0) * w[i] / sw[treat[i]];
    if (k + 1 == order.size() || x[order[k + 1]] != x[i]) {
      total += std::fabs(cum);
      max = std::max(max, std::fabs(cum));
      ++points;
    }
  }
  s.ecdf_mean = total / static_cast<double>(points);
  s.ecdf_max = max;
  return s;
}

BalanceTable compute_balance(const Eigen::MatrixXd& x, const std::vector<std::string>& names,
                             std::span<const std::uint8_t> treat, std::span<const double> weights,
                             const BalanceOptions& options) {
  options.validate();
  const std::size_t n = treat.size();
  if (static_cast<std::size_t>(x.rows()) != n || weights.size() != n ||
      names.size() != static_cast<std::size_t>(x.cols()))
    throw Error("balance", "covariates, names, treatment and weights differ in size");
  BalanceTable table;
  const std::vector<double> ones(n, 1.0);
  std::vector<double> column(n);
  for (Eigen::Index j = 0; j < x.cols(); ++j) {
    for (std::size_t i = 0; i < n; ++i) column[i] = x(static_cast<Eigen::Index>(i), j);
    BalanceRow row;
    row.covariate = names[static_cast<std::size_t>(j)];
    row.binary = is_binary(column);
    double treated_sd = std::sqrt(weighted_variance(column, treat, ones, 1, row.binary));
    if (!std::isfinite(treated_sd) || treated_sd < kSqrtEps)
      treated_sd = pooled_sd(column, treat, row.binary);
    row.before = balance_statistics(column, treat, ones, treated_sd);
    row.after = balance_statistics(column, treat, weights, treated_sd);
    row.flagged = std::fabs(row.after.smd) > options.threshold;
    table.max_abs_smd_before = std::max(table.max_abs_smd_before, std::fabs(row.before.smd));
    table.max_abs_smd_after = std::max(table.max_abs_smd_after, std::fabs(row.after.smd));
    table.flagged += row.flagged;
    table.rows.push_back(std::move(row));
  }
  table.message =
      table.flagged == 0
          ? fmt::format("all {} covariates within |SMD| {} after matching (largest {:.3f})",
                        table.rows.size(), options.threshold, table.max_abs_smd_after)
          : fmt::format("{} of {} covariates have |SMD| above {} after matching (largest {:.3f})",
                        table.flagged, table.rows.size(), options.threshold,
                        table.max_abs_smd_after);
  return table;
}

std::vector<LovePoint> love_plot_data(const BalanceTable& table) {
  std::vector<LovePoint> points;
  for (const auto& r : table.rows) points.push_back({r.covariate, r.before.smd, r.after.smd});
  return points;
}

std::string format_balance_table(const BalanceTable& table) {
  auto num = [](double v) {
    return std::isnan(v) ? std::string("     .") : fmt::format("{:6.3f}", v);
  };
  std::size_t width = 9;
  for (const auto& r : table.rows) width = std::max(width, r.covariate.size());
  std::string out =
      fmt::format("{:<{}}  {:>9} {:>9}  {:>6} {:>6}  {:>6} {:>6}  {:>6} {:>6}\n", "covariate",
                  width, "mean trt", "mean ctl", "SMD", "SMD", "VR", "VR", "eCDF", "eCDF");
  out += fmt::format("{:<{}}  {:>9} {:>9}  {:>6} {:>6}  {:>6} {:>6}  {:>6} {:>6}\n", "", width,
                     "(matched)", "(matched)", "before", "after", "before", "after", "max bf",
                     "max af");
  for (const auto& r : table.rows)
    out += fmt::format("{:<{}}  {:9.3f} {:9.3f}  {} {}  {} {}  {} {}{}\n", r.covariate, width,
                       r.after.mean_treated, r.after.mean_control, num(r.before.smd),
                       num(r.after.smd), num(r.before.var_ratio), num(r.after.var_ratio),
                       num(r.before.ecdf_max), num(r.after.ecdf_max), r.flagged ? "  *" : "");
  out += table.message + (table.flagged ? " (* = |SMD| above the threshold)\n" : "\n");
  return out;
}

}  // namespace harmcast
