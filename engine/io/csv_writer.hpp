#pragma once
// CSV writer: a Table out as RFC 4180 text that read_csv reads back to the same table.
//
//  - header row of column names, then one row per table row, LF line ends;
//  - a field is quoted only when it must be: it holds the delimiter, a quote, a line break or
//    leading/trailing spaces, or (for text) it equals a missing-value token ("", NA, NULL, or
//    `missing`) so it is not read back as missing; quotes inside are doubled;
//  - missing values are written as `missing` (empty by default; "NA" for R users), unquoted;
//  - floats in the shortest form that reads back to the same double (std::to_chars), whole ones
//    with ".0" (mark_whole_floats), with R's Inf, -Inf and NaN; booleans as TRUE/FALSE; periods
//    in canonical form (2017-04, 2017-Q2).
// Round trip: read_csv(write_csv(t)) equals t when types are inferable from the text (a
// categorical column whose labels all look like numbers reads back as numbers unless declared).
// The file is written atomically (AtomicOutput): a failure leaves any old file untouched.
#include <filesystem>
#include <string>

#include "engine/table/table.hpp"

namespace harmcast {

struct CsvWriteOptions {
  // Field separator; must match the reader's.
  char delimiter = ',';
  // Text written for a missing value: "" (default) or "NA" (as R's write.csv).
  std::string missing;
  // Write the header row of column names.
  bool header = true;
  // Write whole floats as 1.0 rather than 1, so a float column reads back as float rather than
  // integer (R and pandas read either form as a number).
  bool mark_whole_floats = true;

  // Throws harmcast::Error naming the field and the rule broken.
  void validate() const;
};

void write_csv(const Table& table, const std::filesystem::path& path,
               const CsvWriteOptions& options = {});
std::string to_csv_text(const Table& table, const CsvWriteOptions& options = {});

}  // namespace harmcast
