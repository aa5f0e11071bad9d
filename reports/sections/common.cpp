#include <cctype>
#include <cmath>

#include "reports/sections/sections.hpp"

namespace harmcast::report {

std::string humanise(const std::string& snake_case) {
  std::string out = snake_case;
  for (char& c : out) {
    if (c == '_') c = ' ';
  }
  if (!out.empty()) out[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[0])));
  return out;
}

double cell(const Table& table, const std::string& column, std::size_t row) {
  const Column& c = table.column(column);
  return c.is_missing(row) ? NAN : c.numeric(row);
}

std::string text_cell(const Table& table, const std::string& column, std::size_t row) {
  return table.column(column).text(row);
}

}  // namespace harmcast::report
