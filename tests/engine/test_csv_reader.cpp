// CSV reader: RFC 4180 details (quotes, CRLF, BOM, line breaks in fields), missing tokens, type
// inference and overrides, column choice, and a large text split across parallel blocks.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "engine/core/error.hpp"
#include "engine/io/csv_reader.hpp"
#include "tests/support/paths.hpp"

using harmcast::ColumnType;
using harmcast::CsvReadOptions;
using harmcast::Frequency;
using harmcast::read_csv_text;
using harmcast::Table;

namespace {

using Texts = std::vector<std::string>;

Texts texts(const harmcast::Column& c) {
  Texts out;
  for (std::size_t i = 0; i < c.size(); ++i) out.push_back(c.is_missing(i) ? "<NA>" : c.text(i));
  return out;
}

ColumnType type_of(const std::string& text) {
  return read_csv_text("x\n" + text, "t.csv").column("x").type();
}

}  // namespace

TEST(CsvReader, QuotedFieldsWithDelimitersQuotesAndLineBreaks) {
  const Table t = read_csv_text(
      "id,note\n1,\"a, b\"\n2,\"say \"\"hi\"\"\"\n3,\"two\nlines\"\n4,\"crlf\r\ninside\"\n5,\"\"\n",
      "t.csv");
  ASSERT_EQ(t.rows(), 5u);
  const auto& note = t.column("note");
  EXPECT_EQ(note.type(), ColumnType::Categorical);
  EXPECT_EQ(texts(note), (Texts{"a, b", "say \"hi\"", "two\nlines", "crlf\r\ninside", ""}));
  EXPECT_EQ(texts(t.column("id")), (Texts{"1", "2", "3", "4", "5"}));
}

TEST(CsvReader, CrlfLineEndsAndByteOrderMark) {
  const Table t = read_csv_text("\xEF\xBB\xBFid,name\r\n1,ann\r\n2,\"bo\"\r\n", "t.csv");
  EXPECT_EQ(t.column_names(), (Texts{"id", "name"}));  // no BOM in the first name
  EXPECT_EQ(texts(t.column("name")), (Texts{"ann", "bo"}));
  EXPECT_EQ(t.column("id").type(), ColumnType::Integer);
}

TEST(CsvReader, FileWithBomCrlfAndNoFinalNewline) {
  const Table t = harmcast::read_csv(harmcast::testing::test_data("csv/bom_crlf.csv"));
  EXPECT_EQ(t.column_names(), (Texts{"ward", "month", "count"}));
  EXPECT_EQ(texts(t.column("ward")), (Texts{"W01", "W02", "W01"}));
  EXPECT_EQ(t.column("month").type(), ColumnType::Period);
  EXPECT_EQ(texts(t.column("month")), (Texts{"2017-04", "2017-04", "2017-05"}));
  EXPECT_EQ(texts(t.column("count")), (Texts{"3", "<NA>", "7"}));
}

TEST(CsvReader, MissingTokensOnlyWhenUnquoted) {
  const Table t = read_csv_text("n,s\n1,a\n,NA\nNA,\"NA\"\nNULL,\"\"\n5,b\n", "t.csv");
  EXPECT_EQ(t.column("n").type(), ColumnType::Integer);
  EXPECT_EQ(texts(t.column("n")), (Texts{"1", "<NA>", "<NA>", "<NA>", "5"}));
  EXPECT_EQ(t.column("n").count_missing(), 3u);
  // A quoted "NA" is the text NA and a quoted "" the empty string, not missing.
  EXPECT_EQ(texts(t.column("s")), (Texts{"a", "<NA>", "NA", "", "b"}));

  CsvReadOptions options;
  options.missing_tokens = {"-", "."};
  const Table u = read_csv_text("n\n1\n-\n.\n4\n", "t.csv", options);
  EXPECT_EQ(texts(u.column("n")), (Texts{"1", "<NA>", "<NA>", "4"}));
  const Table v = read_csv_text("n\n1\nNA\n", "t.csv", options);  // NA is no longer missing
  EXPECT_EQ(v.column("n").type(), ColumnType::Categorical);
}

TEST(CsvReader, TypeInference) {
  EXPECT_EQ(type_of("true\nFALSE\nTRUE\n"), ColumnType::Boolean);
  EXPECT_EQ(type_of("0\n1\n1\n"), ColumnType::Integer);  // 0/1 is boolean only when declared
  EXPECT_EQ(type_of("12\n-3\n+4\n 5 \n"), ColumnType::Integer);
  EXPECT_EQ(type_of("12\n-3.5\n"), ColumnType::Float);
  EXPECT_EQ(type_of("1e3\n.5\nInf\n-Inf\nNaN\n"), ColumnType::Float);
  EXPECT_EQ(type_of("99999999999999999999\n1\n"), ColumnType::Float);  // beyond int64
  EXPECT_EQ(type_of("2017-04\n2017-05\n"), ColumnType::Period);
  EXPECT_EQ(type_of("2017-Q2\n2018-Q1\n"), ColumnType::Period);
  EXPECT_EQ(type_of("2017-04-01\n2017-04-02\n"), ColumnType::Period);
  EXPECT_EQ(type_of("2017-04\n2017-04-02\n"), ColumnType::Categorical);  // mixed frequencies
  EXPECT_EQ(type_of("2017\n2018\n"), ColumnType::Integer);               // integers win over years
  EXPECT_EQ(type_of("theft\n12\n"), ColumnType::Categorical);
  EXPECT_EQ(type_of("true\n1\n"), ColumnType::Categorical);
  EXPECT_EQ(type_of("NA\n\n"), ColumnType::Float);  // nothing to infer from
}

TEST(CsvReader, ValuesOfInferredTypes) {
  const Table t = read_csv_text(
      "b,i,f,q,d,c\n"
      "true,1,0.1,2017-Q2,2017-04-01,theft\n"
      "False,-20,2.5e-3,2017-Q3,2016-02-29,burglary\n"
      "TRUE,9007199254740993,-Inf,,2017-04-03,theft\n",
      "t.csv");
  EXPECT_EQ(texts(t.column("b")), (Texts{"TRUE", "FALSE", "TRUE"}));
  EXPECT_EQ(t.column("i").ints()[2], 9007199254740993LL);  // exact: not via double
  EXPECT_EQ(t.column("f").reals()[0], 0.1);
  EXPECT_EQ(t.column("f").reals()[1], 0.0025);
  EXPECT_EQ(t.column("f").reals()[2], -std::numeric_limits<double>::infinity());
  EXPECT_EQ(t.column("q").frequency(), Frequency::Quarter);
  EXPECT_EQ(t.column("q").ints()[0], 2017 * 4 + 1);  // ordinal = year * 4 + (quarter - 1)
  EXPECT_TRUE(t.column("q").is_missing(2));
  EXPECT_EQ(t.column("d").frequency(), Frequency::Day);
  EXPECT_EQ(t.column("d").ints()[0],
            17257);  // days since 1970-01-01: R as.numeric(as.Date("2017-04-01"))
  EXPECT_EQ(t.column("d").ints()[1], 16860);  // R as.numeric(as.Date("2016-02-29"))
  // Categorical levels in first-seen order (R's factor() would sort them: burglary, theft).
  EXPECT_EQ(t.column("c").levels(), (Texts{"theft", "burglary"}));
  EXPECT_EQ(t.column("c").codes()[2], 0);
}

TEST(CsvReader, DeclaredTypesOverrideInference) {
  CsvReadOptions options;
  options.types["treat"] = ColumnType::Boolean;
  options.types["ward"] = ColumnType::Categorical;
  options.types["n"] = ColumnType::Float;
  options.types["label"] = ColumnType::Categorical;
  const Table t = read_csv_text("treat,ward,n,label\n0,01,3,x\n1,02,,y\n", "t.csv", options);
  EXPECT_EQ(t.column("treat").type(), ColumnType::Boolean);
  EXPECT_EQ(texts(t.column("treat")), (Texts{"FALSE", "TRUE"}));
  EXPECT_EQ(texts(t.column("ward")), (Texts{"01", "02"}));  // leading zeros kept
  EXPECT_EQ(t.column("n").type(), ColumnType::Float);
  EXPECT_TRUE(t.column("n").is_missing(1));
}

TEST(CsvReader, PeriodFrequencyMapsDatesIntoIt) {
  CsvReadOptions options;
  options.period_frequencies["date"] = Frequency::Month;
  const Table t = read_csv_text("date\n2017-04-15\n2017-05-01\nApr 2017\n", "t.csv", options);
  EXPECT_EQ(t.column("date").frequency(), Frequency::Month);
  EXPECT_EQ(texts(t.column("date")), (Texts{"2017-04", "2017-05", "2017-04"}));
}

TEST(CsvReader, ChosenColumnsInTheOrderAsked) {
  CsvReadOptions options;
  options.columns = {"c", "a"};
  const Table t = read_csv_text("a,b,c,d\n1,x,2.5,y\n2,z,3.5,w\n", "t.csv", options);
  EXPECT_EQ(t.column_names(), (Texts{"c", "a"}));
  EXPECT_EQ(texts(t.column("c")), (Texts{"2.5", "3.5"}));
  EXPECT_EQ(texts(t.column("a")), (Texts{"1", "2"}));
}

TEST(CsvReader, HeaderOnlyGivesZeroRows) {
  const Table t = read_csv_text("a,b\n", "t.csv");
  EXPECT_EQ(t.cols(), 2u);
  EXPECT_EQ(t.rows(), 0u);
  const Table u = read_csv_text("a,b", "t.csv");
  EXPECT_EQ(u.rows(), 0u);
}

TEST(CsvReader, BlankLinesSkippedUnlessOneColumn) {
  const Table t = read_csv_text("a,b\n1,2\n\n3,4\n\r\n", "t.csv");
  EXPECT_EQ(texts(t.column("a")), (Texts{"1", "3"}));
  const Table one = read_csv_text("a\n1\n\n3\n", "t.csv");  // an empty line is a missing value
  EXPECT_EQ(texts(one.column("a")), (Texts{"1", "<NA>", "3"}));
}

TEST(CsvReader, OtherDelimiters) {
  CsvReadOptions options;
  options.delimiter = ';';
  const Table t = read_csv_text("a;b\n1,5;x\n", "t.csv", options);
  EXPECT_EQ(texts(t.column("a")), (Texts{"1,5"}));
  options.delimiter = '\t';
  const Table u = read_csv_text("a\tb\n1\t\"x\ty\"\n", "t.csv", options);
  EXPECT_EQ(texts(u.column("b")), (Texts{"x\ty"}));
}

TEST(CsvReader, LargeTextIsReadTheSameWithOneOrManyThreads) {
  // 200,003 rows with known sums: sum(i) = n(n-1)/2, and every 7th value of s missing.
  const std::int64_t n = 200003;
  std::string text = "i,x,s,q\n";
  for (std::int64_t i = 0; i < n; ++i) {
    text += std::to_string(i) + "," + std::to_string(i) + ".5," +
            (i % 7 == 0 ? std::string() : (i % 2 ? "\"odd,\"" : "even")) + ",\"" +
            std::to_string(i % 3) + "\"\n";
  }
  CsvReadOptions one_thread;
  one_thread.threads = 1;
  for (const auto& options : {CsvReadOptions{}, one_thread}) {
    const Table t = read_csv_text(text, "big.csv", options);
    ASSERT_EQ(t.rows(), static_cast<std::size_t>(n));
    std::int64_t sum = 0;
    for (auto v : t.column("i").ints()) sum += v;
    EXPECT_EQ(sum, n * (n - 1) / 2);
    double xsum = 0;
    for (auto v : t.column("x").reals()) xsum += v;
    EXPECT_DOUBLE_EQ(xsum, static_cast<double>(n * (n - 1) / 2) + 0.5 * n);
    EXPECT_EQ(t.column("s").count_missing(), static_cast<std::size_t>((n + 6) / 7));
    EXPECT_EQ(t.column("s").levels(), (Texts{"odd,", "even"}));  // row 0 is missing
    EXPECT_EQ(t.column("q").type(), ColumnType::Integer);        // quotes do not stop inference
  }
}

TEST(CsvReader, TypesAgreeAcrossRowBlocks) {
  // The reader types blocks of 8,192 rows separately and then joins them; a value far down a
  // column must still decide the column's type, and levels stay in first-seen order.
  const std::size_t n = 30000;
  std::string text = "i,late_float,late_text,late_level,all_but_one_missing\n";
  for (std::size_t r = 0; r < n; ++r) {
    const bool last = r == n - 1;
    text += std::to_string(r) + "," + (last ? "0.5" : std::to_string(r)) + "," +
            (last ? "x" : "true") + "," + (r < 20000 ? "b" : "a") + "," + (r == 25000 ? "7" : "") +
            "\n";
  }
  const Table t = read_csv_text(text, "blocks.csv");
  EXPECT_EQ(t.column("i").type(), ColumnType::Integer);
  const auto& late_float = t.column("late_float");
  ASSERT_EQ(late_float.type(), ColumnType::Float);
  EXPECT_EQ(late_float.reals()[12345], 12345.0);
  EXPECT_EQ(late_float.reals()[n - 1], 0.5);
  const auto& late_text = t.column("late_text");
  ASSERT_EQ(late_text.type(), ColumnType::Categorical);
  EXPECT_EQ(late_text.levels(), (Texts{"true", "x"}));
  EXPECT_EQ(late_text.text(n - 1), "x");
  EXPECT_EQ(late_text.text(100), "true");
  EXPECT_EQ(t.column("late_level").levels(), (Texts{"b", "a"}));
  const auto& sparse = t.column("all_but_one_missing");
  ASSERT_EQ(sparse.type(), ColumnType::Integer);
  EXPECT_EQ(sparse.count_missing(), n - 1);
  EXPECT_EQ(sparse.ints()[25000], 7);

  // A declared period column whose frequency changes in a later block.
  std::string periods = "month\n";
  for (std::size_t r = 0; r < 20000; ++r) periods += r == 19000 ? "2017-Q2\n" : "2017-04\n";
  CsvReadOptions options;
  options.types["month"] = ColumnType::Period;
  try {
    (void)read_csv_text(periods, "p.csv", options);
    FAIL() << "expected an error";
  } catch (const harmcast::Error& error) {
    EXPECT_EQ(error.where(), "p.csv:19002:1");
  }
  // ... and where the change is the first value of a block (row 16,384 = line 16,386).
  std::string at_block_start = "month\n";
  for (std::size_t r = 0; r < 20000; ++r) at_block_start += r >= 16384 ? "2017-Q2\n" : "2017-04\n";
  try {
    (void)read_csv_text(at_block_start, "p.csv", options);
    FAIL() << "expected an error";
  } catch (const harmcast::Error& error) {
    EXPECT_EQ(error.where(), "p.csv:16386:1");
    EXPECT_EQ(error.problem(),
              "column 'month' holds month periods (the first, \"2017-04\", is on line 2) but "
              "\"2017-Q2\" is a quarter period");
  }
}

TEST(CsvReader, DeclaredTypesHoldForHeaderOnlyFiles) {
  CsvReadOptions options;
  options.types["n"] = ColumnType::Integer;
  options.types["c"] = ColumnType::Categorical;
  const Table t = read_csv_text("n,c,x\n", "t.csv", options);
  EXPECT_EQ(t.column("n").type(), ColumnType::Integer);
  EXPECT_EQ(t.column("c").type(), ColumnType::Categorical);
  EXPECT_EQ(t.column("x").type(), ColumnType::Float);
}
