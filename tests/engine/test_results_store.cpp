// ResultsStore / StoreReader: exact round trips, the atomic commit, errors, and the inspect
// listing. The layout is also checked with h5dump (HDF5 1.10.8 tools), an independent reader.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <limits>
#include <memory>
#include <sstream>
#include <string>

#include "engine/core/error.hpp"
#include "engine/store/results_store.hpp"
#include "engine/store/store_reader.hpp"
#include "engine/table/table.hpp"
#include "tests/support/paths.hpp"

namespace harmcast {
namespace {

namespace fs = std::filesystem;

class ResultsStoreTest : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = testing::fresh_temp_dir("results_store"); }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

std::string read_bytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// A table with every column type, missing values in each, and awkward names and values.
Table every_type_table() {
  const double inf = std::numeric_limits<double>::infinity();
  const double tiny = std::numeric_limits<double>::denorm_min();
  Table table;
  table.add_column(
      Column::floats("rate/1000", {1.5, -0.0, 0.0, inf, -inf, tiny, 1e308}, {0, 0, 1, 0, 0, 0, 0}));
  table.add_column(Column::integers("count",
                                    {std::numeric_limits<std::int64_t>::min(), -1, 0, 7, 0, 42,
                                     std::numeric_limits<std::int64_t>::max()},
                                    {0, 0, 0, 0, 1, 0, 0}));
  table.add_column(Column::booleans("treated", {1, 0, 0, 1, 1, 0, 1}, {0, 1, 0, 0, 0, 0, 0}));
  // Levels deliberately unsorted, one unused, one non-ASCII, one empty.
  table.add_column(Column::categorical(".ward", {2, 0, 0, 1, 0, 3, 2},
                                       {"Zeta Ward", "Åbo Road", "", "unused", "50% Lane"},
                                       {0, 0, 1, 0, 0, 0, 0}));
  table.add_column(Column::periods("month", Frequency::Month,
                                   {24207, 24208, 24209, 0, 24211, 24212, -5},
                                   {0, 0, 0, 1, 0, 0, 0}));
  table.add_column(
      Column::periods("50%", Frequency::Quarter, {8069, 8070, 8071, 8072, 8073, 8074, 8075}));
  return table;
}

void expect_same_column(const Column& expected, const Column& actual) {
  SCOPED_TRACE("column " + expected.name());
  ASSERT_EQ(actual.name(), expected.name());
  ASSERT_EQ(actual.type(), expected.type());
  ASSERT_EQ(actual.size(), expected.size());
  for (std::size_t row = 0; row < expected.size(); ++row) {
    ASSERT_EQ(actual.is_missing(row), expected.is_missing(row)) << "row " << row;
  }
  switch (expected.type()) {
    case ColumnType::Float:
      for (std::size_t row = 0; row < expected.size(); ++row) {
        if (expected.is_missing(row)) continue;
        const double a = actual.reals()[row], e = expected.reals()[row];
        EXPECT_EQ(std::signbit(a), std::signbit(e)) << "row " << row;  // -0.0 stays -0.0
        EXPECT_EQ(a, e) << "row " << row;
      }
      break;
    case ColumnType::Integer:
    case ColumnType::Boolean:
    case ColumnType::Period:
      for (std::size_t row = 0; row < expected.size(); ++row) {
        if (!expected.is_missing(row)) {
          EXPECT_EQ(actual.ints()[row], expected.ints()[row]) << "row " << row;
        }
      }
      if (expected.type() == ColumnType::Period) {
        EXPECT_EQ(actual.frequency(), expected.frequency());
      }
      break;
    case ColumnType::Categorical:
      EXPECT_EQ(actual.levels(), expected.levels());  // same levels in the same order
      for (std::size_t row = 0; row < expected.size(); ++row) {
        if (!expected.is_missing(row)) {
          EXPECT_EQ(actual.codes()[row], expected.codes()[row]) << "row " << row;
        }
      }
      break;
  }
}

void expect_same_table(const Table& expected, const Table& actual) {
  ASSERT_EQ(actual.column_names(), expected.column_names());
  ASSERT_EQ(actual.rows(), expected.rows());
  for (std::size_t i = 0; i < expected.cols(); ++i) {
    expect_same_column(expected.column(i), actual.column(i));
  }
}

TEST_F(ResultsStoreTest, TableRoundTripKeepsEveryTypeMissingValueAndLevel) {
  const fs::path file = dir_ / "results.h5";
  const Table table = every_type_table();
  {
    ResultsStore store(file);
    store.write_table("/kpi/summary", table);
    store.commit();
  }
  const StoreReader reader(file);
  EXPECT_EQ(reader.kind("/kpi"), StoreObjectKind::Group);
  EXPECT_EQ(reader.kind("/kpi/summary"), StoreObjectKind::Table);
  expect_same_table(table, reader.read_table("/kpi/summary"));
  const auto attrs = reader.attributes("/kpi/summary");
  EXPECT_EQ(std::get<std::string>(attrs.at("kind")), "table");
  EXPECT_EQ(std::get<std::int64_t>(attrs.at("rows")), 7);
  EXPECT_EQ(std::get<std::vector<std::string>>(attrs.at("columns")), table.column_names());
  // Booleans are stored as int8, categorical codes as int32, per the documented layout.
  EXPECT_EQ(reader.element_type("/kpi/summary/treated"), "int8");
  EXPECT_EQ(reader.element_type("/kpi/summary/%2Eward"), "int32");
  EXPECT_EQ(reader.element_type("/kpi/summary/rate%2F1000"), "float64");
  // Only columns with missing values have a mask.
  EXPECT_TRUE(reader.exists("/kpi/summary/.missing/count"));
  EXPECT_FALSE(reader.exists("/kpi/summary/.missing/50%25"));
}

TEST_F(ResultsStoreTest, EmptyAndLargeTablesRoundTrip) {
  const fs::path file = dir_ / "results.h5";
  Table empty_rows;
  empty_rows.add_column(Column::floats("x", {}));
  empty_rows.add_column(Column::categorical("g", {}, {}));
  const Table no_columns;
  // 200k rows: large enough to be chunked and compressed.
  const std::size_t n = 200'000;
  std::vector<double> reals(n);
  std::vector<std::int64_t> ints(n);
  std::vector<std::uint8_t> missing(n, 0);
  for (std::size_t i = 0; i < n; ++i) {
    reals[i] = std::sin(0.001 * static_cast<double>(i)) * 1e3;
    ints[i] = static_cast<std::int64_t>(i * i % 9973);
    missing[i] = (i % 97 == 0) ? 1 : 0;
  }
  Table big;
  big.add_column(Column::floats("y", reals, missing));
  big.add_column(Column::integers("k", ints));
  {
    ResultsStore store(file);
    store.write_table("/empty_rows", empty_rows);
    store.write_table("/no_columns", no_columns);
    store.write_table("/big", big);
    store.commit();
  }
  const StoreReader reader(file);
  expect_same_table(empty_rows, reader.read_table("/empty_rows"));
  expect_same_table(no_columns, reader.read_table("/no_columns"));
  expect_same_table(big, reader.read_table("/big"));
  // Compression pays: well under the raw 200k x (8 + 8 + 1) bytes.
  EXPECT_LT(fs::file_size(file), 200'000u * 17u);
}

TEST_F(ResultsStoreTest, ArraysTextsStringsAndAttributesRoundTrip) {
  const fs::path file = dir_ / "results.h5";
  Eigen::MatrixXd matrix(2, 3);
  matrix << 1, 2, 3, 4, 5, 6;
  const std::vector<double> cube = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
  const std::string yaml = "name: trial\nseed: 7\nnote: \"Ärger & 100% \\u2713\"\n";
  {
    ResultsStore store(file);
    store.write_array("/forecasts/paths", matrix);
    store.write_array("/forecasts/cube", cube, {2, 3, 2});
    store.write_array("/forecasts/empty", std::vector<double>{});
    store.write_int_array("/matching/pairs", std::vector<std::int64_t>{5, -1, 1LL << 40});
    store.write_text("/config", yaml);
    store.write_strings("/series/ids", {"E05000001", "", "ward/7"});
    store.set_attribute("/models/arima", "status", std::string("converged"));
    store.set_attribute("/models/arima", "aicc", 123.456);
    store.set_attribute("/models/arima", "iterations", std::int64_t{17});
    store.set_attribute("/models/arima", "order", std::vector<std::string>{"1", "0", "1"});
    store.set_attribute("/models/arima", "status", std::string("replaced"));
    store.set_attribute("/forecasts/paths", "units", std::string("crimes per month"));
    store.set_attribute("/", "experiment", std::string("trial"));
    store.set_unsigned_attribute("/models/arima", "big", 18'000'000'000'000'000'000ULL);
    store.commit();
  }
  const StoreReader reader(file);
  const ArrayData paths = reader.read_array("/forecasts/paths");
  EXPECT_EQ(paths.dims, (std::vector<std::size_t>{2, 3}));
  EXPECT_EQ(paths.values, (std::vector<double>{1, 2, 3, 4, 5, 6}));  // row-major on disk
  EXPECT_EQ(reader.read_matrix("/forecasts/paths"), matrix);
  const ArrayData read_cube = reader.read_array("/forecasts/cube");
  EXPECT_EQ(read_cube.dims, (std::vector<std::size_t>{2, 3, 2}));
  EXPECT_EQ(read_cube.values, cube);
  EXPECT_TRUE(reader.read_array("/forecasts/empty").values.empty());
  EXPECT_EQ(reader.read_int_array("/matching/pairs"),
            (std::vector<std::int64_t>{5, -1, 1LL << 40}));
  EXPECT_EQ(reader.read_text("/config"), yaml);
  EXPECT_EQ(reader.kind("/config"), StoreObjectKind::Text);
  EXPECT_EQ(reader.read_strings("/series/ids"),
            (std::vector<std::string>{"E05000001", "", "ward/7"}));
  const auto attrs = reader.attributes("/models/arima");
  EXPECT_EQ(std::get<std::string>(attrs.at("status")), "replaced");
  EXPECT_EQ(std::get<double>(attrs.at("aicc")), 123.456);
  EXPECT_EQ(std::get<std::int64_t>(attrs.at("iterations")), 17);
  EXPECT_EQ(std::get<std::vector<std::string>>(attrs.at("order")),
            (std::vector<std::string>{"1", "0", "1"}));
  EXPECT_EQ(std::get<std::string>(attrs.at("big")), "18000000000000000000");
  EXPECT_EQ(std::get<std::string>(*reader.attribute("/forecasts/paths", "units")),
            "crimes per month");
  EXPECT_EQ(std::get<std::string>(*reader.attribute("/", "format")), "harmcast-results");
  EXPECT_FALSE(reader.attribute("/models/arima", "absent").has_value());
}

TEST_F(ResultsStoreTest, MisuseIsAnInternalError) {
  ResultsStore store(dir_ / "results.h5");
  store.write_array("/a/b", std::vector<double>{1, 2});
  EXPECT_THROW(store.write_array("/a/b", std::vector<double>{3}), InternalError);    // twice
  EXPECT_THROW(store.write_array("/a/b/c", std::vector<double>{3}), InternalError);  // under data
  EXPECT_THROW(store.write_array("/x", std::vector<double>{1, 2, 3}, {2, 2}), InternalError);
  EXPECT_THROW(store.write_array("relative", std::vector<double>{1}), InternalError);
  EXPECT_THROW(store.write_text("/t", std::string("a\0b", 3)), Error);
  store.commit();
  EXPECT_THROW(store.write_text("/late", "x"), InternalError);
}

TEST_F(ResultsStoreTest, DestroyedWithoutCommitLeavesNothingBehind) {
  const fs::path file = dir_ / "results.h5";
  {
    ResultsStore store(file);
    store.write_array("/x", std::vector<double>{1, 2, 3});
    EXPECT_TRUE(fs::exists(store.temp_path()));
    EXPECT_EQ(store.temp_path().parent_path(), file.parent_path());  // same folder: atomic rename
  }
  EXPECT_FALSE(fs::exists(file));
  EXPECT_TRUE(fs::is_empty(dir_)) << "the temporary file was left behind";
}

TEST_F(ResultsStoreTest, ExistingTargetIsUntouchedUntilCommit) {
  const fs::path file = dir_ / "results.h5";
  {
    ResultsStore first(file);
    first.write_text("/generation", "first");
    first.commit();
  }
  const std::string first_bytes = read_bytes(file);
  {
    ResultsStore abandoned(file);  // an interrupted second run
    abandoned.write_text("/generation", "abandoned");
  }
  EXPECT_EQ(read_bytes(file), first_bytes);
  {
    ResultsStore second(file);
    second.write_text("/generation", "second");
    EXPECT_EQ(read_bytes(file), first_bytes);  // still the old file while writing
    EXPECT_EQ(StoreReader(file).read_text("/generation"), "first");
    second.commit();
  }
  EXPECT_EQ(StoreReader(file).read_text("/generation"), "second");
  EXPECT_EQ(std::distance(fs::directory_iterator(dir_), fs::directory_iterator()), 1);
}

TEST_F(ResultsStoreTest, MissingFileIsAClearError) {
  const fs::path file = dir_ / "no_such_results.h5";
  try {
    StoreReader reader(file);
    FAIL() << "expected harmcast::Error";
  } catch (const Error& e) {
    EXPECT_EQ(e.where(), file.string());
    EXPECT_NE(e.problem().find("does not exist"), std::string::npos);
    EXPECT_FALSE(e.hint().empty());
  }
  EXPECT_THROW(describe_store(file), Error);
  EXPECT_THROW(StoreReader{dir_}, Error);  // a folder
}

TEST_F(ResultsStoreTest, NonHdf5FileIsAClearError) {
  const fs::path csv = dir_ / "summary.csv";
  std::ofstream(csv) << "ward,count\nA,3\n";
  const fs::path empty = dir_ / "empty.h5";
  std::ofstream{empty};
  for (const fs::path& file : {csv, empty}) {
    try {
      StoreReader reader(file);
      FAIL() << "expected harmcast::Error for " << file;
    } catch (const Error& e) {
      EXPECT_EQ(e.where(), file.string());
      EXPECT_NE(e.problem().find("not an HDF5 file"), std::string::npos) << e.problem();
      EXPECT_NE(e.hint().find("harmcast run"), std::string::npos);
    }
  }
}

TEST_F(ResultsStoreTest, TruncatedOrDamagedFileIsAnErrorNotACrash) {
  const fs::path file = dir_ / "results.h5";
  {
    ResultsStore store(file);
    store.write_table("/kpi/summary", every_type_table());
    store.write_array("/forecasts/paths", Eigen::MatrixXd::Ones(50, 24));
    store.commit();
  }
  const std::string bytes = read_bytes(file);
  const fs::path truncated = dir_ / "truncated.h5";
  std::ofstream(truncated, std::ios::binary) << bytes.substr(0, bytes.size() / 2);
  try {
    describe_store(truncated);
    FAIL() << "expected harmcast::Error";
  } catch (const Error& e) {
    EXPECT_EQ(e.where(), truncated.string() + ":/");
    EXPECT_NE(e.problem().find("shorter than it should be"), std::string::npos) << e.problem();
  }
  // Zeroed bytes after the superblock: object headers are destroyed.
  std::string damaged_bytes = bytes;
  std::fill(damaged_bytes.begin() + 2000, damaged_bytes.begin() + 6000, '\0');
  const fs::path damaged = dir_ / "damaged.h5";
  std::ofstream(damaged, std::ios::binary) << damaged_bytes;
  EXPECT_THROW(
      {
        const StoreReader reader(damaged);
        reader.read_table("/kpi/summary");
        reader.read_array("/forecasts/paths");
        describe_store(damaged);
      },
      Error);
}

TEST_F(ResultsStoreTest, AbsentOrWrongObjectIsAnErrorNamingIt) {
  const fs::path file = dir_ / "results.h5";
  {
    ResultsStore store(file);
    store.write_text("/config", "a: 1\n");
    store.write_table("/kpi/summary", every_type_table());
    store.commit();
  }
  const StoreReader reader(file);
  try {
    reader.read_table("/kpi/missing");
    FAIL() << "expected harmcast::Error";
  } catch (const Error& e) {
    EXPECT_EQ(e.where(), file.string() + ":/kpi/missing");
    EXPECT_NE(e.hint().find("harmcast inspect"), std::string::npos);
  }
  EXPECT_THROW(reader.read_table("/config"), Error);
  EXPECT_THROW(reader.read_text("/kpi/summary"), Error);
  EXPECT_THROW(reader.read_array("/config"), Error);
  EXPECT_THROW(reader.read_text("/kpi/summary/count"), Error);
  EXPECT_EQ(reader.kind("/nothing/here"), StoreObjectKind::Missing);
}

TEST_F(ResultsStoreTest, DescribeListsTheTree) {
  const fs::path file = dir_ / "results.h5";
  {
    ResultsStore store(file);
    store.write_table("/kpi/summary", every_type_table());
    store.write_array("/forecasts/paths", Eigen::MatrixXd::Zero(1000, 24));
    store.write_text("/config", std::string(1234, 'x'));
    store.set_attribute("/models/arima", "status", std::string("converged"));
    store.commit();
  }
  const std::string listing = describe_store(file);
  const auto contains = [&](const std::string& line) {
    return listing.find(line) != std::string::npos;
  };
  EXPECT_TRUE(contains("harmcast results store: " + file.string() + "\n")) << listing;
  EXPECT_TRUE(contains("  format harmcast-results version 1\n")) << listing;
  EXPECT_TRUE(contains("Provenance\n  none recorded\n")) << listing;
  EXPECT_TRUE(contains("    config  text, 1234 characters\n")) << listing;
  EXPECT_TRUE(contains("    forecasts/\n      paths  array float64, 1000 x 24\n")) << listing;
  EXPECT_TRUE(
      contains("    kpi/\n      summary  table, 7 rows x 6 columns: "
               "rate/1000:float (1 missing), count:integer (1 missing), "
               "treated:boolean (1 missing), .ward:categorical (1 missing), "
               "month:period[month] (1 missing), 50%:period[quarter]\n"))
      << listing;
  EXPECT_TRUE(contains("    models/\n      arima/\n        @status = converged\n")) << listing;
}

// h5dump is an independent reader: it must see the documented layout and values.
TEST_F(ResultsStoreTest, StandardHdf5ToolsReadTheLayout) {
  if (std::system("h5dump --version > /dev/null 2>&1") != 0) GTEST_SKIP() << "no h5dump";
  const fs::path file = dir_ / "results.h5";
  {
    ResultsStore store(file);
    store.write_table("/kpi/summary", every_type_table());
    store.commit();
  }
  const fs::path out = dir_ / "dump.txt";
  const std::string command =
      "h5dump -d /kpi/summary/count -d /kpi/summary/.levels/%2Eward -a "
      "/kpi/summary/month/frequency " +
      file.string() + " > " + out.string() + " 2>&1";
  ASSERT_EQ(std::system(command.c_str()), 0) << read_bytes(out);
  const std::string dump = read_bytes(out);
  EXPECT_NE(dump.find("H5T_STD_I64LE"), std::string::npos) << dump;
  EXPECT_NE(dump.find("-9223372036854775808, -1, 0, 7, 0, 42, 9223372036854775807"),
            std::string::npos)
      << dump;
  // (h5dump prints the non-ASCII bytes of "Åbo Road" as octal escapes, so match around them.)
  EXPECT_NE(dump.find("(0): \"Zeta Ward\", \""), std::string::npos) << dump;
  EXPECT_NE(dump.find("bo Road\", \"\", \"unused\","), std::string::npos) << dump;
  EXPECT_NE(dump.find("\"50% Lane\""), std::string::npos) << dump;
  EXPECT_NE(dump.find("\"month\""), std::string::npos) << dump;
}

}  // namespace
}  // namespace harmcast
