// Disclosure control of reoffending scenarios: a scenario over a small cohort segment (the
// synthetic city's gang-exit referrals, 20 people a year) has expected offences and averted
// counts below the disclosure threshold. The tables the report shows
// (/scenarios/averted_published, /scenarios/targets_published, /value/*_published) and the report
// itself must not show any of them; the full tables stay for the value stage and the store.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "engine/io/csv_reader.hpp"
#include "tests/support/command.hpp"
#include "tests/support/paths.hpp"

namespace harmcast {
namespace {

const std::vector<std::string> kCounts = {"mean",  "lo_95",  "hi_95",        "lo_80",
                                          "hi_80", "median", "baseline_mean"};
constexpr int kThreshold = 10;

bool small(double v, int threshold) {
  return std::isfinite(v) && std::fabs(v) > 0 && std::fabs(v) < threshold;
}

// Runs the small-segment scenario (valued by the value stage) into a fresh folder.
std::filesystem::path run_small_segment(const std::string& label) {
  const std::filesystem::path dir = testing::fresh_temp_dir(label);
  std::ofstream(dir / "small.yaml") << R"(name: small_segment
data:
  source: synthetic
  disclosure_threshold: 10
forecast: {enabled: false}
scenarios:
  horizon: 24
  paths: 500
  cohorts:
    - {name: gang, column: service, values: [gang_exit], people_per_year: 20}
  targets:
    - {name: Gang offences, cohort: gang, from: 2021-04, to: 2022-03, below: 30}
  plans:
    - name: Gang places
      interventions:
        - target: {cohort: gang}
          start: 2021-04
          effect: {distribution: difference, change: -0.05, sd: 0.02}
          costs: {price_year: 2021, per_participant: 3500, participants_per_year: 20}
value:
  price_year: 2021/22
  user_unit_costs: {violence: 5930, criminal_damage: 1350, drugs: 0, other: 0}
  monte_carlo: {draws: 1000}
)";
  const auto run = testing::run_harmcast("run --quiet " + (dir / "small.yaml").string() +
                                         " --out " + (dir / "out").string());
  EXPECT_EQ(run.exit_code, 0) << run.err;
  return dir;
}

std::string report_html(const std::filesystem::path& dir) {
  std::ifstream in(dir / "out" / "report.html");
  std::stringstream html;
  html << in.rdbuf();
  return html.str();
}

TEST(ScenarioDisclosure, SmallCohortCountsAreNotPublished) {
  const std::filesystem::path dir = run_small_segment("scenario_disclosure");
  const auto tables = dir / "out" / "tables";
  const int threshold = kThreshold;

  // The full table has the small counts (so the test can fail) ...
  const Table raw = read_csv(tables / "scenarios_averted.csv");
  std::size_t small_cells = 0;
  for (std::size_t r = 0; r < raw.rows(); ++r) {
    EXPECT_EQ(raw.column("cohort").text(r), "TRUE");
    for (const auto& c : kCounts) small_cells += small(raw.column(c).numeric(r), threshold);
  }
  ASSERT_GT(small_cells, 0u) << "the segment is not small enough to test suppression";

  // ... the published copy none, row for row, each blank said.
  const Table published = read_csv(tables / "scenarios_averted_published.csv");
  ASSERT_EQ(published.rows(), raw.rows());
  std::size_t blanked = 0;
  for (std::size_t r = 0; r < published.rows(); ++r) {
    for (const auto& c : kCounts) {
      const double before = raw.column(c).numeric(r), after = published.column(c).numeric(r);
      EXPECT_FALSE(small(after, threshold)) << c << " row " << r;
      if (small(before, threshold)) {
        EXPECT_TRUE(std::isnan(after)) << c << " row " << r;
        EXPECT_NE(published.column("suppressed").text(r).find(c), std::string::npos);
        ++blanked;
      } else {
        EXPECT_EQ(after, before) << c << " row " << r;  // what is large enough stays
      }
    }
    if (std::isnan(published.column("mean").numeric(r))) {
      EXPECT_TRUE(std::isnan(published.column("sd").numeric(r)));  // the sd goes with its mean
    }
  }
  EXPECT_EQ(blanked, small_cells);
  const Table targets = read_csv(tables / "scenarios_targets_published.csv");
  for (std::size_t r = 0; r < targets.rows(); ++r)
    for (const auto& c : {"mean", "lo_95", "hi_95"})
      EXPECT_FALSE(small(targets.column(c).numeric(r), threshold)) << c;

  // The report shows "<10" where the counts were.
  EXPECT_NE(report_html(dir).find("&lt;10"), std::string::npos);
  std::filesystem::remove_all(dir);
}

// The value stage carries the segment's counts on: per type (/value/benefits), per year and in
// total. Their published copies and the report must not show them, nor what gives them back.
TEST(ScenarioDisclosure, SmallCohortCountsAreNotPublishedByTheValueStage) {
  const std::filesystem::path dir = run_small_segment("value_disclosure");
  const auto tables = dir / "out" / "tables";
  struct Published {
    std::string table;
    std::vector<std::string> linked;  // blanked with the count: they would give it back
  };
  for (const Published& p : {Published{"value_benefits", {"pv_benefits"}},
                             Published{"value_years", {"benefits", "pv_benefits"}},
                             Published{"value_appraisal", {"cost_per_offence_averted"}}}) {
    const Table raw = read_csv(tables / (p.table + ".csv"));
    const Table published = read_csv(tables / (p.table + "_published.csv"));
    ASSERT_EQ(published.rows(), raw.rows()) << p.table;
    std::size_t small_counts = 0;
    for (std::size_t r = 0; r < raw.rows(); ++r) {
      EXPECT_EQ(raw.column("cohort").text(r), "TRUE") << p.table;
      const double before = raw.column("offences_averted").numeric(r);
      const double after = published.column("offences_averted").numeric(r);
      EXPECT_FALSE(small(after, kThreshold)) << p.table << " row " << r;
      if (!small(before, kThreshold)) {
        EXPECT_EQ(after, before) << p.table << " row " << r;  // what is large enough stays
        continue;
      }
      ++small_counts;
      EXPECT_TRUE(std::isnan(after)) << p.table << " row " << r;
      EXPECT_NE(published.column("suppressed").text(r).find("offences_averted"), std::string::npos);
      for (const auto& c : p.linked) {
        EXPECT_FALSE(std::isnan(raw.column(c).numeric(r))) << p.table << " " << c;
        EXPECT_TRUE(std::isnan(published.column(c).numeric(r))) << p.table << " " << c;
      }
    }
    // The segment is small enough for every table to have a count to suppress.
    EXPECT_GT(small_counts, 0u) << p.table;
  }

  // The report says "fewer than 10" rather than the count.
  const std::string html = report_html(dir);
  EXPECT_NE(html.find("Gang places: costs"), std::string::npos) << "the scenario was not valued";
  EXPECT_NE(html.find("changes the number of offences by fewer than 10"), std::string::npos);
  for (const char* verb : {"averts about ", "adds about "})
    for (int n = 1; n < kThreshold; ++n)
      EXPECT_EQ(html.find(verb + std::to_string(n) + " offences"), std::string::npos) << verb << n;
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace harmcast
