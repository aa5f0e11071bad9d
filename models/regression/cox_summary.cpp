// Names, option checks and the R-like printed summary of a Cox fit (summary.coxph layout).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "engine/core/error.hpp"
#include "models/regression/cox.hpp"
#include "models/regression/significance_stars.hpp"

namespace harmcast {

std::string to_string(CoxTies ties) { return ties == CoxTies::Efron ? "efron" : "breslow"; }

CoxTies cox_ties_from_string(std::string_view text) {
  if (text == "efron") return CoxTies::Efron;
  if (text == "breslow") return CoxTies::Breslow;
  throw Error("cox ties", "unknown method '" + std::string(text) + "'",
              "use 'efron' (coxph's default) or 'breslow'");
}

void CoxOptions::validate() const {
  auto fail = [](const std::string& field, const std::string& rule) {
    throw Error("CoxOptions." + field, rule);
  };
  if (max_iter < 0) fail("max_iter", "must be >= 0, got " + std::to_string(max_iter));
  if (!(eps > 0)) fail("eps", "must be > 0, got " + std::to_string(eps));
  if (!(toler_chol > 0 && toler_chol < 1))
    fail("toler_chol", "must be in (0, 1), got " + std::to_string(toler_chol));
  if (!(toler_inf > 0)) fail("toler_inf", "must be > 0, got " + std::to_string(toler_inf));
  if (!(conf_level > 0 && conf_level < 1))
    fail("conf_level", "must be in (0, 1), got " + std::to_string(conf_level));
  if (threads < 0)
    fail("threads", "must be >= 0 (0 = OpenMP default), got " + std::to_string(threads));
}

namespace {

// R's format.pval-like short p-value as print.summary.coxph shows it (signif(p, 1) style).
std::string short_p(double p) {
  if (std::isnan(p)) return "NA";
  if (p < 2.2e-16) return "<2e-16";
  return fmt::format("{:.1g}", p);
}

std::string number(double x, int digits) {
  if (std::isnan(x)) return "NA";
  return fmt::format("{:.{}g}", x, digits);
}

}  // namespace

std::string format_cox_summary(const CoxResult& r, const CoxOptions& options) {
  std::string out;
  out += fmt::format("  n= {}, number of events= {} \n\n", r.n, number(r.n_events, 10));
  std::size_t width = 4;
  for (const auto& t : r.terms) width = std::max(width, t.name.size());
  if (r.robust) {
    out += fmt::format("{:<{}} {:>10} {:>10} {:>10} {:>10} {:>8} {:>10}\n", "", width, "coef",
                       "exp(coef)", "se(coef)", "robust se", "z", "Pr(>|z|)");
  } else {
    out += fmt::format("{:<{}} {:>10} {:>10} {:>10} {:>8} {:>10}\n", "", width, "coef", "exp(coef)",
                       "se(coef)", "z", "Pr(>|z|)");
  }
  for (const auto& t : r.terms) {
    const std::string p = t.aliased ? "NA" : number(t.p_value, 4);
    if (r.robust)
      out += fmt::format("{:<{}} {:>10} {:>10} {:>10} {:>10} {:>8} {:>10} {}\n", t.name, width,
                         number(t.estimate, 5), number(t.hazard_ratio, 5),
                         number(t.naive_std_error, 5), number(t.std_error, 5), number(t.z, 4), p,
                         significance_stars(t.p_value));
    else
      out += fmt::format("{:<{}} {:>10} {:>10} {:>10} {:>8} {:>10} {}\n", t.name, width,
                         number(t.estimate, 5), number(t.hazard_ratio, 5), number(t.std_error, 5),
                         number(t.z, 4), p, significance_stars(t.p_value));
  }
  out += "---\nSignif. codes:  0 '***' 0.001 '**' 0.01 '*' 0.05 '.' 0.1 ' ' 1\n\n";
  const int level = static_cast<int>(std::lround(options.conf_level * 100));
  out += fmt::format("{:<{}} {:>10} {:>10} {:>10} {:>10}\n", "", width, "exp(coef)", "exp(-coef)",
                     fmt::format("lower .{}", level), fmt::format("upper .{}", level));
  for (const auto& t : r.terms)
    out += fmt::format("{:<{}} {:>10} {:>10} {:>10} {:>10}\n", t.name, width,
                       number(t.hazard_ratio, 4), number(1 / t.hazard_ratio, 4),
                       number(t.conf_low, 4), number(t.conf_high, 4));
  out += "\n";
  if (options.concordance)
    out += fmt::format("Concordance= {}  (se = {} )\n", number(r.concordance.concordance, 3),
                       number(r.concordance.std_error, 3));
  out += fmt::format("Likelihood ratio test= {}  on {} df,   p={}\n",
                     number(r.likelihood_ratio.statistic, 4), r.likelihood_ratio.df,
                     short_p(r.likelihood_ratio.p_value));
  out += fmt::format("Wald test            = {}  on {} df,   p={}\n", number(r.wald.statistic, 4),
                     r.wald.df, short_p(r.wald.p_value));
  out += fmt::format("Score (logrank) test = {}  on {} df,   p={}", number(r.score.statistic, 4),
                     r.score.df, short_p(r.score.p_value));
  if (r.has_robust_score)
    out += fmt::format(
        ",   Robust = {}  p={}\n\n  (Note: the likelihood ratio and score tests assume "
        "independence of\n     observations within a cluster, the Wald and robust "
        "score tests do not).\n",
        number(r.robust_score.statistic, 4), short_p(r.robust_score.p_value));
  else
    out += "\n";
  out += fmt::format("\nFit: {} ({} ties)\n", r.message, to_string(r.ties));
  return out;
}

}  // namespace harmcast
