#include "models/value/simple_csv.hpp"

#include <cerrno>
#include <cstdlib>
#include <fstream>

#include "engine/core/error.hpp"

namespace harmcast::value::detail {
namespace {

std::string trim(const std::string& text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return {};
  const auto last = text.find_last_not_of(" \t\r\n");
  return text.substr(first, last - first + 1);
}

std::vector<std::string> split(const std::string& line) {
  std::vector<std::string> fields;
  std::size_t start = 0;
  while (true) {
    const auto comma = line.find(',', start);
    fields.push_back(trim(line.substr(start, comma - start)));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return fields;
}

}  // namespace

std::size_t SimpleCsv::column(const std::string& name) const {
  for (std::size_t i = 0; i < header.size(); ++i) {
    if (header[i] == name) return i;
  }
  std::string found;
  for (const auto& h : header) found += (found.empty() ? "" : ",") + h;
  throw Error(path + ":1", "missing column '" + name + "' (header has: " + found + ")",
              "add the column to the header");
}

double SimpleCsv::number(const CsvRow& row, std::size_t column) const {
  const std::string& text = row.fields[column];
  char* end = nullptr;
  errno = 0;
  const double value = std::strtod(text.c_str(), &end);
  if (text.empty() || end != text.c_str() + text.size() || errno == ERANGE) {
    throw Error(where(row),
                "column '" + header[column] + "': expected a number, found '" + text + "'");
  }
  return value;
}

std::string SimpleCsv::where(const CsvRow& row) const {
  return path + ":" + std::to_string(row.line);
}

SimpleCsv read_simple_csv(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw Error(path, "cannot open the file", "check the path");
  SimpleCsv csv;
  csv.path = path;
  std::string line;
  int line_number = 0;
  while (std::getline(in, line)) {
    ++line_number;
    if (trim(line).empty()) continue;
    auto fields = split(line);
    if (csv.header.empty()) {
      csv.header = std::move(fields);
      continue;
    }
    if (fields.size() != csv.header.size()) {
      throw Error(path + ":" + std::to_string(line_number),
                  "expected " + std::to_string(csv.header.size()) + " fields, found " +
                      std::to_string(fields.size()));
    }
    csv.rows.push_back({line_number, std::move(fields)});
  }
  if (csv.header.empty()) throw Error(path, "the file is empty", "expected a header line");
  return csv;
}

}  // namespace harmcast::value::detail
