// The fast matcher against a direct transcription of MatchIt's classic nn_matchC loop (scan
// every control for every treated unit), on random data with many tied scores, and the
// degenerate inputs the matcher must refuse with a clear error.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>
#include <string>

#include "engine/core/error.hpp"
#include "engine/table/table.hpp"
#include "models/matching/evaluation.hpp"
#include "models/matching/match_support.hpp"
#include "models/matching/nearest_neighbour.hpp"
#include "models/matching/propensity.hpp"

namespace harmcast {
namespace {

// MatchIt 4.5.1 src/nn_matchC.cpp, distance + caliper + exact, as written there: eligible
// controls in data order, which.min (first minimum) without replacement, std::partial_sort
// with replacement.
std::vector<std::int64_t> reference_matcher(const std::vector<double>& d,
                                            const std::vector<std::uint8_t>& treat,
                                            const std::vector<std::int32_t>& strata,
                                            const std::vector<std::size_t>& ord, int ratio,
                                            bool replace, double caliper) {
  std::vector<std::size_t> t_units, c_units;
  for (std::size_t i = 0; i < d.size(); ++i) (treat[i] ? t_units : c_units).push_back(i);
  std::vector<std::int64_t> mm(t_units.size() * ratio, -1);
  std::vector<int> matched(d.size(), 0);
  for (int rat = 0; rat < (replace ? 1 : ratio); ++rat) {
    for (std::size_t t : ord) {
      const std::size_t tu = t_units[t];
      std::vector<std::size_t> elig;
      std::vector<double> dist;
      for (std::size_t c : c_units) {
        if (!replace && matched[c]) continue;
        if (!strata.empty() && strata[c] != strata[tu]) continue;
        const double gap = std::fabs(d[c] - d[tu]);
        if (gap > caliper) continue;
        elig.push_back(c);
        dist.push_back(gap);
      }
      if (elig.empty()) continue;
      if (replace) {
        if (elig.size() <= static_cast<std::size_t>(ratio)) {
          for (std::size_t j = 0; j < elig.size(); ++j) mm[t * ratio + j] = elig[j];
          continue;
        }
        std::vector<int> idx(elig.size());
        std::iota(idx.begin(), idx.end(), 0);
        std::partial_sort(idx.begin(), idx.begin() + ratio, idx.end(),
                          [&](int a, int b) { return dist[a] < dist[b]; });
        for (int j = 0; j < ratio; ++j) mm[t * ratio + j] = elig[idx[j]];
      } else {
        const auto k = std::min_element(dist.begin(), dist.end()) - dist.begin();
        matched[elig[k]] = 1;
        mm[t * ratio + rat] = elig[k];
      }
    }
  }
  return mm;
}

struct Case {
  int ratio;
  bool replace;
  double caliper_sd;  // <= 0: none
  bool strata;
  MatchOrder order = MatchOrder::Largest;
};

class AgainstTranscription : public ::testing::TestWithParam<Case> {};

TEST_P(AgainstTranscription, SameMatchMatrix) {
  const Case c = GetParam();
  std::mt19937_64 rng(42 + c.ratio * 7 + c.replace);
  for (int rep = 0; rep < 5; ++rep) {
    const std::size_t n = 1500;
    std::vector<double> d(n);
    std::vector<std::uint8_t> treat(n);
    std::vector<std::int32_t> strata(c.strata ? n : 0);
    std::uniform_real_distribution<double> u(0, 1);
    for (std::size_t i = 0; i < n; ++i) {
      treat[i] = u(rng) < 0.25;
      // Rounded to 1/64 in half the replicates: many exact ties in score and in gap.
      const double x = treat[i] ? std::pow(u(rng), 0.7) : std::pow(u(rng), 1.4);
      d[i] = rep % 2 ? std::round(x * 64) / 64 : x;
      if (c.strata) strata[i] = static_cast<std::int32_t>(u(rng) * 3);
    }
    NearestOptions o;
    o.ratio = c.ratio;
    o.replace = c.replace;
    o.order = c.order;
    if (c.caliper_sd > 0) o.caliper = c.caliper_sd;
    const MatchResult m = match_nearest(d, treat, o, strata);
    std::vector<std::size_t> ord(m.treated_units.size());
    std::iota(ord.begin(), ord.end(), 0);
    if (!c.replace && c.order == MatchOrder::Largest)
      std::stable_sort(ord.begin(), ord.end(), [&](std::size_t a, std::size_t b) {
        return d[m.treated_units[a]] > d[m.treated_units[b]];
      });
    if (!c.replace && c.order == MatchOrder::Smallest)
      std::stable_sort(ord.begin(), ord.end(), [&](std::size_t a, std::size_t b) {
        return d[m.treated_units[a]] < d[m.treated_units[b]];
      });
    if (!c.replace && c.order == MatchOrder::Random)  // the seeded permutation the matcher used
      ord = treated_visit_order(d, m.treated_units, o);
    const double cal = o.caliper ? m.caliper_absolute : INFINITY;
    const auto expected = reference_matcher(d, treat, strata, ord, c.ratio, c.replace, cal);
    // Compare sets per treated row (the order within a row is not part of the matched set).
    for (std::size_t t = 0; t < m.treated_units.size(); ++t) {
      const auto set = m.controls_of(t);
      std::vector<std::int64_t> a(set.begin(), set.end());
      std::vector<std::int64_t> b;
      for (int j = 0; j < c.ratio; ++j)
        if (expected[t * c.ratio + j] >= 0) b.push_back(expected[t * c.ratio + j]);
      std::sort(a.begin(), a.end());
      std::sort(b.begin(), b.end());
      ASSERT_EQ(a, b) << "replicate " << rep << ", treated row " << t;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Matcher, AgainstTranscription,
                         ::testing::Values(Case{1, false, 0, false}, Case{1, false, 0.2, false},
                                           Case{3, false, 0.1, false}, Case{1, false, 0.2, true},
                                           Case{1, true, 0, false}, Case{2, true, 0.2, false},
                                           Case{4, true, 0.05, true},
                                           Case{2, false, 0.2, false, MatchOrder::Smallest},
                                           Case{1, false, 0.1, true, MatchOrder::Random},
                                           Case{1, false, 0, false, MatchOrder::Data}));

TEST(MatchingOrder, RandomOrderIsReproducibleBySeed) {
  std::mt19937_64 rng(3);
  std::uniform_real_distribution<double> u(0, 1);
  std::vector<double> d(2000);
  std::vector<std::uint8_t> t(2000);
  for (std::size_t i = 0; i < d.size(); ++i) d[i] = u(rng), t[i] = u(rng) < 0.3;
  NearestOptions o;
  o.order = MatchOrder::Random;
  o.caliper = 0.05;
  const auto a = matched_pairs(match_nearest(d, t, o));
  EXPECT_EQ(a, matched_pairs(match_nearest(d, t, o)));
  o.seed += 1;
  EXPECT_NE(a, matched_pairs(match_nearest(d, t, o)));
}

TEST(MatchingErrors, NoTreatedNoControlsBadTreatment) {
  const std::vector<double> d = {0.1, 0.2, 0.3};
  EXPECT_THROW(match_nearest(d, std::vector<std::uint8_t>{0, 0, 0}, {}), Error);
  EXPECT_THROW(match_nearest(d, std::vector<std::uint8_t>{1, 1, 1}, {}), Error);
  EXPECT_THROW(match_nearest(d, std::vector<std::uint8_t>{1, 2, 0}, {}), Error);
}

TEST(MatchingErrors, CaliperLeavingNobodyMatched) {
  const std::vector<double> d = {0.9, 0.91, 0.1, 0.11};
  const std::vector<std::uint8_t> t = {1, 1, 0, 0};
  NearestOptions o;
  o.caliper = 0.01;
  try {
    match_nearest(d, t, o);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("caliper"), std::string::npos) << e.what();
  }
}

TEST(MatchingErrors, OptionsValidated) {
  NearestOptions o;
  o.ratio = 0;
  EXPECT_THROW(o.validate(), Error);
  o.ratio = 1;
  o.caliper = -1;
  EXPECT_THROW(o.validate(), Error);
}

Table small_table(std::vector<double> treat, std::vector<double> age, std::vector<double> x,
                  std::vector<std::uint8_t> age_missing = {}) {
  Table t;
  t.add_column(Column::floats("treat", std::move(treat)));
  t.add_column(Column::floats("age", std::move(age), std::move(age_missing)));
  t.add_column(Column::floats("x", std::move(x)));
  return t;
}

// The message of the harmcast::Error `prepare_matching_data` throws on `t` (empty if none).
std::string preparation_error(const Table& t, const std::string& formula = "treat ~ age + x") {
  try {
    prepare_matching_data(formula, t, {});
  } catch (const Error& e) {
    return e.what();
  }
  return {};
}

TEST(MatchingErrors, TreatmentNotZeroOne) {
  const Table t = small_table({1, 0, 2, 0, 1, 0}, {20, 30, 40, 50, 25, 35}, {1, 2, 3, 4, 5, 6});
  const std::string e = preparation_error(t);
  EXPECT_NE(e.find("has the value 2 (row 3)"), std::string::npos) << e;
  Table text = t;
  text.add_column(Column::categorical_from_strings("group", {"a", "b", "a", "b", "a", "b"}));
  EXPECT_NE(preparation_error(text, "group ~ age + x").find("is text, not 0/1"), std::string::npos);
}

TEST(MatchingErrors, NoTreatedOrNoControlsFromTheFormula) {
  const std::vector<double> age = {20, 30, 40, 50}, x = {1, 2, 3, 4};
  EXPECT_NE(preparation_error(small_table({0, 0, 0, 0}, age, x)).find("no treated units"),
            std::string::npos);
  EXPECT_NE(preparation_error(small_table({1, 1, 1, 1}, age, x)).find("no control units"),
            std::string::npos);
}

// A caliper no control falls within, through the whole evaluation (score -> matching).
TEST(MatchingErrors, CaliperLeavingNobodyMatchedInAnEvaluation) {
  const Table t = small_table({1, 1, 1, 0, 0, 0, 0, 0}, {20, 22, 24, 60, 62, 64, 66, 21},
                              {1, 5, 2, 4, 3, 1, 2, 6});
  EvaluationOptions o;
  o.formula = "treat ~ age + x";
  o.outcomes = {"x"};
  o.matching.caliper = 1e-6;
  try {
    run_evaluation(t, o);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("no treated unit was matched"), std::string::npos)
        << e.what();
    EXPECT_NE(std::string(e.what()).find("widen the caliper"), std::string::npos) << e.what();
  }
}

TEST(MatchingErrors, CovariateConstantAmongTreated) {
  const Table t = small_table({1, 0, 1, 0, 1, 0, 0, 0}, {20, 30, 40, 50, 25, 35, 45, 33},
                              {1, 2, 1, 4, 1, 6, 3, 2});
  try {
    prepare_matching_data("treat ~ age + x", t, {});
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("'x'"), std::string::npos) << e.what();
  }
}

TEST(MatchingErrors, MissingCovariatesDroppedOrRefused) {
  const Table t =
      small_table({1, 0, 1, 0, 1, 0, 0, 0, 1, 0}, {20, 30, 40, 50, 25, 35, 45, 33, 0, 41},
                  {1, 2, 3, 4, 2, 6, 3, 2, 5, 1}, {0, 0, 0, 0, 0, 0, 0, 0, 1, 1});
  const MatchingData d = prepare_matching_data("treat ~ age + x", t, {});
  EXPECT_EQ(d.rows_dropped, 2u);
  EXPECT_EQ(d.treat.size(), 8u);
  EXPECT_EQ(d.table_rows.back(), 7u);
  PropensityOptions refuse;
  refuse.refuse_missing = true;
  EXPECT_THROW(prepare_matching_data("treat ~ age + x", t, refuse), Error);
}

}  // namespace
}  // namespace harmcast
