// "Run notes": what could not be done, in its place, so nothing fails silently.
#include "reports/sections/sections.hpp"

namespace harmcast::report {

void add_notes_section(HtmlDocument& doc, const RunResults& results, const ReportSettings&) {
  if (results.notes().empty()) return;
  doc.section("notes", "Run notes");
  doc.paragraph("These items were skipped or only partly completed; the rest of the run went on.");
  HtmlTable table;
  table.header = {"Stage", "Item", "What happened"};
  for (const auto& n : results.notes()) table.rows.push_back({n.stage, n.subject, n.message});
  doc.table(table);
}

}  // namespace harmcast::report
