#pragma once
// A small reader for the value module's plain numeric CSV files (no quoting needed): a header
// and rows of comma-separated fields. Internal to models/value.
#include <string>
#include <vector>

namespace harmcast::value::detail {

struct CsvRow {
  int line = 0;  // 1-based line number in the file
  std::vector<std::string> fields;
};

struct SimpleCsv {
  std::string path;
  std::vector<std::string> header;
  std::vector<CsvRow> rows;

  // Index of `name` in the header; throws harmcast::Error "missing column" naming the file.
  std::size_t column(const std::string& name) const;
  // The field as a number; throws harmcast::Error naming file:line and the column.
  double number(const CsvRow& row, std::size_t column) const;
  std::string where(const CsvRow& row) const;
};

// Reads the file; blank lines are skipped, fields are trimmed, a row with a different number of
// fields than the header is an error naming its line.
SimpleCsv read_simple_csv(const std::string& path);

}  // namespace harmcast::value::detail
