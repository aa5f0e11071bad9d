// Table: lookup errors, select/filter/take, group_sum, join and reshapes. Expected values are
// worked out by hand from the small inputs (stated beside each check).
#include <gtest/gtest.h>

#include <cmath>
#include <functional>

#include "engine/core/error.hpp"
#include "engine/table/name_suggestion.hpp"
#include "engine/table/table.hpp"

using harmcast::Column;
using harmcast::ColumnType;
using harmcast::Error;
using harmcast::JoinKind;
using harmcast::Table;

namespace {

std::string message_of(const std::function<void()>& action) {
  try {
    action();
  } catch (const Error& error) {
    return error.what();
  }
  return "(no error)";
}

// ward | crime    | count | rate
// W1   | theft    | 3     | 0.5
// W2   | theft    | 5     | 1.5
// W1   | burglary | 2     | NA
// W1   | theft    | 4     | 2.0
Table crimes() {
  Table t;
  t.add_column(Column::categorical_from_strings("ward", {"W1", "W2", "W1", "W1"}));
  t.add_column(Column::categorical_from_strings("crime", {"theft", "theft", "burglary", "theft"}));
  t.add_column(Column::integers("count", {3, 5, 2, 4}));
  t.add_column(Column::floats("rate", {0.5, 1.5, 0.0, 2.0}, {0, 0, 1, 0}));
  return t;
}

std::vector<std::string> texts(const Column& c) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < c.size(); ++i) out.push_back(c.is_missing(i) ? "NA" : c.text(i));
  return out;
}

using Texts = std::vector<std::string>;

}  // namespace

TEST(TableOps, AddColumnChecksNameAndLength) {
  Table t = crimes();
  EXPECT_EQ(t.rows(), 4u);
  EXPECT_EQ(t.cols(), 4u);
  EXPECT_THROW(t.add_column(Column::integers("count", {1, 2, 3, 4})), Error);
  EXPECT_EQ(message_of([&] {
              t.add_column(Column::integers("extra", {1, 2}));
            }),
            "column 'extra': has 2 rows but the table has 4");
  t.replace_column(Column::integers("count", {1, 1, 1, 1}));
  EXPECT_EQ(t.column("count").ints()[1], 1);
  EXPECT_THROW(t.replace_column(Column::integers("nope", {1, 1, 1, 1})), Error);
}

TEST(TableOps, UnknownColumnSuggestsClosestAndListsAll) {
  const Table t = crimes();
  EXPECT_EQ(message_of([&] { (void)t.column("cirme"); }),
            "column 'cirme': the table has no column of that name. Did you mean 'crime'? "
            "Available columns: ward, crime, count, rate.");
  EXPECT_EQ(message_of([&] { (void)t.column("zzzzzzzz"); }),
            "column 'zzzzzzzz': the table has no column of that name. Available columns: ward, "
            "crime, count, rate.");
  EXPECT_EQ(message_of([&] { (void)t.column("Rate"); }),
            "column 'Rate': the table has no column of that name. Did you mean 'rate'? Available "
            "columns: ward, crime, count, rate.");
}

TEST(TableOps, EditDistanceIsLevenshtein) {
  EXPECT_EQ(harmcast::levenshtein_distance("kitten", "sitting"), 3u);  // the textbook example
  EXPECT_EQ(harmcast::levenshtein_distance("", "abc"), 3u);
  EXPECT_EQ(harmcast::levenshtein_distance("flaw", "lawn"), 2u);
}

TEST(TableOps, SelectFilterTake) {
  const Table t = crimes();
  const Table s = t.select({"rate", "ward"});
  EXPECT_EQ(s.column_names(), (Texts{"rate", "ward"}));
  EXPECT_THROW(t.select({"ward", "ward"}), Error);
  EXPECT_THROW(t.select({"wrd"}), Error);

  const std::vector<std::uint8_t> keep = {1, 0, 1, 0};
  const Table f = t.filter(keep);
  EXPECT_EQ(f.rows(), 2u);
  EXPECT_EQ(texts(f.column("crime")), (Texts{"theft", "burglary"}));
  EXPECT_EQ(texts(f.column("rate")), (Texts{"0.5", "NA"}));
  const std::vector<std::uint8_t> short_keep = {1};
  EXPECT_EQ(message_of([&] { t.filter(short_keep); }),
            "table filter: got 1 keep flags for 4 rows. Give one flag per row.");

  const std::vector<std::size_t> rows = {3, 3, 1};
  const Table k = t.take(rows);
  EXPECT_EQ(texts(k.column("count")), (Texts{"4", "4", "5"}));
}

TEST(TableOps, GroupSumInFirstSeenOrderWithMissingPropagating) {
  const Table g = crimes().group_sum({"ward", "crime"}, {"count", "rate"}, "n");
  // Groups: (W1,theft) rows 1,4; (W2,theft) row 2; (W1,burglary) row 3.
  EXPECT_EQ(texts(g.column("ward")), (Texts{"W1", "W2", "W1"}));
  EXPECT_EQ(texts(g.column("crime")), (Texts{"theft", "theft", "burglary"}));
  EXPECT_EQ(g.column("count").type(), ColumnType::Integer);
  EXPECT_EQ(texts(g.column("count")), (Texts{"7", "5", "2"}));
  EXPECT_EQ(texts(g.column("rate")), (Texts{"2.5", "1.5", "NA"}));  // sum with an NA is NA
  EXPECT_EQ(texts(g.column("n")), (Texts{"2", "1", "1"}));

  const Table all = crimes().group_sum({}, {"count"});
  EXPECT_EQ(texts(all.column("count")), (Texts{"14"}));
  EXPECT_THROW(crimes().group_sum({"ward"}, {"crime"}), Error);  // categorical cannot be summed
  EXPECT_THROW(crimes().group_sum({"ward"}, {"count"}, "ward"), Error);
}

TEST(TableOps, InnerAndLeftJoinMatchByLabel) {
  Table right;
  // Levels in another order than the left table's, to check label matching.
  right.add_column(Column::categorical_from_strings("ward", {"W2", "W1"}));
  right.add_column(Column::floats("population", {2000, 1000}));
  right.add_column(Column::integers("count", {9, 8}));  // clashes -> count_right

  const Table inner = crimes().join(right, {"ward"});
  EXPECT_EQ(inner.rows(), 4u);
  EXPECT_EQ(inner.column_names(),
            (Texts{"ward", "crime", "count", "rate", "population", "count_right"}));
  EXPECT_EQ(texts(inner.column("population")), (Texts{"1000", "2000", "1000", "1000"}));
  EXPECT_EQ(texts(inner.column("count_right")), (Texts{"8", "9", "8", "8"}));

  Table only_w2;
  only_w2.add_column(Column::categorical_from_strings("ward", {"W2"}));
  only_w2.add_column(Column::floats("population", {2000}));
  const Table inner2 = crimes().join(only_w2, {"ward"}, JoinKind::Inner);
  EXPECT_EQ(inner2.rows(), 1u);
  EXPECT_EQ(texts(inner2.column("count")), (Texts{"5"}));
  const Table left = crimes().join(only_w2, {"ward"}, JoinKind::Left);
  EXPECT_EQ(left.rows(), 4u);
  EXPECT_EQ(texts(left.column("population")), (Texts{"NA", "2000", "NA", "NA"}));
}

TEST(TableOps, JoinOnTwoKeysAndKeyErrors) {
  Table right;
  right.add_column(Column::categorical_from_strings("ward", {"W1", "W1"}));
  right.add_column(Column::categorical_from_strings("crime", {"theft", "burglary"}));
  right.add_column(Column::floats("cost", {10, 20}));
  const Table j = crimes().join(right, {"ward", "crime"}, JoinKind::Left);
  EXPECT_EQ(texts(j.column("cost")), (Texts{"10", "NA", "20", "10"}));

  Table duplicated;
  duplicated.add_column(Column::categorical_from_strings("ward", {"W1", "W2", "W1"}));
  duplicated.add_column(Column::floats("population", {1, 2, 3}));
  EXPECT_EQ(message_of([&] { crimes().join(duplicated, {"ward"}); }),
            "join: the key (ward=W1) appears twice in the right table (rows 1 and 3). Make the "
            "right table's keys unique, e.g. with group_sum, before joining.");

  Table wrong_type;
  wrong_type.add_column(Column::integers("ward", {1}));
  EXPECT_EQ(message_of([&] { crimes().join(wrong_type, {"ward"}); }),
            "join key 'ward': is categorical on the left but integer on the right. Convert one "
            "side so both key columns have the same type.");
  EXPECT_THROW(crimes().join(right, {}), Error);
  EXPECT_THROW(crimes().join(right, {"count"}), Error);  // absent on the right
}

TEST(TableOps, ToLongStacksRowByRow) {
  Table wide;
  wide.add_column(Column::categorical_from_strings("ward", {"W1", "W2"}));
  wide.add_column(Column::integers("theft", {3, 5}));
  wide.add_column(Column::floats("burglary", {1.5, 0}, {0, 1}));
  const Table l = wide.to_long({"ward"}, {"theft", "burglary"}, "crime", "count");
  EXPECT_EQ(l.rows(), 4u);
  EXPECT_EQ(texts(l.column("ward")), (Texts{"W1", "W1", "W2", "W2"}));
  EXPECT_EQ(texts(l.column("crime")), (Texts{"theft", "burglary", "theft", "burglary"}));
  EXPECT_EQ(l.column("count").type(), ColumnType::Float);  // integer + float -> float
  EXPECT_EQ(texts(l.column("count")), (Texts{"3", "1.5", "5", "NA"}));

  Table mixed = wide;
  mixed.add_column(Column::categorical_from_strings("note", {"a", "b"}));
  EXPECT_THROW(mixed.to_long({"ward"}, {"theft", "note"}, "k", "v"), Error);
  EXPECT_THROW(wide.to_long({"ward"}, {"theft"}, "ward", "v"), Error);  // output name clash
}

TEST(TableOps, ToWideIsTheInverseOfToLong) {
  Table wide;
  wide.add_column(Column::categorical_from_strings("ward", {"W1", "W2"}));
  wide.add_column(Column::integers("theft", {3, 5}));
  wide.add_column(Column::integers("burglary", {1, 0}, {0, 1}));
  const Table back = wide.to_long({"ward"}, {"theft", "burglary"}, "crime", "count")
                         .to_wide({"ward"}, "crime", "count");
  EXPECT_EQ(back.column_names(), (Texts{"ward", "theft", "burglary"}));
  EXPECT_EQ(texts(back.column("theft")), (Texts{"3", "5"}));
  EXPECT_EQ(texts(back.column("burglary")), (Texts{"1", "NA"}));
  EXPECT_EQ(back.column("theft").type(), ColumnType::Integer);
}

TEST(TableOps, ToWideFillsAbsentCellsAndRejectsDuplicatePairs) {
  const Table t = crimes();
  // (W1,theft) occurs twice in crimes(): rows 1 and 4.
  EXPECT_EQ(message_of([&] { t.to_wide({"ward"}, "crime", "count"); }),
            "to_wide: the pair (ward=W1, crime=theft) appears twice (rows 1 and 4). Each id and "
            "name pair must be unique; sum duplicates with group_sum first.");
  const Table summed = t.group_sum({"ward", "crime"}, {"count"});
  const Table w = summed.to_wide({"ward"}, "crime", "count");
  EXPECT_EQ(w.column_names(), (Texts{"ward", "theft", "burglary"}));
  EXPECT_EQ(texts(w.column("ward")), (Texts{"W1", "W2"}));
  EXPECT_EQ(texts(w.column("theft")), (Texts{"7", "5"}));
  EXPECT_EQ(texts(w.column("burglary")), (Texts{"2", "NA"}));  // W2 has no burglary row
}

TEST(TableOps, EmptyTablesGiveEmptyResults) {
  const std::vector<std::uint8_t> none = {0, 0, 0, 0};
  const Table empty = crimes().filter(none);
  EXPECT_EQ(empty.rows(), 0u);
  EXPECT_EQ(empty.cols(), 4u);
  const Table g = empty.group_sum({"ward"}, {"count"}, "n");
  EXPECT_EQ(g.rows(), 0u);
  EXPECT_EQ(g.column_names(), (Texts{"ward", "count", "n"}));
  EXPECT_EQ(empty.join(crimes().group_sum({"ward"}, {"rate"}), {"ward"}, JoinKind::Left).rows(),
            0u);
  EXPECT_EQ(empty.to_wide({"ward"}, "crime", "count").cols(), 1u);  // no labels, only the id
  EXPECT_EQ(Table().rows(), 0u);
}
