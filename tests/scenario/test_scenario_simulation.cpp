// Scenario simulation against answers known in closed form:
//  - a deterministic scenario (known rate, fixed effect, no count noise) gives the hand-computed
//    events averted and cost schedule;
//  - with a Poisson baseline and common random numbers the averted count of one month is
//    D = F^{-1}(U; L) - F^{-1}(U; L m), whose exact distribution follows from the two CDFs'
//    steps; a year's total is the 12-fold convolution. Simulated mean, sd and quantiles must
//    agree within Monte Carlo error;
//  - a log-normal effect on a known rate gives averted = L (1 - m) with m log-normal, so its
//    quantiles are L (1 - exp(mu -/+ z sigma));
//  - common random numbers make the averted interval far narrower than independent draws;
//  - results do not depend on the thread count.
#include <gtest/gtest.h>

#include <boost/math/distributions/poisson.hpp>
#include <cmath>
#include <map>

#include "engine/core/error.hpp"
#include "models/scenario/simulation.hpp"

namespace harmcast::scenario {
namespace {

const Period kFirst = Period::month(2024, 4);

BaselineGroup known_group(double rate, int horizon, std::vector<std::string> wards,
                          std::vector<double> weights = {}) {
  BaselineGroup g;
  g.name = "violence_with_injury";
  g.rates = std::make_shared<KnownRatePaths>(std::vector<double>(horizon, rate));
  for (const auto& w : wards)
    g.members.push_back({w + " | violence_with_injury", "violence_with_injury", w, ""});
  g.share_weights = std::move(weights);
  return g;
}

Intervention fixed_cut(double change, std::vector<std::string> wards) {
  Intervention i;
  i.name = "cut";
  i.target.wards = std::move(wards);
  i.start = kFirst;
  i.effect.kind = EffectKind::Fixed;
  i.effect.change = change;
  return i;
}

TEST(ScenarioSimulation, DeterministicScenarioMatchesHandComputedAvertedAndCosts) {
  // Two wards share a known rate of 400 a month 3:1, so W01 has 300 and W02 100. The scenario
  // cuts W02's rate by 20% for half of it (coverage 0.5), ramping up over 4 months, lasting a
  // year, then halving every 12 months. Per month after the ramp: 100 * 0.5 * 0.2 = 10 averted.
  const int horizon = 30;
  SimulationOptions options;
  options.paths = 3;
  options.noise = CountNoise::None;
  options.first = kFirst;
  options.horizon = horizon;
  Intervention i = fixed_cut(-0.2, {"W02"});
  i.coverage = 0.5;
  i.ramp_months = 4;
  i.half_life_months = 12;
  i.costs = {2024, 50000, 120000, 2500, 40};
  const Scenario s{"pilot", {i}};
  const auto r =
      simulate_scenarios({known_group(400, horizon, {"W01", "W02"}, {3, 1})}, {s}, {}, options);
  ASSERT_EQ(r.averted.size(), 3u);
  // Year 1: ramp months 2.5 + 5 + 7.5, then 9 full months of 10.
  EXPECT_NEAR(r.averted[0].averted.mean, 2.5 + 5 + 7.5 + 90, 1e-9);
  EXPECT_NEAR(r.averted[0].averted.sd, 0.0, 1e-12);
  EXPECT_NEAR(r.averted[0].baseline_mean, 1200, 1e-9);
  // Year 2: 10 * sum_{k=0}^{11} 2^{-k/12} = 10 * (1 - 1/2) / (1 - 2^{-1/12}).
  EXPECT_NEAR(r.averted[1].averted.mean, 10 * 0.5 / (1 - std::exp2(-1.0 / 12)), 1e-9);
  // Year 3: 6 months (k = 12..17) inside the horizon.
  EXPECT_EQ(r.averted[2].months, 6);
  EXPECT_NEAR(r.averted[2].averted.mean,
              10 * (std::exp2(-1.0) - std::exp2(-18.0 / 12)) / (1 - std::exp2(-1.0 / 12)), 1e-9);
  EXPECT_EQ(r.averted[0].crime_type, "violence_with_injury");
  EXPECT_DOUBLE_EQ(r.averted[0].averted.q025, r.averted[0].averted.q975);
  // Costs: one-off 50,000 + annual 120,000 + 40 x 2,500 a year; the third year is half a year.
  ASSERT_EQ(r.costs.size(), 3u);
  EXPECT_NEAR(r.costs[0].cost, 270000, 1e-6);
  EXPECT_NEAR(r.costs[1].cost, 220000, 1e-6);
  EXPECT_NEAR(r.costs[2].cost, 110000, 1e-6);
  EXPECT_EQ(r.costs[0].price_year, 2024);
  // Monthly paths: W02 only (the targeted ward); first month 100 vs 100 * (1 - 0.5*0.25*0.2).
  ASSERT_EQ(r.paths.size(), static_cast<std::size_t>(horizon));
  EXPECT_NEAR(r.paths[0].baseline.mean, 100, 1e-9);
  EXPECT_NEAR(r.paths[0].with_scenario.mean, 97.5, 1e-9);
}

TEST(ScenarioSimulation, LaterStartAndTwoInterventionsMultiply) {
  // Two cuts on one ward from the third month: multipliers 0.9 and 0.8 multiply to 0.72.
  SimulationOptions options;
  options.paths = 2;
  options.noise = CountNoise::None;
  options.first = kFirst;
  options.horizon = 14;
  Intervention a = fixed_cut(-0.1, {"W01"});
  Intervention b = fixed_cut(-0.2, {"W01"});
  a.start = b.start = kFirst + 2;
  const auto r =
      simulate_scenarios({known_group(50, 14, {"W01"})}, {{"both", {a, b}}}, {}, options);
  ASSERT_EQ(r.averted.size(), 1u);  // months 3..14 form year 1
  EXPECT_EQ(r.averted[0].months, 12);
  EXPECT_NEAR(r.averted[0].averted.mean, 12 * 50 * (1 - 0.72), 1e-9);
}

// Exact distribution of D = F^{-1}(U; a) - F^{-1}(U; b) for U uniform: the pair of quantiles
// is constant between consecutive CDF steps of the two distributions.
std::map<int, double> exact_crn_difference(double a, double b) {
  const boost::math::poisson_distribution<double> pa(a), pb(b);
  std::map<int, double> pmf;
  double u = 0;
  int ka = 0, kb = 0;
  while (u < 1 - 1e-15 && ka < 400) {
    const double next = std::min(boost::math::cdf(pa, ka), boost::math::cdf(pb, kb));
    if (next > u) pmf[ka - kb] += next - u;
    u = std::max(u, next);
    if (boost::math::cdf(pa, ka) <= u + 1e-18) ++ka;
    if (boost::math::cdf(pb, kb) <= u + 1e-18) ++kb;
  }
  return pmf;
}

std::map<int, double> convolve(const std::map<int, double>& x, const std::map<int, double>& y) {
  std::map<int, double> z;
  for (const auto& [i, p] : x)
    for (const auto& [j, q] : y) z[i + j] += p * q;
  return z;
}

struct Moments {
  double mean = 0, sd = 0;
};
Moments moments(const std::map<int, double>& pmf) {
  Moments m;
  for (const auto& [d, p] : pmf) m.mean += d * p;
  for (const auto& [d, p] : pmf) m.sd += (d - m.mean) * (d - m.mean) * p;
  m.sd = std::sqrt(m.sd);
  return m;
}

double cdf_at(const std::map<int, double>& pmf, double x) {
  double c = 0;
  for (const auto& [d, p] : pmf)
    if (d <= x) c += p;
  return c;
}

// A type-7 sample quantile at level q of n draws lies, with high probability, between the exact
// quantiles at q -/+ 4 sqrt(q (1 - q) / n): check through the exact CDF.
void expect_quantile_within_mc_error(const std::map<int, double>& pmf, double sample_quantile,
                                     double q, int n) {
  const double slack = 4 * std::sqrt(q * (1 - q) / n);
  EXPECT_GE(cdf_at(pmf, std::floor(sample_quantile)) + 1e-12, q - slack) << "q " << q;
  EXPECT_LE(cdf_at(pmf, std::ceil(sample_quantile) - 1), q + slack) << "q " << q;
}

SimulationOptions poisson_options(int horizon, int paths) {
  SimulationOptions options;
  options.paths = paths;
  options.noise = CountNoise::Poisson;
  options.first = kFirst;
  options.horizon = horizon;
  options.seed = 7;
  return options;
}

TEST(ScenarioSimulation, PoissonAvertedMatchesExactDistributionOnCommonRandomNumbers) {
  const double rate = 20, m = 0.8;
  const int n = 20000;
  const auto one_month = exact_crn_difference(rate, rate * m);
  {
    const auto r = simulate_scenarios({known_group(rate, 1, {"W01"})},
                                      {{"cut", {fixed_cut(m - 1, {})}}}, {}, poisson_options(1, n));
    const Summary& a = r.averted.at(0).averted;
    const Moments exact = moments(one_month);
    EXPECT_NEAR(a.mean, exact.mean, 4 * exact.sd / std::sqrt(n));
    EXPECT_NEAR(a.sd, exact.sd, 0.05 * exact.sd);
    for (auto [q, value] : {std::pair{0.025, a.q025}, {0.5, a.q50}, {0.975, a.q975}})
      expect_quantile_within_mc_error(one_month, value, q, n);
  }
  // A year: 12 independent months, the exact law is the 12-fold convolution.
  std::map<int, double> year = one_month;
  for (int t = 1; t < 12; ++t) year = convolve(year, one_month);
  const auto r = simulate_scenarios({known_group(rate, 12, {"W01"})},
                                    {{"cut", {fixed_cut(m - 1, {})}}}, {}, poisson_options(12, n));
  const Summary& a = r.averted.at(0).averted;
  const Moments exact = moments(year);
  std::printf("year averted: simulated mean %.3f sd %.3f [%.1f, %.1f]; exact mean %.3f sd %.3f\n",
              a.mean, a.sd, a.q025, a.q975, exact.mean, exact.sd);
  EXPECT_NEAR(exact.mean, 12 * rate * (1 - m), 0.05);  // E[D] = L - L m up to the coupling
  EXPECT_NEAR(a.mean, exact.mean, 4 * exact.sd / std::sqrt(n));
  EXPECT_NEAR(a.sd, exact.sd, 0.05 * exact.sd);
  for (auto [q, value] : {std::pair{0.025, a.q025}, {0.5, a.q50}, {0.975, a.q975}})
    expect_quantile_within_mc_error(year, value, q, n);
}

TEST(ScenarioSimulation, LogNormalEffectOnKnownRateGivesExactQuantiles) {
  // averted = L (1 - m), log m ~ N(log 0.85, 0.1^2): quantiles L (1 - 0.85 exp(-/+ z 0.1)).
  const double rate = 100;
  const int n = 40000;
  Intervention i = fixed_cut(-0.15, {});
  i.effect.kind = EffectKind::LogNormal;
  i.effect.sd = 0.1;
  SimulationOptions options = poisson_options(1, n);
  options.noise = CountNoise::None;
  const auto r = simulate_scenarios({known_group(rate, 1, {"W01"})}, {{"cut", {i}}}, {}, options);
  const Summary& a = r.averted.at(0).averted;
  const double z = 1.959963984540054;
  // Quantile of m at q has density f; the MC quantile's sd is sqrt(q(1-q)/n)/f: use 4 of them.
  auto lognormal_quantile_tolerance = [&](double q, double zq) {
    const double mq = 0.85 * std::exp(zq * 0.1);
    const double density = std::exp(-0.5 * zq * zq) / (std::sqrt(2 * M_PI) * 0.1 * mq);
    return 4 * rate * std::sqrt(q * (1 - q) / n) / density;
  };
  EXPECT_NEAR(a.q975, rate * (1 - 0.85 * std::exp(-z * 0.1)),
              lognormal_quantile_tolerance(0.025, -z));
  EXPECT_NEAR(a.q025, rate * (1 - 0.85 * std::exp(z * 0.1)),
              lognormal_quantile_tolerance(0.975, z));
  EXPECT_NEAR(a.mean, rate * (1 - 0.85 * std::exp(0.005)), 4 * a.sd / std::sqrt(n));
}

TEST(ScenarioSimulation, CommonRandomNumbersNarrowTheAvertedInterval) {
  const int n = 4000;
  const std::vector<Scenario> s = {{"cut", {fixed_cut(-0.2, {})}}};
  SimulationOptions crn = poisson_options(12, n);
  SimulationOptions independent = crn;
  independent.common_random_numbers = false;
  const auto a = simulate_scenarios({known_group(20, 12, {"W01"})}, s, {}, crn).averted.at(0);
  const auto b =
      simulate_scenarios({known_group(20, 12, {"W01"})}, s, {}, independent).averted.at(0);
  const double width_crn = a.averted.q975 - a.averted.q025;
  const double width_independent = b.averted.q975 - b.averted.q025;
  std::printf("95%% width of averted: CRN %.1f, independent %.1f\n", width_crn, width_independent);
  // Independent: sd sqrt(12 (20 + 16)) = 20.8; CRN: about sqrt(12 * 20) (1 - sqrt(0.8)) = 1.6.
  EXPECT_LT(width_crn, 0.25 * width_independent);
  EXPECT_NEAR(a.averted.mean, b.averted.mean, 4 * b.averted.sd / std::sqrt(n));
}

TEST(ScenarioSimulation, ResultsDoNotDependOnThreads) {
  std::vector<BaselineGroup> groups;
  for (int g = 0; g < 11; ++g) {
    auto group = known_group(5 + g, 24, {"W01", "W02", "W03"}, {5, 3, 2});
    group.uncertain_shares = true;
    for (auto& m : group.members) m.crime_type = m.id = "type" + std::to_string(g) + m.ward;
    groups.push_back(group);
  }
  Intervention i = fixed_cut(-0.1, {"W02"});
  i.effect.kind = EffectKind::RateRatio;
  i.effect.rate_ratio = 0.85;
  i.effect.se_log = 0.05;
  Target target{"all below", {}, kFirst + 12, kFirst + 23, 1300, ""};  // baseline mean 1320
  SimulationOptions one = poisson_options(24, 500);
  one.threads = 1;
  SimulationOptions two = one;
  two.threads = 2;
  const auto a = simulate_scenarios(groups, {{"rr", {i}}}, {target}, one);
  const auto b = simulate_scenarios(groups, {{"rr", {i}}}, {target}, two);
  ASSERT_EQ(a.averted.size(), b.averted.size());
  for (std::size_t k = 0; k < a.averted.size(); ++k) {
    EXPECT_EQ(a.averted[k].averted.mean, b.averted[k].averted.mean);
    EXPECT_EQ(a.averted[k].averted.q975, b.averted[k].averted.q975);
  }
  ASSERT_EQ(a.targets.size(), 2u);
  EXPECT_EQ(a.targets[0].probability, b.targets[0].probability);
  EXPECT_EQ(a.targets[1].total.mean, b.targets[1].total.mean);
  EXPECT_GT(a.targets[1].probability, a.targets[0].probability);  // fewer crimes: likelier met
}

TEST(ScenarioSimulation, TargetProbabilityForKnownRate) {
  // Poisson(12 * 10) total over a year below 110: exact P(X <= 109) for X ~ Poisson(120).
  const int n = 20000;
  Target target{"below 110", {}, kFirst, kFirst + 11, 110, ""};
  const auto r =
      simulate_scenarios({known_group(10, 12, {"W01"})}, {{"none", {fixed_cut(0.0, {})}}}, {target},
                         poisson_options(12, n));
  const double exact = boost::math::cdf(boost::math::poisson_distribution<double>(120), 109);
  EXPECT_NEAR(r.targets.at(0).probability, exact, 4 * std::sqrt(exact * (1 - exact) / n));
}

}  // namespace
}  // namespace harmcast::scenario
