// Bad CSV inputs: each must fail with a harmcast::Error whose message names the file, the line,
// the field where there is one, and what was expected. Messages are compared in full so a
// regression in any part (place, problem, hint) shows.
#include <gtest/gtest.h>

#include "engine/core/error.hpp"
#include "engine/io/csv_reader.hpp"
#include "tests/support/paths.hpp"

using harmcast::ColumnType;
using harmcast::CsvReadOptions;
using harmcast::Error;

namespace {

const std::string kQuoteHint =
    "Enclose a field holding quotes, delimiters or line breaks in double quotes and write each "
    "quote inside it twice (\"\").";
const std::string kValueHint =
    "Fix the value, leave it empty or NA for missing, or declare the column with another type.";

struct BadText {
  std::string label;
  std::string text;
  CsvReadOptions options;
  std::string where;    // Error::where()
  std::string message;  // Error::what() in full
};

CsvReadOptions declared(const std::string& column, ColumnType type) {
  CsvReadOptions options;
  options.types[column] = type;
  return options;
}

CsvReadOptions only(std::vector<std::string> columns) {
  CsvReadOptions options;
  options.columns = std::move(columns);
  return options;
}

std::vector<BadText> bad_texts() {
  return {
      {"ragged row",
       "a,b,c\n1,2,3\n4,5\n",
       {},
       "bad.csv:3",
       "bad.csv:3: expected 3 fields (as in the header), found 2. Check for a missing or extra "
       "delimiter, or quote fields that contain ','."},
      {"too many fields",
       "a,b\n1,2\n3,4,5\n",
       {},
       "bad.csv:3",
       "bad.csv:3: expected 2 fields (as in the header), found 3. Check for a missing or extra "
       "delimiter, or quote fields that contain ','."},
      {"ragged row after a quoted line break (physical line counted)",
       "a,b\n\"x\ny\",1\n2\n",
       {},
       "bad.csv:4",
       "bad.csv:4: expected 2 fields (as in the header), found 1. Check for a missing or extra "
       "delimiter, or quote fields that contain ','."},
      {"unterminated quote names the line it opened on",
       "a,b\n1,2\n3,\"open\n4,5\n6,7\n",
       {},
       "bad.csv:3:2",
       "bad.csv:3:2: column 'b': a quote opened here is never closed (the file ends inside the "
       "quoted "
       "field). " +
           kQuoteHint},
      {"quote inside an unquoted field",
       "a,b\n1,5'11\"\n",
       {},
       "bad.csv:2:2",
       "bad.csv:2:2: column 'b': found a quote inside a field that does not start with a quote. " +
           kQuoteHint},
      {"text after a closing quote",
       "a,b\n1,\"x\"y\n",
       {},
       "bad.csv:2:2",
       "bad.csv:2:2: column 'b': expected the delimiter or the end of the row after a closing "
       "quote, found "
       "'y'. " +
           kQuoteHint},
      {"bad value under an integer override", "id,age\n1,34\n2,3x\n",
       declared("age", ColumnType::Integer), "bad.csv:3:2",
       "bad.csv:3:2: column 'age' is declared integer, but \"3x\" is not one. " + kValueHint},
      {"bad value under a float override", "id,ogrs\n1,0.5\n2,high\n",
       declared("ogrs", ColumnType::Float), "bad.csv:3:2",
       "bad.csv:3:2: column 'ogrs' is declared float (a number), but \"high\" is not one. " +
           kValueHint},
      {"bad value under a boolean override", "flag\n0\n1\n2\n",
       declared("flag", ColumnType::Boolean), "bad.csv:4:1",
       "bad.csv:4:1: column 'flag' is declared boolean (true/false, TRUE/FALSE or 0/1), but "
       "\"2\" is not one. " +
           kValueHint},
      {"bad period in a period-typed column", "month,n\n2017-04,1\n2017-13,2\n",
       declared("month", ColumnType::Period), "bad.csv:3:1",
       "bad.csv:3:1: column 'month' is declared a period column (values such as 2017-04, "
       "2017-Q2, 2017-W14, 2017-04-01 or 2017), but \"2017-13\" is not one. " +
           kValueHint},
      {"mixed period frequencies in a period-typed column", "month\n2017-04\n\n2017-Q2\n",
       declared("month", ColumnType::Period), "bad.csv:4:1",
       "bad.csv:4:1: column 'month' holds month periods (the first, \"2017-04\", is on line 2) "
       "but \"2017-Q2\" is a quarter period. Use one frequency throughout the column, or declare "
       "its frequency (period_frequencies) so dates map into it."},
      {"duplicate header name",
       "id,age,id\n1,2,3\n",
       {},
       "bad.csv:1:3",
       "bad.csv:1:3: the column name 'id' appears twice in the header (columns 1 and 3). Give "
       "every column a unique name."},
      {"empty header name (R row names)",
       "\"\",age\n\"1\",30\n",
       {},
       "bad.csv:1:1",
       "bad.csv:1:1: column 1 has an empty name in the header. Name every column (files written "
       "by R's write.csv need row.names = FALSE)."},
      {"unknown column in columns", "id,age,sex\n1,2,M\n", only({"id", "agee"}), "bad.csv:1",
       "bad.csv:1: CsvReadOptions::columns names the column 'agee', which is not in the header. "
       "Did you mean 'age'? Available columns: id, age, sex."},
      {"unknown column in types", "id,age\n1,2\n", declared("sex", ColumnType::Categorical),
       "bad.csv:1",
       "bad.csv:1: CsvReadOptions::types names the column 'sex', which is not in the header. "
       "Available columns: id, age."},
      {"empty text",
       "",
       {},
       "bad.csv:1",
       "bad.csv:1: the file is empty; expected a header row naming the columns. A CSV file "
       "starts with one row of column names, separated by ','."},
      {"only a byte-order mark and a blank line",
       "\xEF\xBB\xBF\n",
       {},
       "bad.csv:1",
       "bad.csv:1: the first line is empty; expected a header row naming the columns. A CSV "
       "file starts with one row of column names, separated by ','."},
  };
}

}  // namespace

TEST(CsvErrors, EveryBadTextNamesPlaceAndExpectation) {
  for (const auto& bad : bad_texts()) {
    SCOPED_TRACE(bad.label);
    try {
      (void)harmcast::read_csv_text(bad.text, "bad.csv", bad.options);
      ADD_FAILURE() << "no error for: " << bad.label;
    } catch (const Error& error) {
      EXPECT_EQ(error.where(), bad.where);
      EXPECT_EQ(std::string(error.what()), bad.message);
    }
  }
}

TEST(CsvErrors, FirstBadValueInFileOrderIsReportedAcrossColumns) {
  // Column b fails on line 4, column a on line 3: line 3 comes first although b is checked in
  // parallel with a.
  CsvReadOptions options;
  options.types["a"] = ColumnType::Integer;
  options.types["b"] = ColumnType::Integer;
  try {
    (void)harmcast::read_csv_text("a,b\n1,1\nx,2\n3,y\n", "bad.csv", options);
    FAIL() << "expected an error";
  } catch (const Error& error) {
    EXPECT_EQ(error.where(), "bad.csv:3:1");
  }
}

TEST(CsvErrors, RaggedRowFarIntoALargeTextIsFoundAtItsLine) {
  // 100,000 good rows span several parallel blocks; the bad row is at line 70,003.
  std::string text = "x,y\n";
  for (int i = 0; i < 100000; ++i) {
    text += std::to_string(i) + "," + std::to_string(2 * i) + "\n";
    if (i == 70000) text += "oops\n";
  }
  try {
    (void)harmcast::read_csv_text(text, "big.csv");
    FAIL() << "expected an error";
  } catch (const Error& error) {
    EXPECT_EQ(error.where(), "big.csv:70003");
  }
}

TEST(CsvErrors, MissingFile) {
  const auto path = harmcast::testing::test_data("csv/no_such_file.csv");
  try {
    (void)harmcast::read_csv(path);
    FAIL() << "expected an error";
  } catch (const Error& error) {
    EXPECT_EQ(error.where(), path.string());
    EXPECT_EQ(error.problem(), "the file does not exist");
  }
}

TEST(CsvErrors, EmptyFile) {
  const auto path = harmcast::testing::test_data("csv/empty.csv");
  try {
    (void)harmcast::read_csv(path);
    FAIL() << "expected an error";
  } catch (const Error& error) {
    EXPECT_EQ(error.where(), path.string() + ":1");
    EXPECT_EQ(error.problem(), "the file is empty; expected a header row naming the columns");
  }
}

TEST(CsvErrors, RaggedFileNamesTheFile) {
  const auto path = harmcast::testing::test_data("csv/ragged.csv");
  try {
    (void)harmcast::read_csv(path);
    FAIL() << "expected an error";
  } catch (const Error& error) {
    EXPECT_EQ(error.where(), path.string() + ":7");
    EXPECT_EQ(error.problem(), "expected 12 fields (as in the header), found 11");
  }
}

TEST(CsvErrors, OptionsAreValidated) {
  CsvReadOptions options;
  options.delimiter = '"';
  EXPECT_THROW(options.validate(), Error);
  options = {};
  options.threads = -1;
  EXPECT_THROW(options.validate(), Error);
  options = {};
  options.types["m"] = ColumnType::Integer;
  options.period_frequencies["m"] = harmcast::Frequency::Month;
  EXPECT_THROW(options.validate(), Error);
}
