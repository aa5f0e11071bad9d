#pragma once
// The second stage of the CSV reader (internal): turn one column's field texts into a typed
// Column, inferring the type or checking a declared one, block by block of rows and then joined.
// See csv_reader.hpp for the rules.
#include <optional>
#include <string>
#include <vector>

#include "engine/core/error.hpp"
#include "engine/io/csv_tokenizer.hpp"
#include "engine/table/table.hpp"

namespace harmcast::csv_detail {

struct ColumnSpec {
  std::size_t index = 0;  // 0-based field index in the file
  std::string name;
  std::optional<ColumnType> declared;
  std::optional<Frequency> frequency;  // for period columns
};

// A value that does not fit its column's declared type; `row` orders errors across columns.
struct FieldError {
  std::size_t row;
  Error error;
};

struct RowRange {
  std::size_t begin = 0;
  std::size_t end = 0;
};

// Rows [range.begin, range.end) of one column as a Column of their own: of the declared type, or
// of the type inferred from these rows alone (all missing gives float). Throws FieldError.
Column convert_block(const CsvSource& source, const CsvLayout& layout, const ColumnSpec& spec,
                     const std::vector<std::string>& missing_tokens, RowRange range);

// Joins a column's blocks (in row order) into one Column. Inferred types join as: equal types
// stay, integer with float gives float, anything else (boolean with integer, periods of two
// frequencies, text anywhere) gives categorical, re-reading the blocks that need it. A declared
// period column whose blocks disagree on frequency throws FieldError at the first differing one.
Column merge_blocks(const CsvSource& source, const CsvLayout& layout, const ColumnSpec& spec,
                    const std::vector<std::string>& missing_tokens, std::vector<Column>& blocks,
                    const std::vector<RowRange>& ranges);

// Text parsers shared with tests: whole-text matches only, spaces around numbers allowed.
bool parse_integer(std::string_view text, std::int64_t& value);
bool parse_real(std::string_view text, double& value);
bool parse_boolean(std::string_view text, bool allow_01, std::int64_t& value);

}  // namespace harmcast::csv_detail
