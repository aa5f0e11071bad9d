// Difference in a quantile of time to event on a matched sample
// (models/matching/time_quantile.hpp). Quantiles are checked against survival 3.5-3's
// quantile(survfit(...)) on MatchIt-matched samples of the 5,000-row anchor cohort and on small
// samples exercising the midpoint rules (tests/data/matching/make_time_quantile_reference.R);
// the weighted Kaplan-Meier median against fit_kaplan_meier (itself checked against survfit) on
// tied, censored data, with case weights against replicated rows; the bootstrap interval by
// coverage of a known difference in medians.
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "engine/core/error.hpp"
#include "engine/core/random.hpp"
#include "engine/io/csv_reader.hpp"
#include "models/matching/propensity.hpp"
#include "models/matching/time_quantile.hpp"
#include "models/regression/kaplan_meier.hpp"
#include "tests/support/paths.hpp"

namespace harmcast {
namespace {

constexpr double kQuantileRel = 1e-12;  // quantiles are data times or midpoints of two: exact

// n treated units 0..n-1 each matched to control n + i (1:1 without replacement).
MatchResult one_to_one(std::size_t n) {
  MatchResult m;
  m.ratio = 1;
  m.weights.assign(2 * n, 1.0);
  m.subclass.resize(2 * n);
  m.discarded.assign(2 * n, 0);
  m.set_offsets.push_back(0);
  for (std::size_t i = 0; i < n; ++i) {
    m.treated_units.push_back(i);
    m.set_controls.push_back(n + i);
    m.set_offsets.push_back(i + 1);
    m.subclass[i] = m.subclass[n + i] = static_cast<std::int64_t>(i);
  }
  m.n_treated = m.n_control = m.n_matched_treated = m.n_matched_control = n;
  return m;
}

TEST(MatchingTimeQuantile, WeightedMedianEqualsKaplanMeier) {
  RandomStream rng(7, 0);
  for (int trial = 0; trial < 50; ++trial) {
    const int n = 20 + trial * 3;
    std::vector<double> time(n), event(n), weight(n, 1.0);
    Eigen::VectorXd t(n);
    Eigen::VectorXi e(n);
    for (int i = 0; i < n; ++i) {
      time[i] = std::ceil(rng.exponential(0.1));  // integer days: many ties
      event[i] = rng.uniform() < 0.7 ? 1.0 : 0.0;
      t[i] = time[i];
      e[i] = static_cast<int>(event[i]);
    }
    const double km = fit_kaplan_meier(t, e).curves.at(0).median;
    const double ours = weighted_km_quantile(time, event, weight, 0.5);
    if (std::isnan(km))
      EXPECT_TRUE(std::isnan(ours));
    else
      EXPECT_DOUBLE_EQ(ours, km) << "trial " << trial;
  }
}

TEST(MatchingTimeQuantile, CaseWeightsEqualReplicatedRows) {
  RandomStream rng(11, 0);
  std::vector<double> time, event, weight, rep_time, rep_event, ones;
  for (int i = 0; i < 60; ++i) {
    time.push_back(std::ceil(rng.exponential(0.05)));
    event.push_back(rng.uniform() < 0.8);
    weight.push_back(static_cast<double>(rng.uniform_int(1, 3)));
    for (int k = 0; k < weight.back(); ++k) {
      rep_time.push_back(time.back());
      rep_event.push_back(event.back());
      ones.push_back(1.0);
    }
  }
  for (double q : {0.1, 0.25, 0.5})
    EXPECT_DOUBLE_EQ(weighted_km_quantile(time, event, weight, q),
                     weighted_km_quantile(rep_time, rep_event, ones, q));
}

TEST(MatchingTimeQuantile, NotReachedIsSaidNotGuessed) {
  const std::size_t n = 50;
  std::vector<double> time(2 * n, 365.0), event(2 * n, 0.0);
  std::vector<std::uint8_t> treat(2 * n, 0);
  for (std::size_t i = 0; i < n; ++i) treat[i] = 1;
  for (std::size_t i = 0; i < 10; ++i) event[i] = 1.0, time[i] = 30.0 + i;  // 20% had the event
  EffectOptions options;
  options.bootstrap_replicates = 100;
  const EffectResult r =
      estimate_time_quantile_difference(time, event, treat, one_to_one(n), "days", options);
  EXPECT_TRUE(std::isnan(r.estimate));
  EXPECT_TRUE(std::isnan(r.conf_low));
  EXPECT_NE(r.sentence.find("not reached"), std::string::npos) << r.sentence;
}

// Treated times Exp(rate 1/150), controls Exp(1/100), censored at 1000: medians 150 ln 2 and
// 100 ln 2, true difference 50 ln 2 = 34.66 days. 150 samples of 300 pairs; the percentile
// interval must cover in 95% of them: accept 134-149 covered (Binomial(150, 0.95) central 99.9%
// is about 135-149); the mean estimate must be within 3 days of the truth (its SE ~0.9 days).
TEST(MatchingTimeQuantile, BootstrapIntervalCoversKnownDifference) {
  const std::size_t pairs = 300;
  const double truth = 50.0 * std::log(2.0);
  const MatchResult match = one_to_one(pairs);
  std::vector<std::uint8_t> treat(2 * pairs, 0);
  for (std::size_t i = 0; i < pairs; ++i) treat[i] = 1;
  int covered = 0;
  double sum = 0.0;
  const int samples = 150;
  for (int s = 0; s < samples; ++s) {
    RandomStream rng(2024, static_cast<std::uint64_t>(s));
    std::vector<double> time(2 * pairs), event(2 * pairs);
    for (std::size_t i = 0; i < 2 * pairs; ++i) {
      const double t = rng.exponential(treat[i] ? 1.0 / 150.0 : 1.0 / 100.0);
      time[i] = std::min(t, 1000.0);
      event[i] = t <= 1000.0;
    }
    EffectOptions options;
    options.bootstrap_replicates = 400;
    options.seed = 100 + static_cast<std::uint64_t>(s);
    const EffectResult r =
        estimate_time_quantile_difference(time, event, treat, match, "days", options);
    covered += r.conf_low <= truth && truth <= r.conf_high;
    sum += r.estimate;
  }
  EXPECT_GE(covered, 134);
  EXPECT_LE(covered, 149);
  EXPECT_NEAR(sum / samples, truth, 3.0);
}

using harmcast::testing::test_data;

// quantile(survfit(...)) values by (config, q, group); NaN for R's NA.
std::map<std::tuple<std::string, double, std::string>, double> survfit_quantiles() {
  const Table t = read_csv(test_data("matching/time_quantile_reference.csv"));
  std::map<std::tuple<std::string, double, std::string>, double> out;
  for (std::size_t i = 0; i < t.rows(); ++i)
    out[{t.column("config").text(i), t.column("q").numeric(i), t.column("group").text(i)}] =
        t.column("quantile").is_missing(i) ? NAN : t.column("quantile").numeric(i);
  return out;
}

void expect_same(double ours, double r, const std::string& what) {
  if (std::isnan(r))
    EXPECT_TRUE(std::isnan(ours)) << what << ": R gives NA, ours " << ours;
  else
    EXPECT_NEAR(ours, r, kQuantileRel * std::fabs(r)) << what;
}

TEST(MatchingTimeQuantile, MidpointRulesAsSurvfitQuantile) {
  const auto ref = survfit_quantiles();
  const std::vector<double> steps_time = {5, 8, 12, 20, 25, 30, 40, 50};
  const std::vector<double> steps_event = {1, 1, 1, 1, 1, 1, 1, 0};
  const std::vector<double> last_time = {1, 2, 3, 4}, last_event = {1, 1, 0, 0};
  for (double q : {0.25, 0.5, 0.75}) {
    expect_same(weighted_km_quantile(steps_time, steps_event, std::vector<double>(8, 1.0), q),
                ref.at({"steps", q, "all"}), "steps q " + std::to_string(q));
    expect_same(weighted_km_quantile(last_time, last_event, std::vector<double>(4, 1.0), q),
                ref.at({"last_drop", q, "all"}), "last drop q " + std::to_string(q));
  }
}

// MatchIt-matched samples of the anchor cohort's first 5,000 rows: the same pairs, then each
// group's quantile (matching weights as case weights) as survfit's; about 28% reoffend within
// the year, so the median is not reached and the 25th percentile is.
TEST(MatchingTimeQuantile, MatchedCohortAsSurvfitQuantile) {
  const Table cohort = read_csv(test_data("regression/cohort_5k.csv"));
  const Table pairs = read_csv(test_data("matching/time_quantile_pairs.csv"));
  const auto ref = survfit_quantiles();
  const MatchingData data = prepare_matching_data(
      "treat ~ age + sex + age_first_offence + prior_offences + prior_custody + ogrs + "
      "offence_type + sentence_type + employed + accommodation + substance_misuse + "
      "mental_health + dv_flag + deprivation_decile + ward",
      cohort, {});
  const auto all_time = cohort.column("days_to_reoffence").to_doubles();
  const auto all_event = cohort.column("reoffence_event").to_doubles();
  std::vector<double> time, event;
  for (std::size_t row : data.table_rows)
    time.push_back(all_time[row]), event.push_back(all_event[row]);
  for (const std::string config : {"nn_caliper", "ratio3_replace"}) {
    NearestOptions o;
    if (config == "nn_caliper") {
      o.caliper = 0.2;
    } else {
      o.ratio = 3;
      o.replace = true;
    }
    const MatchResult m = match_nearest(data.distance, data.treat, o);
    std::set<std::pair<std::string, std::string>> ours, theirs;
    for (auto [t, c] : matched_pairs(m))
      ours.emplace(cohort.column("id").text(data.table_rows[t]),
                   cohort.column("id").text(data.table_rows[c]));
    for (std::size_t i = 0; i < pairs.rows(); ++i)
      if (pairs.column("config").text(i) == config)
        theirs.emplace(pairs.column("treated").text(i), pairs.column("control").text(i));
    ASSERT_EQ(ours, theirs) << config;
    for (double q : {0.1, 0.25, 0.5}) {
      std::vector<double> wt(m.weights.size(), 0.0), wc(m.weights.size(), 0.0);
      for (std::size_t i = 0; i < m.weights.size(); ++i)
        (data.treat[i] ? wt : wc)[i] = m.weights[i];
      const std::string tag = config + " q " + std::to_string(q);
      const double rt = ref.at({config, q, "treated"}), rc = ref.at({config, q, "control"});
      expect_same(weighted_km_quantile(time, event, wt, q), rt, tag + " treated");
      expect_same(weighted_km_quantile(time, event, wc, q), rc, tag + " control");
      EffectOptions eo;
      eo.time_quantile = q;
      eo.bootstrap_replicates = 100;
      const EffectResult r =
          estimate_time_quantile_difference(time, event, data.treat, m, "days", eo);
      EXPECT_EQ(r.kind, q == 0.5 ? OutcomeKind::MedianTime : OutcomeKind::TimeQuantile);
      expect_same(r.mean_treated, rt, tag + " effect treated");
      expect_same(r.mean_control, rc, tag + " effect control");
      expect_same(r.estimate, rt - rc, tag + " difference");
      if (q == 0.5) {
        EXPECT_NE(r.sentence.find("time_quantile: 0.25"), std::string::npos) << r.sentence;
      } else if (std::isnan(r.conf_low)) {  // the treated 25th percentile is 345 of 365 days
        EXPECT_NE(r.sentence.find("no interval"), std::string::npos) << r.sentence;
        EXPECT_EQ(q, 0.25) << tag;
      } else {
        EXPECT_LE(r.conf_low, r.estimate) << tag;
        EXPECT_GE(r.conf_high, r.estimate) << tag;
        EXPECT_NE(r.sentence.find(quantile_name(q)), std::string::npos) << r.sentence;
      }
    }
  }
}

TEST(MatchingTimeQuantile, QuantileOutsideZeroOneIsRefused) {
  EffectOptions eo;
  eo.time_quantile = 1.0;
  EXPECT_THROW(eo.validate(), Error);
  eo.time_quantile = 0.0;
  EXPECT_THROW(eo.validate(), Error);
  EXPECT_EQ(quantile_name(0.25), "25th percentile");
  EXPECT_EQ(quantile_name(0.5), "median");
  EXPECT_EQ(quantile_name(0.1), "10th percentile");
  EXPECT_EQ(quantile_name(0.01), "1st percentile");
}

}  // namespace
}  // namespace harmcast
