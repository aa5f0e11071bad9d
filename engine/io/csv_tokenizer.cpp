// Splitting CSV text into rows and fields. Row starts are found in one sequential pass (a quote
// changes what a newline means, so this pass cannot be split without guessing); fields are then
// found in parallel over blocks of rows.
#include "engine/io/csv_tokenizer.hpp"

#include <omp.h>

#include <algorithm>
#include <cstring>
#include <exception>
#include <limits>
#include <unordered_map>

#include "engine/core/error.hpp"

namespace harmcast::csv_detail {
namespace {

constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";
const char* const kQuoteHint =
    "Enclose a field holding quotes, delimiters or line breaks in double quotes and write each "
    "quote inside it twice (\"\").";

std::string shown(char c) {
  if (c == '\r') return "a carriage return";
  return "'" + std::string(1, c) + "'";
}

// The 1-based field number that `offset` falls in, counting delimiters outside quotes from
// `row_begin`.
std::size_t field_number_at(const CsvSource& source, std::size_t row_begin, std::size_t offset) {
  std::size_t field = 1;
  bool in_quotes = false;
  for (std::size_t i = row_begin; i < offset; ++i) {
    const char c = source.text[i];
    if (c == '"') in_quotes = !in_quotes;
    if (c == source.delimiter && !in_quotes) ++field;
  }
  return field;
}

// Finds the end ('\n' or the end of text) of the row starting at `begin`, honouring quotes.
std::size_t row_end(const CsvSource& source, std::size_t begin, bool file_has_quotes) {
  const std::string_view text = source.text;
  const char* base = text.data();
  const std::size_t n = text.size();
  if (!file_has_quotes) {
    const void* hit = std::memchr(base + begin, '\n', n - begin);
    return hit ? static_cast<const char*>(hit) - base : n;
  }
  std::size_t i = begin;
  while (i < n) {
    const char c = base[i];
    if (c == '\n') return i;
    if (c == '"') {
      if (i != begin && base[i - 1] != source.delimiter) {
        const std::size_t field = field_number_at(source, begin, i);
        throw Error(location(source, i, field),
                    in_column(source, field) +
                        "found a quote inside a field that does not start with a quote",
                    kQuoteHint);
      }
      const std::size_t opened = i;
      std::size_t j = i + 1;
      while (true) {
        const void* close = std::memchr(base + j, '"', n - j);
        if (!close) {
          const std::size_t field = field_number_at(source, begin, opened);
          throw Error(location(source, opened, field),
                      in_column(source, field) +
                          "a quote opened here is never closed (the file ends inside the quoted "
                          "field)",
                      kQuoteHint);
        }
        j = static_cast<const char*>(close) - base;
        if (j + 1 < n && base[j + 1] == '"') {
          j += 2;  // a doubled quote inside the field
          continue;
        }
        break;
      }
      i = j;  // the closing quote
    }
    ++i;
  }
  return n;
}

// The content end of a row: its '\n', less a '\r' before it.
std::size_t content_end(std::string_view text, std::size_t begin, std::size_t end) {
  return (end > begin && text[end - 1] == '\r') ? end - 1 : end;
}

// Splits one row [begin, end) into fields; calls on_field(index, end_offset) per field and
// returns the number of fields.
template <bool kFileHasQuotes, typename OnField>
std::size_t split_row(const CsvSource& source, std::size_t begin, std::size_t end,
                      OnField&& on_field) {
  const char* t = source.text.data();
  const char delimiter = source.delimiter;
  std::size_t p = begin;
  std::size_t field = 0;
  while (true) {
    if (kFileHasQuotes && p < end && t[p] == '"') {
      const std::size_t opened = p;
      std::size_t q = p + 1;
      while (true) {
        const void* hit = std::memchr(t + q, '"', end - q);
        if (!hit) {
          throw Error(
              location(source, opened, field + 1),
              in_column(source, field + 1) + "a quote opened here is never closed within the row",
              kQuoteHint);
        }
        q = static_cast<const char*>(hit) - t;
        if (q + 1 < end && t[q + 1] == '"') {
          q += 2;
          continue;
        }
        break;
      }
      p = q + 1;
      if (p < end && t[p] != delimiter) {
        throw Error(
            location(source, p, field + 1),
            in_column(source, field + 1) +
                "expected the delimiter or the end of the row after a closing quote, found " +
                shown(t[p]),
            kQuoteHint);
      }
    } else {
      while (p < end && t[p] != delimiter) {
        if (kFileHasQuotes && t[p] == '"') {
          throw Error(location(source, p, field + 1),
                      in_column(source, field + 1) +
                          "found a quote inside a field that does not start with a quote",
                      kQuoteHint);
        }
        ++p;
      }
    }
    on_field(field, p);
    ++field;
    if (p >= end) break;
    ++p;  // past the delimiter
  }
  return field;
}

}  // namespace

std::size_t line_of(std::string_view text, std::size_t offset) {
  offset = std::min(offset, text.size());
  return 1 + static_cast<std::size_t>(std::count(text.begin(), text.begin() + offset, '\n'));
}

std::string location(const CsvSource& source, std::size_t offset, std::size_t field) {
  std::string where = source.name + ":" + std::to_string(line_of(source.text, offset));
  if (field > 0) where += ":" + std::to_string(field);
  return where;
}

std::string in_column(const CsvSource& source, std::size_t field) {
  if (source.header == nullptr || field == 0 || field > source.header->size()) return {};
  return "column '" + (*source.header)[field - 1] + "': ";
}

std::string_view unquote_slow(std::string_view raw, std::string& scratch) {
  const std::string_view inner = raw.substr(1, raw.size() >= 2 ? raw.size() - 2 : 0);
  if (inner.find('"') == std::string_view::npos) return inner;
  scratch.clear();
  for (std::size_t i = 0; i < inner.size(); ++i) {
    scratch.push_back(inner[i]);
    if (inner[i] == '"') ++i;  // skip the second of a doubled quote
  }
  return scratch;
}

std::vector<std::string> read_header(const CsvSource& source) {
  const std::string_view text = source.text;
  std::size_t begin = text.starts_with(kByteOrderMark) ? kByteOrderMark.size() : 0;
  const bool has_quotes = text.find('"') != std::string_view::npos;
  const std::size_t end = content_end(text, begin, row_end(source, begin, has_quotes));
  if (end == begin) {
    throw Error(source.name + ":1",
                text.size() <= begin ? "the file is empty; expected a header row naming the columns"
                                     : "the first line is empty; expected a header row naming "
                                       "the columns",
                "A CSV file starts with one row of column names, separated by '" +
                    std::string(1, source.delimiter) + "'.");
  }
  std::vector<std::string> header;
  std::vector<std::size_t> starts;
  std::size_t field_begin = begin;
  std::string scratch;
  split_row<true>(source, begin, end, [&](std::size_t, std::size_t field_end) {
    header.emplace_back(unquote(text.substr(field_begin, field_end - field_begin), scratch));
    starts.push_back(field_begin);
    field_begin = field_end + 1;
  });
  std::unordered_map<std::string_view, std::size_t> first_index;
  for (std::size_t i = 0; i < header.size(); ++i) {
    if (header[i].empty()) {
      throw Error(location(source, starts[i], i + 1),
                  "column " + std::to_string(i + 1) + " has an empty name in the header",
                  "Name every column (files written by R's write.csv need row.names = FALSE).");
    }
    auto [it, inserted] = first_index.emplace(header[i], i);
    if (!inserted) {
      throw Error(location(source, starts[i], i + 1),
                  "the column name '" + header[i] + "' appears twice in the header (columns " +
                      std::to_string(it->second + 1) + " and " + std::to_string(i + 1) + ")",
                  "Give every column a unique name.");
    }
  }
  return header;
}

CsvLayout split_csv(const CsvSource& file, std::size_t stored_columns, int threads) {
  const std::string_view text = file.text;
  CsvLayout layout;
  layout.header = read_header(file);
  CsvSource source = file;  // from here on errors can name columns
  source.header = &layout.header;
  layout.header_offset = text.starts_with(kByteOrderMark) ? kByteOrderMark.size() : 0;
  const std::size_t columns = layout.header.size();
  stored_columns = std::min(stored_columns, columns);

  // Pass 1 (sequential): row starts.
  const bool has_quotes = text.find('"') != std::string_view::npos;
  std::vector<std::uint64_t> row_stop;  // content end of each row
  std::size_t pos = row_end(source, layout.header_offset, has_quotes);
  pos = pos < text.size() ? pos + 1 : pos;
  if (has_quotes) {
    layout.row_begin.reserve(text.size() / 64);
    row_stop.reserve(text.size() / 64);
  } else {
    const auto newlines =
        static_cast<std::size_t>(std::count(text.begin() + pos, text.end(), '\n'));
    layout.row_begin.reserve(newlines + 1);
    row_stop.reserve(newlines + 1);
  }
  while (pos < text.size()) {
    const std::size_t end = row_end(source, pos, has_quotes);
    const std::size_t stop = content_end(text, pos, end);
    if (stop > pos || columns == 1) {  // blank lines are skipped unless there is one column
      if (stop - pos > std::numeric_limits<std::uint32_t>::max()) {
        throw Error(location(source, pos), "a row longer than 4 GB", "Check the file's format.");
      }
      layout.row_begin.push_back(pos);
      row_stop.push_back(stop);
    }
    pos = end + 1;
  }

  // Pass 2 (parallel over blocks of rows): field ends and field counts.
  const std::size_t rows = layout.row_begin.size();
  layout.field_end.assign(stored_columns, std::vector<std::uint32_t>(rows));
  constexpr std::size_t kBlock = 16384;
  const std::size_t blocks = (rows + kBlock - 1) / kBlock;
  std::vector<std::exception_ptr> block_error(blocks);
  const int thread_count = threads > 0 ? threads : omp_get_max_threads();
#pragma omp parallel for schedule(dynamic, 1) num_threads(thread_count)
  for (std::size_t block = 0; block < blocks; ++block) {
    try {
      const std::size_t last = std::min(rows, (block + 1) * kBlock);
      for (std::size_t r = block * kBlock; r < last; ++r) {
        const std::size_t begin = layout.row_begin[r];
        auto store = [&](std::size_t field, std::size_t end) {
          if (field < stored_columns) {
            layout.field_end[field][r] = static_cast<std::uint32_t>(end - begin);
          }
        };
        const std::size_t found = has_quotes ? split_row<true>(source, begin, row_stop[r], store)
                                             : split_row<false>(source, begin, row_stop[r], store);
        if (found != columns) {
          throw Error(location(source, begin),
                      "expected " + std::to_string(columns) + " fields (as in the header), found " +
                          std::to_string(found),
                      "Check for a missing or extra delimiter, or quote fields that contain '" +
                          std::string(1, source.delimiter) + "'.");
        }
      }
    } catch (...) {
      block_error[block] = std::current_exception();
    }
  }
  for (const auto& error : block_error) {
    if (error) std::rethrow_exception(error);  // the first block with an error: earliest row
  }
  return layout;
}

}  // namespace harmcast::csv_detail
