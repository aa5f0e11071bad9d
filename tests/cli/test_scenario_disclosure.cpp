// Disclosure control of reoffending scenarios: a scenario over a small cohort segment (the
// synthetic city's gang-exit referrals, 20 people a year) has expected offences and averted
// counts below the disclosure threshold. The tables the report shows
// (/scenarios/averted_published, /scenarios/targets_published) and the report itself must not
// show any of them; the full table stays for the value stage.
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

bool small(double v, int threshold) {
  return std::isfinite(v) && std::fabs(v) > 0 && std::fabs(v) < threshold;
}

TEST(ScenarioDisclosure, SmallCohortCountsAreNotPublished) {
  const std::filesystem::path dir = testing::fresh_temp_dir("scenario_disclosure");
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
)";
  const auto run = testing::run_harmcast("run --quiet " + (dir / "small.yaml").string() +
                                         " --out " + (dir / "out").string());
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto tables = dir / "out" / "tables";
  const int threshold = 10;

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
  std::ifstream in(dir / "out" / "report.html");
  std::stringstream html;
  html << in.rdbuf();
  EXPECT_NE(html.str().find("&lt;10"), std::string::npos);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace harmcast
