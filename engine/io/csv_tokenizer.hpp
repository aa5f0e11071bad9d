#pragma once
// The first stage of the CSV reader (internal): find the header, the data rows and where each
// field ends, without converting anything. See csv_reader.hpp for the format rules.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace harmcast::csv_detail {

struct CsvSource {
  std::string_view text;  // the whole file
  std::string name;       // for error messages
  char delimiter = ',';
  const std::vector<std::string>* header = nullptr;  // once read, to name columns in errors
};

struct CsvLayout {
  std::vector<std::string> header;       // unquoted column names
  std::size_t header_offset = 0;         // where the header starts (after a byte-order mark)
  std::vector<std::uint64_t> row_begin;  // byte offset of each data row
  // field_end[c][r]: end of field c of row r, relative to row_begin[r] (the delimiter or the end
  // of the row's content). Kept only for the first `stored_columns` columns.
  std::vector<std::vector<std::uint32_t>> field_end;

  std::size_t rows() const { return row_begin.size(); }
  // The raw text of a field, quotes included.
  std::string_view raw_field(std::string_view text, std::size_t row, std::size_t column) const {
    const std::size_t begin = column == 0 ? 0 : field_end[column - 1][row] + 1;
    return text.substr(row_begin[row] + begin, field_end[column][row] - begin);
  }
  std::size_t field_offset(std::size_t row, std::size_t column) const {
    return row_begin[row] + (column == 0 ? 0 : field_end[column - 1][row] + 1);
  }
};

// 1-based physical line of a byte offset.
std::size_t line_of(std::string_view text, std::size_t offset);
// "name:line" or, with a 1-based field number, "name:line:field".
std::string location(const CsvSource& source, std::size_t offset, std::size_t field = 0);
// "column 'age': " for a 1-based field number when the header is known, else "".
std::string in_column(const CsvSource& source, std::size_t field);

// Reads the header and splits every data row into fields; keeps field ends for the first
// `stored_columns` columns. Throws harmcast::Error for an empty file, a ragged row, a stray or
// unterminated quote, an empty or duplicate header name.
CsvLayout split_csv(const CsvSource& source, std::size_t stored_columns, int threads);
// As split_csv but returns only the header (to choose `stored_columns`).
std::vector<std::string> read_header(const CsvSource& source);

// A quoted field's content with doubled quotes undone; an unquoted field as it is. `scratch`
// holds the result when unescaping was needed.
inline bool is_quoted(std::string_view raw) { return !raw.empty() && raw.front() == '"'; }
std::string_view unquote_slow(std::string_view raw, std::string& scratch);
inline std::string_view unquote(std::string_view raw, std::string& scratch) {
  return is_quoted(raw) ? unquote_slow(raw, scratch) : raw;
}

}  // namespace harmcast::csv_detail
