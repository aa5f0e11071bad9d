// CSV writer: quoting only where needed, missing values, shortest round-trip doubles, atomic
// replacement, and write-then-read giving the same table; plus reading a file written by R.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>

#include "engine/core/error.hpp"
#include "engine/io/csv_reader.hpp"
#include "engine/io/csv_writer.hpp"
#include "tests/support/paths.hpp"

using harmcast::Column;
using harmcast::ColumnType;
using harmcast::CsvReadOptions;
using harmcast::CsvWriteOptions;
using harmcast::Table;

namespace {

using Texts = std::vector<std::string>;

Table mixed_table() {
  const double inf = std::numeric_limits<double>::infinity();
  Table t;
  t.add_column(Column::integers("id", {1, 2, 3, 4, 5}));
  t.add_column(Column::floats("x", {0.1, 1.0 / 3.0, -2.5e-300, inf, 1e21}, {0, 0, 0, 0, 1}));
  t.add_column(Column::booleans("flag", {1, 0, 1, 0, 0}, {0, 0, 1, 0, 0}));
  t.add_column(Column::categorical_from_strings(
      "note", {"plain", "a, b", "say \"hi\"", "two\nlines", "NA"}, {0, 0, 0, 0, 0}));
  t.add_column(
      Column::categorical_from_strings("blank", {"", " pad", "NULL", "x", "y"}, {0, 0, 0, 1, 0}));
  // Month ordinals = year * 12 + (month - 1): 2017-04, 2017-05, ...
  t.add_column(Column::periods("month", harmcast::Frequency::Month,
                               {24207, 24208, 24209, 24210, 24211}, {0, 0, 0, 0, 1}));
  return t;
}

void expect_same_table(const Table& a, const Table& b) {
  ASSERT_EQ(a.column_names(), b.column_names());
  ASSERT_EQ(a.rows(), b.rows());
  for (std::size_t c = 0; c < a.cols(); ++c) {
    const Column& x = a.column(c);
    const Column& y = b.column(c);
    SCOPED_TRACE(x.name());
    ASSERT_EQ(x.type(), y.type());
    for (std::size_t r = 0; r < a.rows(); ++r) {
      ASSERT_EQ(x.is_missing(r), y.is_missing(r)) << "row " << r;
      if (x.is_missing(r)) continue;
      if (x.type() == ColumnType::Float) {
        EXPECT_EQ(x.reals()[r], y.reals()[r]) << "row " << r;  // bit-exact round trip
      } else {
        EXPECT_EQ(x.text(r), y.text(r)) << "row " << r;
      }
    }
    if (x.type() == ColumnType::Categorical) {
      EXPECT_EQ(x.levels(), y.levels());
    }
    if (x.type() == ColumnType::Period) {
      EXPECT_EQ(x.frequency(), y.frequency());
    }
  }
}

std::string slurp(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

}  // namespace

TEST(CsvWriter, QuotesOnlyWhereNeeded) {
  const std::string text = harmcast::to_csv_text(mixed_table());
  EXPECT_EQ(text,
            "id,x,flag,note,blank,month\n"
            "1,0.1,TRUE,plain,\"\",2017-04\n"
            "2,0.3333333333333333,FALSE,\"a, b\",\" pad\",2017-05\n"
            "3,-2.5e-300,,\"say \"\"hi\"\"\",\"NULL\",2017-06\n"
            "4,Inf,FALSE,\"two\nlines\",,2017-07\n"
            "5,,FALSE,\"NA\",y,\n");
}

TEST(CsvWriter, MissingAsNaAndOtherDelimiter) {
  Table t;
  t.add_column(Column::floats("a", {1.5, 2}, {0, 1}));
  t.add_column(Column::categorical_from_strings("b", {"x;y", "z"}));
  CsvWriteOptions options;
  options.missing = "NA";
  options.delimiter = ';';
  EXPECT_EQ(harmcast::to_csv_text(t, options), "a;b\n1.5;\"x;y\"\nNA;z\n");
  options.header = false;
  EXPECT_EQ(harmcast::to_csv_text(t, options), "1.5;\"x;y\"\nNA;z\n");
  Table whole;
  whole.add_column(Column::floats("w", {2, -0.0, 1e21, 3e-5}));
  EXPECT_EQ(harmcast::to_csv_text(whole), "w\n2.0\n-0.0\n1e+21\n3e-05\n");
  CsvWriteOptions plain;
  plain.mark_whole_floats = false;
  EXPECT_EQ(harmcast::to_csv_text(whole, plain), "w\n2\n-0\n1e+21\n3e-05\n");
  options.missing = "a;b";
  EXPECT_THROW(options.validate(), harmcast::Error);
}

TEST(CsvWriter, WriteThenReadGivesTheSameTable) {
  const auto dir = harmcast::testing::fresh_temp_dir("csv_writer");
  const auto path = dir / "mixed.csv";
  const Table original = mixed_table();
  harmcast::write_csv(original, path);
  expect_same_table(original, harmcast::read_csv(path));

  CsvWriteOptions na;
  na.missing = "NA";
  harmcast::write_csv(original, path, na);  // replaces the file
  expect_same_table(original, harmcast::read_csv(path));

  // Doubles of every magnitude come back bit for bit.
  std::vector<double> values;
  for (int k = -300; k <= 300; k += 7)
    values.push_back(std::ldexp(1.0 / 7.0, k) * (k % 2 ? -1 : 1));
  values.push_back(std::numeric_limits<double>::denorm_min());
  values.push_back(std::numeric_limits<double>::max());
  Table reals;
  reals.add_column(Column::floats("v", values));
  harmcast::write_csv(reals, path);
  expect_same_table(reals, harmcast::read_csv(path));
  std::filesystem::remove_all(dir);
}

TEST(CsvWriter, ReplacesAtomicallyAndLeavesNoTemporaryFile) {
  const auto dir = harmcast::testing::fresh_temp_dir("csv_writer_atomic");
  const auto path = dir / "out.csv";
  {
    std::ofstream old(path);
    old << "old contents\n";
  }
  Table t;
  t.add_column(Column::integers("n", {1, 2}));
  harmcast::write_csv(t, path);
  EXPECT_EQ(slurp(path), "n\n1\n2\n");
  std::size_t files = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(dir)) ++files;
  EXPECT_EQ(files, 1u);
  std::filesystem::remove_all(dir);
}

TEST(CsvWriter, OneColumnTableWithMissingValuesRoundTrips) {
  Table t;
  t.add_column(Column::floats("v", {1, 0, 3}, {0, 1, 0}));
  const std::string text = harmcast::to_csv_text(t);
  EXPECT_EQ(text, "v\n1.0\n\n3.0\n");
  expect_same_table(t, harmcast::read_csv_text(text, "t.csv"));
}

TEST(CsvReaderAgainstR, FileWrittenByRWriteCsv) {
  // r_written.csv, r_written_sums.csv and r_written_levels.csv come from
  // tests/data/csv/make_r_reference.R (R 4.2.2): write.csv, then read.csv(stringsAsFactors=TRUE).
  const Table t = harmcast::read_csv(harmcast::testing::test_data("csv/r_written.csv"));
  EXPECT_EQ(t.rows(), 300u);
  EXPECT_EQ(t.column("id").type(), ColumnType::Integer);
  EXPECT_EQ(t.column("score").type(), ColumnType::Float);
  EXPECT_EQ(t.column("flag").type(), ColumnType::Boolean);
  EXPECT_EQ(t.column("count").type(), ColumnType::Integer);
  EXPECT_EQ(t.column("month").type(), ColumnType::Period);

  const Table sums = harmcast::read_csv(harmcast::testing::test_data("csv/r_written_sums.csv"));
  for (std::size_t k = 0; k < sums.rows(); ++k) {
    const std::string name = sums.column("column").text(k);
    SCOPED_TRACE(name);
    const Column& column = t.column(name);
    double sum = 0;
    for (std::size_t r = 0; r < column.size(); ++r) {
      if (!column.is_missing(r)) sum += column.numeric(r);
    }
    const double expected = sums.column("sum").numeric(k);
    EXPECT_NEAR(sum, expected, 1e-12 * std::max(1.0, std::abs(expected)));
    EXPECT_EQ(static_cast<double>(column.count_missing()), sums.column("n_missing").numeric(k));
  }

  // Level counts as R's table(); R sorts the levels, harmcast keeps first-seen order.
  const Table levels = harmcast::read_csv(harmcast::testing::test_data("csv/r_written_levels.csv"));
  const Column& group = t.column("group");
  for (std::size_t k = 0; k < levels.rows(); ++k) {
    const std::string level = levels.column("level").text(k);
    std::size_t count = 0;
    for (std::size_t r = 0; r < group.size(); ++r) count += group.text(r) == level ? 1 : 0;
    EXPECT_EQ(static_cast<double>(count), levels.column("n").numeric(k)) << level;
  }
  EXPECT_EQ(group.levels().size(), levels.rows());
}
