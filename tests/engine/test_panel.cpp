// Tests for engine/time/panel.hpp. Expected values are worked out by hand in the comments, or
// come from a simulated panel whose dropped rows and values are known.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <set>
#include <string>
#include <vector>

#include "engine/core/error.hpp"
#include "engine/core/random.hpp"
#include "engine/table/table.hpp"
#include "engine/time/panel.hpp"

namespace harmcast {
namespace {

struct LongRow {
  std::string ward, crime, month;
  double count;  // NaN = missing cell
};

Table long_table(const std::vector<LongRow>& rows) {
  std::vector<std::string> ward, crime, month;
  std::vector<double> count;
  std::vector<std::uint8_t> missing;
  for (const LongRow& r : rows) {
    ward.push_back(r.ward);
    crime.push_back(r.crime);
    month.push_back(r.month);
    count.push_back(std::isnan(r.count) ? 0.0 : r.count);
    missing.push_back(std::isnan(r.count) ? 1 : 0);
  }
  Table t;
  t.add_column(Column::categorical_from_strings("ward", ward));
  t.add_column(Column::categorical_from_strings("crime", crime));
  t.add_column(Column::categorical_from_strings("month", month));
  t.add_column(Column::floats("count", count, missing));
  return t;
}

const double NA = std::nan("");

// Two wards, two crime types; W02 burglary lacks 2017-03 and W01 theft has a missing count.
std::vector<LongRow> example_rows() {
  return {
      {"W01", "burglary", "2017-01", 12}, {"W01", "burglary", "2017-02", 9},
      {"W01", "burglary", "2017-03", 11}, {"W01", "theft", "2017-01", 30},
      {"W01", "theft", "2017-02", NA},    {"W01", "theft", "2017-03", 28},
      {"W02", "burglary", "2017-04", 5},  {"W02", "burglary", "2017-02", 4},
      {"W02", "burglary", "2017-01", 3},  {"W02", "theft", "2017-01", 7},
      {"W02", "theft", "2017-02", 8},     {"W02", "theft", "2017-03", 6},
  };
}

void expect_values(const std::vector<double>& actual, const std::vector<double>& expected) {
  ASSERT_EQ(actual.size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    if (std::isnan(expected[i])) {
      EXPECT_TRUE(std::isnan(actual[i])) << "index " << i << " = " << actual[i];
    } else {
      EXPECT_EQ(actual[i], expected[i]) << "index " << i;
    }
  }
}

TEST(Panel, BuildsSeriesWithExplicitGaps) {
  const Panel panel =
      Panel::from_table(long_table(example_rows()), {"ward", "crime"}, "month", "count");
  ASSERT_EQ(panel.size(), 4u);
  EXPECT_EQ(panel.frequency(), Frequency::Month);
  EXPECT_EQ(panel.key_names(), (std::vector<std::string>{"ward", "crime"}));
  EXPECT_EQ(panel.series(0).id, "W01 | burglary");
  EXPECT_EQ(panel.series(1).id, "W01 | theft");
  EXPECT_EQ(panel.series(2).key, (std::vector<std::string>{"W02", "burglary"}));
  EXPECT_EQ(panel.series(0).start, Period::month(2017, 1));
  expect_values(panel.series(0).values, {12, 9, 11});
  expect_values(panel.series(1).values, {30, NA, 28});
  // Rows given out of order, 2017-03 absent: the span is 2017-01..2017-04 with a gap.
  expect_values(panel.series(2).values, {3, 4, NA, 5});
  EXPECT_EQ(panel.series(2).end(), Period::month(2017, 4));
  ASSERT_EQ(panel.gaps().size(), 2u);
  EXPECT_EQ(panel.gaps()[0].series, 1u);
  EXPECT_EQ(panel.gaps()[0].period, Period::month(2017, 2));
  EXPECT_EQ(panel.gaps()[0].kind, GapKind::MissingValue);
  EXPECT_EQ(panel.gaps()[1].series, 2u);
  EXPECT_EQ(panel.gaps()[1].period, Period::month(2017, 3));
  EXPECT_EQ(panel.gaps()[1].kind, GapKind::NoRow);
  EXPECT_EQ(panel.describe_gaps(),
            "2 missing values in 2 of 4 series: W01 | theft 2017-02 (missing value), "
            "W02 | burglary 2017-03 (no row)");
  EXPECT_EQ(panel.describe_gaps(1),
            "2 missing values in 2 of 4 series: W01 | theft 2017-02 (missing value) and 1 more");
  EXPECT_EQ(panel.first_period(), Period::month(2017, 1));
  EXPECT_EQ(panel.last_period(), Period::month(2017, 4));
}

TEST(Panel, CommonSpanPadsEverySeriesWithGaps) {
  PanelOptions options;
  options.common_span = true;
  const Panel panel =
      Panel::from_table(long_table(example_rows()), {"ward", "crime"}, "month", "count", options);
  for (const PanelSeries& s : panel.all_series()) {
    EXPECT_EQ(s.start, Period::month(2017, 1)) << s.id;
    EXPECT_EQ(s.size(), 4u) << s.id;
  }
  expect_values(panel.series(0).values, {12, 9, 11, NA});
  // Gaps: W01|theft 02 (value), 04 (no row); W01|burglary 04; W02|burglary 03; W02|theft 04.
  EXPECT_EQ(panel.gaps().size(), 5u);
}

TEST(Panel, AcceptsAPeriodColumnAndOtherTextForms) {
  Table t;
  t.add_column(Column::categorical_from_strings("area", {"A", "A", "A", "B"}));
  t.add_column(
      Column::periods("quarter", Frequency::Quarter,
                      {Period::quarter(1969, 4).ordinal(), Period::quarter(1970, 1).ordinal(),
                       Period::quarter(1970, 2).ordinal(), Period::quarter(1970, 1).ordinal()}));
  t.add_column(Column::integers("n", {1, 2, 3, 4}));
  const Panel panel = Panel::from_table(t, {"area"}, "quarter", "n");
  EXPECT_EQ(panel.frequency(), Frequency::Quarter);
  EXPECT_EQ(panel.at({"A"}).start, Period::quarter(1969, 4));
  expect_values(panel.at({"A"}).values, {1, 2, 3});
  expect_values(panel.at({"B"}).values, {4});

  Table text;
  text.add_column(Column::categorical_from_strings("area", {"A", "A", "A"}));
  text.add_column(Column::categorical_from_strings("q", {"Q4 1969", "1970Q1", "1970-q2"}));
  text.add_column(Column::floats("n", {1, 2, 3}));
  const Panel from_text = Panel::from_table(text, {"area"}, "q", "n");
  EXPECT_EQ(from_text.at({"A"}).start, Period::quarter(1969, 4));
  EXPECT_EQ(from_text.at({"A"}).size(), 3u);
}

TEST(Panel, MapsDatesWithAnExpectedFrequency) {
  Table t;
  t.add_column(Column::categorical_from_strings("area", {"A", "A", "A"}));
  t.add_column(
      Column::categorical_from_strings("date", {"2017-01-31", "2017-03-01", "2017-04-15"}));
  t.add_column(Column::floats("n", {1, 2, 3}));
  PanelOptions options;
  options.frequency = Frequency::Month;
  const Panel panel = Panel::from_table(t, {"area"}, "date", "n", options);
  expect_values(panel.series(0).values, {1, NA, 2, 3});
  EXPECT_EQ(panel.series(0).start, Period::month(2017, 1));
}

TEST(Panel, DuplicateKeyAndPeriodIsAnErrorNamingBoth) {
  auto rows = example_rows();
  rows.push_back({"W02", "theft", "2017-02", 99});
  try {
    Panel::from_table(long_table(rows), {"ward", "crime"}, "month", "count");
    FAIL() << "no error";
  } catch (const Error& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("W02 | theft"), std::string::npos) << what;
    EXPECT_NE(what.find("2017-02"), std::string::npos) << what;
    EXPECT_NE(what.find("rows 11 and 13"), std::string::npos) << what;
  }
}

TEST(Panel, MixedFrequenciesAreAnError) {
  auto rows = example_rows();
  rows[4].month = "2017-Q1";
  try {
    Panel::from_table(long_table(rows), {"ward", "crime"}, "month", "count");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.where(), "column 'month', row 5");
    EXPECT_NE(e.problem().find("quarter"), std::string::npos) << e.problem();
    EXPECT_NE(e.problem().find("row 1"), std::string::npos) << e.problem();
  }
  // A date among months is not silently mapped to its month unless the frequency is given.
  rows = example_rows();
  rows[4].month = "2017-02-14";
  EXPECT_THROW(Panel::from_table(long_table(rows), {"ward", "crime"}, "month", "count"), Error);
  PanelOptions monthly;
  monthly.frequency = Frequency::Month;
  const Panel mapped =
      Panel::from_table(long_table(rows), {"ward", "crime"}, "month", "count", monthly);
  EXPECT_EQ(mapped.series(1).size(), 3u);
}

TEST(Panel, UnreadablePeriodNamesColumnAndRow) {
  auto rows = example_rows();
  rows[2].month = "2017-02-30";
  try {
    Panel::from_table(long_table(rows), {"ward", "crime"}, "month", "count");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.where(), "column 'month', row 3");
    EXPECT_NE(e.problem().find("day 30 does not exist"), std::string::npos) << e.problem();
    EXPECT_NE(e.hint().find("Accepted forms"), std::string::npos);
  }
}

TEST(Panel, RejectsBadColumnsAndMissingKeys) {
  const Table t = long_table(example_rows());
  try {  // text values: the first text cell is named
    Panel::from_table(t, {"ward"}, "month", "crime");
    ADD_FAILURE() << "a text value column was accepted";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.problem())
                  .find("must be numeric, but it is categorical: data row 1 "
                        "holds '"),
              std::string::npos)
        << e.problem();
  }
  EXPECT_THROW(Panel::from_table(t, {"ward", "month"}, "month", "count"), Error);
  EXPECT_THROW(Panel::from_table(t, {"wards"}, "month", "count"), Error);  // no such column
  Table with_missing_key;
  with_missing_key.add_column(Column::categorical_from_strings("ward", {"W01", "W02"}, {0, 1}));
  with_missing_key.add_column(Column::categorical_from_strings("month", {"2017-01", "2017-01"}));
  with_missing_key.add_column(Column::floats("count", {1, 2}));
  try {
    Panel::from_table(with_missing_key, {"ward"}, "month", "count");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.where(), "column 'ward', row 2");
  }
  PanelOptions bad;
  bad.id_separator = "";
  EXPECT_THROW(Panel::from_table(t, {"ward", "crime"}, "month", "count", bad), Error);
}

TEST(Panel, LookupAndSelect) {
  const Panel panel =
      Panel::from_table(long_table(example_rows()), {"ward", "crime"}, "month", "count");
  EXPECT_EQ(panel.find({"W02", "theft"}), 3u);
  EXPECT_FALSE(panel.find({"W03", "theft"}).has_value());
  EXPECT_FALSE(panel.find({"W02"}).has_value());
  try {
    panel.at({"W03", "theft"});
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(e.problem().find("W03 | theft"), std::string::npos);
    EXPECT_NE(e.hint().find("W01 | burglary"), std::string::npos);
  }
  const Panel burglary = panel.select([](const PanelSeries& s) { return s.key[1] == "burglary"; });
  ASSERT_EQ(burglary.size(), 2u);
  EXPECT_EQ(burglary.series(1).id, "W02 | burglary");
  EXPECT_EQ(burglary.find({"W02", "burglary"}), 1u);
  ASSERT_EQ(burglary.gaps().size(), 1u);  // the W02 burglary gap, re-indexed
  EXPECT_EQ(burglary.gaps()[0].series, 1u);
  EXPECT_EQ(burglary.gaps()[0].period, Period::month(2017, 3));
}

TEST(Panel, SumOverWardGivesCityTotalsWithMissingPropagated) {
  const Panel panel =
      Panel::from_table(long_table(example_rows()), {"ward", "crime"}, "month", "count");
  const Panel city = panel.sum_over({"ward"});
  ASSERT_EQ(city.size(), 2u);
  EXPECT_EQ(city.key_names(), (std::vector<std::string>{"crime"}));
  const PanelSeries& burglary = city.at({"burglary"});
  // Jan 12 + 3 = 15, Feb 9 + 4 = 13, Mar 11 + (no row) = NA, Apr (W01 ends in Mar) + 5 = NA.
  EXPECT_EQ(burglary.start, Period::month(2017, 1));
  expect_values(burglary.values, {15, 13, NA, NA});
  // Jan 30 + 7 = 37, Feb NA + 8 = NA, Mar 28 + 6 = 34.
  expect_values(city.at({"theft"}).values, {37, NA, 34});
  ASSERT_EQ(city.gaps().size(), 3u);
  EXPECT_EQ(city.gaps()[0].kind, GapKind::MissingComponent);

  const Panel all = panel.sum_over({"ward", "crime"});
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all.series(0).id, "all");
  expect_values(all.series(0).values, {52, NA, NA, NA});
  EXPECT_THROW(panel.sum_over({"borough"}), Error);
}

TEST(Panel, SumOverCompleteDataMatchesTableGroupSum) {
  std::vector<LongRow> rows;
  RandomStream random(11, 0);
  for (const char* ward : {"W1", "W2", "W3", "W4"}) {
    for (const char* crime : {"burglary", "theft", "violence"}) {
      for (int m = 1; m <= 24; ++m) {
        rows.push_back({ward, crime, Period::month(2015, 1).operator+(m - 1).to_string(),
                        static_cast<double>(random.poisson(20))});
      }
    }
  }
  const Table table = long_table(rows);
  const Panel totals =
      Panel::from_table(table, {"ward", "crime"}, "month", "count").sum_over({"ward"});
  const Table reference = table.group_sum({"crime", "month"}, {"count"});
  ASSERT_EQ(reference.rows(), 3u * 24u);
  for (std::size_t r = 0; r < reference.rows(); ++r) {
    const PanelSeries& s = totals.at({reference.column("crime").text(r)});
    const Period p = Period::parse(reference.column("month").text(r));
    EXPECT_EQ(s.values[static_cast<std::size_t>(p - s.start)],
              reference.column("count").numeric(r));
  }
}

TEST(Panel, ToTableRoundTripKeepsGaps) {
  const Panel panel =
      Panel::from_table(long_table(example_rows()), {"ward", "crime"}, "month", "count");
  const Table t = panel.to_table();
  EXPECT_EQ(t.column_names(), (std::vector<std::string>{"ward", "crime", "month", "count"}));
  EXPECT_EQ(t.rows(), 3u + 3u + 4u + 3u);  // spans, with one row per gap
  EXPECT_EQ(t.column("month").type(), ColumnType::Period);
  EXPECT_EQ(t.column("count").count_missing(), 2u);
  const Panel again = Panel::from_table(t, {"ward", "crime"}, "month", "count");
  ASSERT_EQ(again.size(), panel.size());
  for (std::size_t i = 0; i < panel.size(); ++i) {
    EXPECT_EQ(again.series(i).key, panel.series(i).key);
    EXPECT_EQ(again.series(i).start, panel.series(i).start);
    expect_values(again.series(i).values, panel.series(i).values);
  }
  // The gap that was a missing row is now a row with a missing value.
  ASSERT_EQ(again.gaps().size(), 2u);
  EXPECT_EQ(again.gaps()[1].kind, GapKind::MissingValue);
}

// A simulated panel: 30 wards x 3 crime types x 48 months, rows shuffled, about 5% of rows
// dropped and 2% of values blanked at random. Every kept value must land at its period and the
// gaps must be exactly the dropped and blanked cells.
TEST(Panel, SimulatedPanelRecoversEveryCellAndEveryGap) {
  RandomStream random(2026, 1);
  std::vector<LongRow> rows;
  std::map<std::pair<std::string, Period>, double> truth;  // id, period -> value (NaN = gap)
  std::set<std::pair<std::string, Period>> no_row;
  const Period first = Period::month(2019, 1);
  for (int w = 1; w <= 30; ++w) {
    for (const char* crime : {"burglary", "robbery", "theft"}) {
      const std::string ward = "W" + std::to_string(w);
      const std::string id = ward + " | " + crime;
      for (int t = 0; t < 48; ++t) {
        const Period p = first + t;
        const bool edge = t == 0 || t == 47;  // keep the span fixed so gaps are all interior
        if (!edge && random.bernoulli(0.05)) {
          no_row.insert({id, p});
          truth[{id, p}] = NA;
          continue;
        }
        const double value = random.bernoulli(0.02) && !edge ? NA : double(random.poisson(15));
        truth[{id, p}] = value;
        rows.push_back({ward, crime, p.to_string(), value});
      }
    }
  }
  for (std::size_t i = rows.size(); i > 1; --i) {  // Fisher-Yates shuffle
    std::swap(rows[i - 1], rows[static_cast<std::size_t>(random.uniform_int(0, i - 1))]);
  }
  const Panel panel = Panel::from_table(long_table(rows), {"ward", "crime"}, "month", "count");
  ASSERT_EQ(panel.size(), 90u);
  std::size_t expected_gaps = 0;
  for (const PanelSeries& s : panel.all_series()) {
    ASSERT_EQ(s.start, first);
    ASSERT_EQ(s.size(), 48u);
    for (std::size_t t = 0; t < s.size(); ++t) {
      const double expected = truth.at({s.id, s.period_at(t)});
      if (std::isnan(expected)) {
        ++expected_gaps;
        ASSERT_TRUE(std::isnan(s.values[t]));
      } else {
        ASSERT_EQ(s.values[t], expected);
      }
    }
  }
  ASSERT_EQ(panel.gaps().size(), expected_gaps);
  std::size_t no_row_gaps = 0;
  for (const PanelGap& g : panel.gaps()) {
    const bool dropped = no_row.count({panel.series(g.series).id, g.period}) > 0;
    EXPECT_EQ(g.kind, dropped ? GapKind::NoRow : GapKind::MissingValue);
    no_row_gaps += dropped;
  }
  EXPECT_EQ(no_row_gaps, no_row.size());
  EXPECT_GT(no_row.size(), 100u);  // the simulation did drop rows (expected about 200)
}

TEST(Panel, IntegerKeysAndYearsAsIntegers) {
  Table t;
  t.add_column(Column::integers("ward_id", {7, 3, 7, 3, 7}));
  t.add_column(Column::integers("year", {2015, 2015, 2016, 2017, 2018}));
  t.add_column(Column::integers("n", {1, 2, 3, 4, 5}));
  const Panel panel = Panel::from_table(t, {"ward_id"}, "year", "n");
  EXPECT_EQ(panel.frequency(), Frequency::Year);
  ASSERT_EQ(panel.size(), 2u);
  expect_values(panel.at({"7"}).values, {1, 3, NA, 5});
  expect_values(panel.at({"3"}).values, {2, NA, 4});
  EXPECT_EQ(panel.at({"3"}).start, Period::year(2015));
}

TEST(Panel, NoKeyColumnsGivesOneSeries) {
  Table t;
  t.add_column(Column::categorical_from_strings("week", {"2020-W52", "2020-W53", "2021-W02"}));
  t.add_column(Column::floats("n", {1, 2, 3}));
  const Panel panel = Panel::from_table(t, {}, "week", "n");
  ASSERT_EQ(panel.size(), 1u);
  EXPECT_EQ(panel.series(0).id, "all");
  expect_values(panel.series(0).values, {1, 2, NA, 3});  // 2021-W01 has no row
  EXPECT_EQ(panel.frequency(), Frequency::Week);
}

TEST(Panel, EmptyTableGivesEmptyPanel) {
  Table t;
  t.add_column(Column::categorical_from_strings("ward", {}));
  t.add_column(Column::categorical_from_strings("month", {}));
  t.add_column(Column::floats("count", {}));
  const Panel panel = Panel::from_table(t, {"ward"}, "month", "count");
  EXPECT_TRUE(panel.empty());
  EXPECT_TRUE(panel.gaps().empty());
  EXPECT_EQ(panel.describe_gaps(), "no missing values");
  EXPECT_THROW(panel.first_period(), Error);
  EXPECT_EQ(panel.to_table().rows(), 0u);
}

TEST(Panel, AssembledFromSeries) {
  PanelSeries a{{"A"}, "", Period::quarter(2020, 1), {1, NA, 3}};
  PanelSeries b{{"B"}, "", Period::quarter(2020, 3), {4}};
  const Panel panel({"area"}, Frequency::Quarter, {a, b});
  EXPECT_EQ(panel.series(0).id, "A");
  ASSERT_EQ(panel.gaps().size(), 1u);
  EXPECT_EQ(panel.gaps()[0].period, Period::quarter(2020, 2));
  EXPECT_THROW(Panel({"area"}, Frequency::Month, {a}), Error);             // wrong frequency
  EXPECT_THROW(Panel({"area", "crime"}, Frequency::Quarter, {a}), Error);  // key count
  EXPECT_THROW(Panel({"area"}, Frequency::Quarter, {a, a}), Error);        // duplicate key
}

}  // namespace
}  // namespace harmcast
