// "Data": what the run read.
#include <fmt/format.h>

#include "reports/html/number_format.hpp"
#include "reports/sections/sections.hpp"

namespace harmcast::report {

void add_data_section(HtmlDocument& doc, const RunResults& results, const ReportSettings&) {
  const Table* summary = results.find_table("/data/summary");
  if (summary == nullptr) return;
  doc.section("data", "Data");
  HtmlTable table;
  table.header = {"Item", "Value"};
  for (std::size_t r = 0; r < summary->rows(); ++r) {
    table.rows.push_back({text_cell(*summary, "item", r), text_cell(*summary, "value", r)});
  }
  doc.table(table);
}

}  // namespace harmcast::report
