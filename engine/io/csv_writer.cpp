#include "engine/io/csv_writer.hpp"

#include <charconv>
#include <fstream>

#include "engine/core/error.hpp"
#include "engine/io/atomic_file.hpp"

namespace harmcast {
namespace {

class CsvFormatter {
 public:
  CsvFormatter(const Table& table, const CsvWriteOptions& options)
      : table_(table), options_(options) {
    options.validate();
  }

  void header(std::string& out) const {
    for (std::size_t c = 0; c < table_.cols(); ++c) {
      if (c > 0) out += options_.delimiter;
      append_text(out, table_.column(c).name());
    }
    out += '\n';
  }

  void row(std::string& out, std::size_t r) const {
    for (std::size_t c = 0; c < table_.cols(); ++c) {
      if (c > 0) out += options_.delimiter;
      const Column& column = table_.column(c);
      if (column.is_missing(r)) {
        out += options_.missing;
      } else if (column.type() == ColumnType::Categorical) {
        append_text(out, column.levels()[static_cast<std::size_t>(column.codes()[r])]);
      } else if (column.type() == ColumnType::Float) {
        const std::size_t start = out.size();
        out += format_double(column.reals()[r]);
        if (options_.mark_whole_floats &&
            out.find_first_of(".eEnI", start) == std::string::npos) {  // not 1.5, 1e+21, NaN, Inf
          out += ".0";
        }
      } else if (column.type() == ColumnType::Integer) {
        char digits[24];
        const auto end = std::to_chars(digits, digits + sizeof digits, column.ints()[r]).ptr;
        out.append(digits, end);
      } else {
        out += column.text(r);  // booleans and periods never need quotes
      }
    }
    // A lone empty field would be a blank line, which the reader keeps only for one-column
    // files; a one-column table writes it as is (read_csv keeps blank lines there).
    out += '\n';
  }

 private:
  bool needs_quotes(const std::string& text) const {
    if (text.empty() || text == "NA" || text == "NULL" || text == options_.missing) return true;
    if (text.front() == ' ' || text.back() == ' ' || text.front() == '\t' || text.back() == '\t') {
      return true;
    }
    for (char c : text) {
      if (c == options_.delimiter || c == '"' || c == '\n' || c == '\r') return true;
    }
    return false;
  }

  void append_text(std::string& out, const std::string& text) const {
    if (!needs_quotes(text)) {
      out += text;
      return;
    }
    out += '"';
    for (char c : text) {
      out += c;
      if (c == '"') out += '"';
    }
    out += '"';
  }

  const Table& table_;
  const CsvWriteOptions& options_;
};

}  // namespace

void CsvWriteOptions::validate() const {
  if (delimiter == '"' || delimiter == '\n' || delimiter == '\r' || delimiter == '\0') {
    throw Error("CsvWriteOptions::delimiter", "cannot be a quote, a line break or NUL",
                "Use ',', ';', '\\t' or '|'.");
  }
  if (missing.find(delimiter) != std::string::npos || missing.find('"') != std::string::npos ||
      missing.find('\n') != std::string::npos) {
    throw Error("CsvWriteOptions::missing",
                "the text \"" + missing + "\" holds a delimiter, quote or line break",
                "Use \"\" or \"NA\".");
  }
}

std::string to_csv_text(const Table& table, const CsvWriteOptions& options) {
  const CsvFormatter formatter(table, options);
  std::string out;
  if (options.header) formatter.header(out);
  for (std::size_t r = 0; r < table.rows(); ++r) formatter.row(out, r);
  return out;
}

void write_csv(const Table& table, const std::filesystem::path& path,
               const CsvWriteOptions& options) {
  const CsvFormatter formatter(table, options);
  AtomicOutput output(path);
  {
    std::ofstream stream(output.temp_path(), std::ios::binary);
    std::string buffer;
    constexpr std::size_t kFlushBytes = 1 << 20;
    if (options.header) formatter.header(buffer);
    for (std::size_t r = 0; r < table.rows(); ++r) {
      formatter.row(buffer, r);
      if (buffer.size() >= kFlushBytes) {
        stream.write(buffer.data(), static_cast<std::streamsize>(buffer.size()));
        buffer.clear();
      }
    }
    stream.write(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    stream.close();
    if (!stream) {
      throw Error(path.string(), "could not write the CSV file",
                  "Check that the folder is writable and the disk is not full.");
    }
  }
  output.commit();
}

}  // namespace harmcast
