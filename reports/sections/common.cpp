#include <cctype>
#include <cmath>

#include "reports/html/number_format.hpp"
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

bool suppressed_cell(const Table& table, const std::string& column, std::size_t row) {
  return std::isnan(cell(table, column, row)) && table.has_column("suppressed") &&
         !text_cell(table, "suppressed", row).empty();
}

std::string published_count(const Table& table, const std::string& column, std::size_t row,
                            int decimals, int threshold) {
  if (suppressed_cell(table, column, row)) return "<" + std::to_string(threshold);
  return format_number(cell(table, column, row), decimals);
}

}  // namespace harmcast::report
