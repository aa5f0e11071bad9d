#pragma once
// CSV reader: RFC 4180 text in, typed columnar Table out.
//
// Format (RFC 4180, https://www.rfc-editor.org/rfc/rfc4180):
//  - the first row is a header naming every column (required, names unique and non-empty);
//  - fields are separated by `delimiter`; rows end in LF or CRLF; the last row may lack one;
//  - a field may be enclosed in double quotes, and then may hold delimiters, line breaks and
//    doubled quotes ("" for one "); a quote anywhere else in a field is an error;
//  - a leading UTF-8 byte-order mark is skipped;
//  - blank lines are skipped when the header has more than one column (as R's read.csv);
//  - an UNQUOTED field equal to one of `missing_tokens` is missing; a quoted field is always a
//    value, so "NA" in quotes is the text NA and "" is the empty string.
//
// Type inference, per column, over its non-missing values (first rule that fits every value):
//   boolean      true/false, TRUE/FALSE, True/False      (0/1 only when declared Boolean)
//   integer      64-bit integers (an optional sign; spaces around are ignored)
//   float        decimal or scientific numbers, Inf, -Inf, NaN
//   period       every value parses (Period::try_parse) to a period of one frequency:
//                2017-04, 2017-Q2, 2017-W14, 2017-04-01, Apr 2017, ...
//   categorical  anything else; levels in FIRST-SEEN order (R's factor() sorts them; code that
//                needs R's level order, such as treatment contrasts, sorts on purpose).
// A column with no values at all (all missing, or a header-only file) is float.
// `types` overrides inference for named columns; then every value must fit the declared type and
// the first that does not is an error.
//
// Every error is a harmcast::Error whose where() is "file:line" or "file:line:field" (1-based
// physical line of the file, 1-based field number) and whose message names the column and what was
// expected, e.g. `cohort.csv:7: expected 21 fields (as in the header), found 20`.
//
// Speed: the file is read into memory once, row starts are found in one sequential pass (a
// memchr-only pass when the file has no quotes), rows are split into fields in parallel over
// row blocks and columns are typed and converted in parallel (OpenMP), numbers via
// std::from_chars.
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "engine/table/table.hpp"
#include "engine/time/period.hpp"

namespace harmcast {

struct CsvReadOptions {
  // Field separator; ',' for CSV, '\t' for TSV, ';' for continental-European CSV.
  char delimiter = ',';
  // Unquoted field texts that mean "missing". The empty field is one of them by default.
  std::vector<std::string> missing_tokens = {"", "NA", "NULL"};
  // Declared types by column name, overriding inference (e.g. a 0/1 column as Boolean, a code
  // column such as "ward" = 01, 02 as Categorical).
  std::map<std::string, ColumnType> types;
  // The frequency a period column must have, by column name. Full dates are then mapped to the
  // period containing them (2017-04-15 -> 2017-04 for Month). Implies type Period.
  std::map<std::string, Frequency> period_frequencies;
  // Read only these columns, in this order; empty reads all in file order.
  std::vector<std::string> columns;
  // OpenMP threads for splitting and typing; 0 uses the OpenMP default.
  int threads = 0;

  // Throws harmcast::Error naming the field and the rule broken.
  void validate() const;
};

// Reads a CSV file. Errors name the file as given.
Table read_csv(const std::filesystem::path& path, const CsvReadOptions& options = {});

// Reads CSV text already in memory; `source_name` stands for the file name in errors.
Table read_csv_text(std::string_view text, const std::string& source_name,
                    const CsvReadOptions& options = {});

}  // namespace harmcast
