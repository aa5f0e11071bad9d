// Column: construction invariants, typed access, text form and take.
#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <limits>

#include "engine/core/error.hpp"
#include "engine/table/table.hpp"

using harmcast::Column;
using harmcast::ColumnType;
using harmcast::Error;

namespace {

std::string message_of(const std::function<void()>& action) {
  try {
    action();
  } catch (const Error& error) {
    return error.what();
  }
  return "(no error)";
}

}  // namespace

TEST(TableColumn, FloatsKeepValuesAndMaskMissing) {
  const Column c = Column::floats("x", {1.5, 2.0, 3.25}, {0, 1, 0});
  EXPECT_EQ(c.type(), ColumnType::Float);
  EXPECT_EQ(c.size(), 3u);
  EXPECT_TRUE(c.has_missing());
  EXPECT_EQ(c.count_missing(), 1u);
  EXPECT_TRUE(c.is_missing(1));
  EXPECT_FALSE(c.is_missing(0));
  EXPECT_DOUBLE_EQ(c.reals()[2], 3.25);
  EXPECT_TRUE(std::isnan(c.reals()[1]));  // stored value under a missing flag is NaN
  EXPECT_TRUE(std::isnan(c.numeric(1)));
  EXPECT_EQ(c.text(1), "");
  EXPECT_EQ(c.text(2), "3.25");
}

TEST(TableColumn, AllZeroMaskMeansNoMissing) {
  const Column c = Column::integers("n", {1, 2}, {0, 0});
  EXPECT_FALSE(c.has_missing());
  EXPECT_TRUE(c.missing_mask().empty());
}

TEST(TableColumn, MaskOfWrongLengthIsAnError) {
  EXPECT_EQ(message_of([] {
              Column::floats("x", {1, 2}, {0});
            }),
            "column 'x': the missing-value mask has 1 flags but the column has 2 values. Give one "
            "flag per row, or none.");
}

TEST(TableColumn, IntegersBooleansAndNumericView) {
  const Column i = Column::integers("n", {4, -7, 9}, {0, 0, 1});
  EXPECT_EQ(i.ints()[1], -7);
  EXPECT_EQ(i.ints()[2], 0);  // zeroed under the missing flag
  EXPECT_DOUBLE_EQ(i.numeric(1), -7.0);
  const std::vector<double> d = i.to_doubles();
  EXPECT_DOUBLE_EQ(d[0], 4.0);
  EXPECT_TRUE(std::isnan(d[2]));
  const Column b = Column::booleans("flag", {1, 0});
  EXPECT_EQ(b.type(), ColumnType::Boolean);
  EXPECT_TRUE(b.is_numeric());
  EXPECT_EQ(b.text(0), "TRUE");
  EXPECT_EQ(b.text(1), "FALSE");
  EXPECT_THROW(Column::booleans("flag", {1, 2}), Error);
}

TEST(TableColumn, WrongTypeAccessThrowsNamingTheColumn) {
  const Column c = Column::floats("rate", {1.0});
  EXPECT_EQ(message_of([&] { (void)c.ints(); }),
            "column 'rate': is a float column, but integer values was asked for. Check the "
            "column's type (see the CSV reader's type inference or declare it).");
  EXPECT_THROW((void)c.codes(), Error);
  EXPECT_THROW((void)c.levels(), Error);
  EXPECT_THROW((void)c.frequency(), Error);
  const Column cat = Column::categorical_from_strings("ward", {"W1"});
  EXPECT_THROW((void)cat.reals(), Error);
  EXPECT_THROW((void)cat.numeric(0), Error);
  EXPECT_THROW((void)cat.to_doubles(), Error);
}

TEST(TableColumn, CategoricalFromStringsUsesFirstSeenLevels) {
  const Column c = Column::categorical_from_strings(
      "crime", {"theft", "burglary", "theft", "", "arson"}, {0, 0, 0, 1, 0});
  ASSERT_EQ(c.levels().size(), 3u);
  EXPECT_EQ(c.levels()[0], "theft");
  EXPECT_EQ(c.levels()[1], "burglary");
  EXPECT_EQ(c.levels()[2], "arson");  // the missing "" does not become a level
  EXPECT_EQ(c.codes()[2], 0);
  EXPECT_EQ(c.codes()[4], 2);
  EXPECT_EQ(c.text(1), "burglary");
  EXPECT_EQ(c.text(3), "");
  EXPECT_FALSE(c.is_numeric());
}

TEST(TableColumn, CategoricalRejectsCodesOutsideLevels) {
  EXPECT_THROW(Column::categorical("c", {0, 2}, {"a", "b"}), Error);
  EXPECT_THROW(Column::categorical("c", {-1}, {"a"}), Error);
  EXPECT_NO_THROW(Column::categorical("c", {0, 7}, {"a"}, {0, 1}));  // a missing code is ignored
}

TEST(TableColumn, FloatTextIsShortestRoundTrip) {
  const double third = 1.0 / 3.0;
  const double inf = std::numeric_limits<double>::infinity();
  const Column c = Column::floats("x", {0.1, third, 1e300, -inf, inf, 2.0, -0.0});
  EXPECT_EQ(c.text(0), "0.1");
  EXPECT_EQ(std::stod(c.text(1)), third);
  EXPECT_EQ(c.text(1), "0.3333333333333333");
  EXPECT_EQ(c.text(2), "1e+300");
  EXPECT_EQ(c.text(3), "-Inf");
  EXPECT_EQ(c.text(4), "Inf");
  EXPECT_EQ(c.text(5), "2");
  EXPECT_EQ(harmcast::format_double(std::numeric_limits<double>::quiet_NaN()), "NaN");
}

TEST(TableColumn, TakeReordersAndKeepsLevels) {
  const Column c = Column::categorical("w", {1, 0, 1}, {"a", "b"}, {0, 0, 1});
  const std::vector<std::size_t> rows = {2, 0, 0};
  const Column t = c.take(rows);
  EXPECT_EQ(t.size(), 3u);
  EXPECT_TRUE(t.is_missing(0));
  EXPECT_EQ(t.text(1), "b");
  EXPECT_EQ(t.levels(), c.levels());
  const std::vector<std::size_t> bad = {3};
  EXPECT_THROW(c.take(bad), Error);
  const std::vector<std::size_t> with_gap = {1, Column::npos};
  const Column g = c.take_with_missing(with_gap);
  EXPECT_EQ(g.text(0), "a");
  EXPECT_TRUE(g.is_missing(1));
}

TEST(TableColumn, TypeNames) {
  EXPECT_EQ(harmcast::to_string(ColumnType::Float), "float");
  EXPECT_EQ(harmcast::to_string(ColumnType::Integer), "integer");
  EXPECT_EQ(harmcast::to_string(ColumnType::Boolean), "boolean");
  EXPECT_EQ(harmcast::to_string(ColumnType::Categorical), "categorical");
  EXPECT_EQ(harmcast::to_string(ColumnType::Period), "period");
}

TEST(TableColumn, PeriodColumnTextAndAccess) {
  // Ordinals per engine/time/period.hpp: Month = year * 12 + (month - 1).
  const Column p = Column::periods("month", harmcast::Frequency::Month, {2017 * 12 + 3, 0}, {0, 1});
  EXPECT_EQ(p.frequency(), harmcast::Frequency::Month);
  EXPECT_EQ(p.text(0), "2017-04");
  EXPECT_EQ(p.period(0).ordinal(), 2017 * 12 + 3);
  EXPECT_THROW((void)p.period(1), Error);
  EXPECT_THROW((void)p.numeric(0), Error);
}
