// read_csv: load the text, split it (csv_tokenizer) and type the chosen columns in parallel
// (csv_column_types).
#include "engine/io/csv_reader.hpp"

#include <omp.h>

#include <cstdio>
#include <memory>
#include <optional>
#include <unordered_map>
#include <unordered_set>

#include "engine/core/error.hpp"
#include "engine/io/csv_column_types.hpp"
#include "engine/io/csv_tokenizer.hpp"
#include "engine/table/name_suggestion.hpp"

namespace harmcast {
namespace {

std::string load_file(const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    throw Error(path.string(), "the file does not exist",
                "Check the path (a relative path is taken from the folder harmcast runs in, " +
                    std::filesystem::current_path(ec).string() + ").");
  }
  if (std::filesystem::is_directory(path, ec)) {
    throw Error(path.string(), "is a folder, not a CSV file", "Name the file itself.");
  }
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"),
                                                       &std::fclose);
  if (!file) {
    throw Error(path.string(), "the file cannot be opened for reading", "Check its permissions.");
  }
  std::string text;
  const auto size = std::filesystem::file_size(path, ec);
  if (!ec) text.resize(size);
  const std::size_t got = std::fread(text.data(), 1, text.size(), file.get());
  text.resize(got);
  // The size may have changed (or be unknown for a pipe): read whatever is left.
  char buffer[1 << 16];
  while (const std::size_t more = std::fread(buffer, 1, sizeof buffer, file.get())) {
    text.append(buffer, more);
  }
  if (std::ferror(file.get())) {
    throw Error(path.string(), "reading the file failed part-way", "Check the disk and retry.");
  }
  return text;
}

// The file's column index of each name; throws with a "did you mean" for names not in it.
std::size_t header_index(const std::vector<std::string>& header,
                         const std::unordered_map<std::string, std::size_t>& index,
                         const std::string& name, const std::string& source,
                         const std::string& option) {
  auto it = index.find(name);
  if (it == index.end()) {
    throw Error(source + ":1",
                "CsvReadOptions::" + option + " names the column '" + name +
                    "', which is not in the header",
                did_you_mean_hint(name, header));
  }
  return it->second;
}

}  // namespace

void CsvReadOptions::validate() const {
  if (delimiter == '"' || delimiter == '\n' || delimiter == '\r' || delimiter == '\0') {
    throw Error("CsvReadOptions::delimiter", "cannot be a quote, a line break or NUL",
                "Use ',', ';', '\\t' or '|'.");
  }
  for (const auto& token : missing_tokens) {
    if (token.find(delimiter) != std::string::npos || token.find('"') != std::string::npos ||
        token.find('\n') != std::string::npos) {
      throw Error("CsvReadOptions::missing_tokens",
                  "the token \"" + token + "\" holds a delimiter, quote or line break",
                  "A missing-value token must be plain text such as NA.");
    }
  }
  for (const auto& [name, frequency] : period_frequencies) {
    auto it = types.find(name);
    if (it != types.end() && it->second != ColumnType::Period) {
      throw Error("CsvReadOptions::period_frequencies",
                  "gives a frequency for column '" + name + "', which types declares " +
                      to_string(it->second),
                  "Declare the column as period, or drop its frequency.");
    }
  }
  if (threads < 0) {
    throw Error("CsvReadOptions::threads", "is " + std::to_string(threads) + "; must be >= 0",
                "Use 0 for the OpenMP default.");
  }
}

Table read_csv(const std::filesystem::path& path, const CsvReadOptions& options) {
  options.validate();
  const std::string text = load_file(path);
  return read_csv_text(text, path.string(), options);
}

Table read_csv_text(std::string_view text, const std::string& source_name,
                    const CsvReadOptions& options) {
  options.validate();
  const csv_detail::CsvSource source{text, source_name, options.delimiter};
  const std::vector<std::string> header = csv_detail::read_header(source);
  std::unordered_map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < header.size(); ++i) index.emplace(header[i], i);

  // Which columns to read, with their declared types.
  std::vector<csv_detail::ColumnSpec> specs;
  if (options.columns.empty()) {
    for (std::size_t i = 0; i < header.size(); ++i) specs.push_back({i, header[i], {}, {}});
  } else {
    std::unordered_set<std::string> chosen;
    for (const auto& name : options.columns) {
      if (!chosen.insert(name).second) {
        throw Error(source_name, "CsvReadOptions::columns names '" + name + "' twice",
                    "Name each column once.");
      }
      specs.push_back({header_index(header, index, name, source_name, "columns"), name, {}, {}});
    }
  }
  for (const auto& [name, type] : options.types) {
    header_index(header, index, name, source_name, "types");
  }
  for (const auto& [name, frequency] : options.period_frequencies) {
    header_index(header, index, name, source_name, "period_frequencies");
  }
  std::size_t stored_columns = 0;
  for (auto& spec : specs) {
    if (auto it = options.types.find(spec.name); it != options.types.end()) {
      spec.declared = it->second;
    }
    if (auto it = options.period_frequencies.find(spec.name);
        it != options.period_frequencies.end()) {
      spec.declared = ColumnType::Period;
      spec.frequency = it->second;
    }
    stored_columns = std::max(stored_columns, spec.index + 1);
  }

  const int threads = options.threads > 0 ? options.threads : omp_get_max_threads();
  const csv_detail::CsvLayout layout = csv_detail::split_csv(source, stored_columns, threads);

  // Typing in blocks of rows, all columns of a block together while its text is in cache;
  // then each column's blocks are joined (parallel over columns).
  constexpr std::size_t kBlockRows = 8192;
  std::vector<csv_detail::RowRange> ranges;
  for (std::size_t begin = 0; begin < layout.rows(); begin += kBlockRows) {
    ranges.push_back({begin, std::min(layout.rows(), begin + kBlockRows)});
  }
  std::vector<std::vector<Column>> blocks(specs.size(), std::vector<Column>(ranges.size()));
  std::vector<std::optional<csv_detail::FieldError>> field_errors(
      std::max(ranges.size(), specs.size()));
  std::vector<std::exception_ptr> other_errors(field_errors.size());
  // The bad value first in the file: lowest row, then lowest field.
  auto earlier = [&](const csv_detail::FieldError& error, std::size_t field,
                     const std::optional<csv_detail::FieldError>& current,
                     std::size_t current_field) {
    return !current || error.row < current->row ||
           (error.row == current->row && field < current_field);
  };
  std::vector<std::size_t> error_field(field_errors.size(), 0);
#pragma omp parallel for schedule(dynamic, 1) num_threads(threads)
  for (std::size_t b = 0; b < ranges.size(); ++b) {
    for (std::size_t i = 0; i < specs.size(); ++i) {
      try {
        blocks[i][b] =
            csv_detail::convert_block(source, layout, specs[i], options.missing_tokens, ranges[b]);
      } catch (const csv_detail::FieldError& error) {
        if (earlier(error, specs[i].index, field_errors[b], error_field[b])) {
          field_errors[b] = error;
          error_field[b] = specs[i].index;
        }
      } catch (...) {
        other_errors[b] = std::current_exception();
      }
    }
  }
  auto throw_first = [&] {
    for (const auto& error : other_errors) {
      if (error) std::rethrow_exception(error);
    }
    std::optional<csv_detail::FieldError> first;
    std::size_t first_field = 0;
    for (std::size_t k = 0; k < field_errors.size(); ++k) {
      if (field_errors[k] && earlier(*field_errors[k], error_field[k], first, first_field)) {
        first = field_errors[k];
        first_field = error_field[k];
      }
    }
    if (first) throw first->error;
  };
  throw_first();

  std::vector<Column> columns(specs.size());
#pragma omp parallel for schedule(dynamic, 1) num_threads(threads)
  for (std::size_t i = 0; i < specs.size(); ++i) {
    try {
      columns[i] = csv_detail::merge_blocks(source, layout, specs[i], options.missing_tokens,
                                            blocks[i], ranges);
      std::vector<Column>().swap(blocks[i]);
    } catch (const csv_detail::FieldError& error) {
      field_errors[i] = error;
      error_field[i] = specs[i].index;
    } catch (...) {
      other_errors[i] = std::current_exception();
    }
  }
  throw_first();

  Table table;
  for (auto& column : columns) table.add_column(std::move(column));
  return table;
}

}  // namespace harmcast
