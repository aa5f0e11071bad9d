#include "models/kpi/baseline_comparison.hpp"

#include <fmt/format.h>

#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <vector>

#include "engine/core/error.hpp"

namespace harmcast::kpi {

std::string to_string(Direction direction) {
  return direction == Direction::Fall ? "fall" : "rise";
}

std::string to_string(ChangeVerdict verdict) {
  switch (verdict) {
    case ChangeVerdict::RealIncrease:
      return "real increase";
    case ChangeVerdict::RealDecrease:
      return "real decrease";
    case ChangeVerdict::NoClearChange:
      return "no clear change";
    case ChangeVerdict::NotAssessed:
      break;
  }
  return "not assessed";
}

void BaselineComparisonOptions::validate() const {
  auto fail = [](const std::string& field, const std::string& rule, const std::string& got) {
    throw Error("kpi." + field, "expected " + rule + ", got " + got);
  };
  if (recent_periods < 1)
    fail("recent_months", "a positive integer", std::to_string(recent_periods));
  if (baseline_periods < 1) {
    fail("baseline_years", "a positive number of years", std::to_string(baseline_periods));
  }
  if (periods_per_year < 1)
    fail("periods_per_year", "a positive integer", std::to_string(periods_per_year));
  if (!(level > 0 && level < 1))
    fail("level", "a confidence level between 0 and 1", fmt::format("{}", level));
}

namespace {

struct SeasonTotals {
  std::vector<double> total;    // Y_m: all counts in season m (both windows)
  std::vector<int> n_baseline;  // baseline observations in season m
  std::vector<int> n_recent;    // recent observations in season m
};

// Profile score of beta: with alpha_m at their conditional MLEs, exp(alpha_m) =
// Y_m / (nb_m + nr_m e^beta), the recent-window score is R - e^beta sum_m nr_m Y_m / (nb_m +
// nr_m e^beta), which decreases monotonically in beta. Solve it by Newton steps in log space,
// guarded by bisection.
double solve_beta(const SeasonTotals& s, double recent_total) {
  auto score = [&](double beta) {
    const double e = std::exp(beta);
    double expected = 0;
    for (std::size_t m = 0; m < s.total.size(); ++m) {
      if (s.n_recent[m] == 0) continue;
      expected += s.n_recent[m] * s.total[m] / (s.n_baseline[m] + s.n_recent[m] * e);
    }
    return recent_total - e * expected;
  };
  double lo = -30, hi = 30;
  for (int i = 0; i < 200 && hi - lo > 1e-14; ++i) {
    const double mid = 0.5 * (lo + hi);
    (score(mid) > 0 ? lo : hi) = mid;
  }
  return 0.5 * (lo + hi);
}

BaselineComparison not_assessed(std::string why) {
  BaselineComparison out;
  out.verdict = ChangeVerdict::NotAssessed;
  out.message = std::move(why);
  return out;
}

}  // namespace

BaselineComparison compare_with_baseline(std::span<const double> counts, int first_season,
                                         const BaselineComparisonOptions& options) {
  options.validate();
  const std::size_t window = options.recent_periods + options.baseline_periods;
  if (counts.size() < window) {
    return not_assessed(fmt::format("needs {} periods ({} baseline and {} recent), has {}", window,
                                    options.baseline_periods, options.recent_periods,
                                    counts.size()));
  }
  const std::size_t start = counts.size() - window;
  const int seasons = options.periods_per_year;
  SeasonTotals s{std::vector<double>(seasons, 0.0), std::vector<int>(seasons, 0),
                 std::vector<int>(seasons, 0)};
  double recent_total = 0, baseline_total = 0;
  for (std::size_t t = start; t < counts.size(); ++t) {
    const double y = counts[t];
    if (std::isnan(y)) return not_assessed("a period in the comparison window has no value");
    if (y < 0) return not_assessed("a count in the comparison window is negative");
    const int season = static_cast<int>(
        ((static_cast<long long>(first_season) + t) % seasons + seasons) % seasons);
    const bool recent = t >= counts.size() - options.recent_periods;
    s.total[season] += y;
    (recent ? s.n_recent : s.n_baseline)[season] += 1;
    (recent ? recent_total : baseline_total) += y;
  }
  if (recent_total == 0 || baseline_total == 0) {
    return not_assessed(recent_total == 0 ? "no events in the recent window"
                                          : "no events in the baseline window");
  }

  BaselineComparison out;
  out.recent_total = recent_total;
  out.baseline_mean_total = baseline_total * options.recent_periods / options.baseline_periods;
  const double beta = solve_beta(s, recent_total);
  const double e = std::exp(beta);

  // Fitted means, Pearson X^2 and the information for beta after profiling out the seasons.
  std::vector<double> alpha_exp(seasons, 0.0);
  int used_seasons = 0;
  for (int m = 0; m < seasons; ++m) {
    const double denom = s.n_baseline[m] + s.n_recent[m] * e;
    if (s.n_baseline[m] + s.n_recent[m] > 0) ++used_seasons;
    alpha_exp[m] = denom > 0 ? s.total[m] / denom : 0.0;
  }
  double pearson = 0, info_bb = 0, info_correction = 0;
  for (std::size_t t = start; t < counts.size(); ++t) {
    const int season = static_cast<int>(
        ((static_cast<long long>(first_season) + t) % seasons + seasons) % seasons);
    const bool recent = t >= counts.size() - options.recent_periods;
    const double mu = alpha_exp[season] * (recent ? e : 1.0);
    if (mu > 0) pearson += (counts[t] - mu) * (counts[t] - mu) / mu;
  }
  for (int m = 0; m < seasons; ++m) {
    const double season_mu = alpha_exp[m] * (s.n_baseline[m] + s.n_recent[m] * e);
    const double recent_mu = alpha_exp[m] * s.n_recent[m] * e;
    info_bb += recent_mu;
    if (season_mu > 0) info_correction += recent_mu * recent_mu / season_mu;
  }
  const int df = static_cast<int>(window) - used_seasons - 1;
  if (df < 1) return not_assessed("too few periods to estimate the variation around the baseline");
  out.degrees_of_freedom = df;
  out.dispersion_estimated = pearson / df;
  out.dispersion = options.floor_dispersion_at_one ? std::max(1.0, out.dispersion_estimated)
                                                   : out.dispersion_estimated;
  const double info = info_bb - info_correction;
  if (!(info > 0)) return not_assessed("the recent window carries no information on the change");
  const double se = std::sqrt(out.dispersion / info);

  const boost::math::students_t t_dist(df);
  const double t_crit = boost::math::quantile(t_dist, 0.5 + options.level / 2);
  out.rate_ratio = e;
  out.change = e - 1;
  out.ratio_low = std::exp(beta - t_crit * se);
  out.ratio_high = std::exp(beta + t_crit * se);
  out.p_value = 2 * boost::math::cdf(boost::math::complement(t_dist, std::fabs(beta) / se));
  if (out.ratio_low > 1) {
    out.verdict = ChangeVerdict::RealIncrease;
  } else if (out.ratio_high < 1) {
    out.verdict = ChangeVerdict::RealDecrease;
  } else {
    out.verdict = ChangeVerdict::NoClearChange;
  }
  out.moving_as_desired =
      (options.desired == Direction::Fall && out.verdict == ChangeVerdict::RealDecrease) ||
      (options.desired == Direction::Rise && out.verdict == ChangeVerdict::RealIncrease);
  return out;
}

}  // namespace harmcast::kpi
