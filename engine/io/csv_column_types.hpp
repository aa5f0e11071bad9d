#pragma once
// The second stage of the CSV reader (internal): turn one column's field texts into a typed
// Column, inferring the type or checking a declared one. See csv_reader.hpp for the rules.
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

// Throws FieldError.
Column convert_column(const CsvSource& source, const CsvLayout& layout, const ColumnSpec& spec,
                      const std::vector<std::string>& missing_tokens);

// Text parsers shared with tests: whole-text matches only, spaces around numbers allowed.
bool parse_integer(std::string_view text, std::int64_t& value);
bool parse_real(std::string_view text, double& value);
bool parse_boolean(std::string_view text, bool allow_01, std::int64_t& value);

}  // namespace harmcast::csv_detail
