// "Summary": the few sentences a board member reads first.
#include <fmt/format.h>

#include "reports/sections/sections.hpp"

namespace harmcast::report {

void add_summary_section(HtmlDocument& doc, const RunResults& results, const ReportSettings& s) {
  doc.section("summary", "Summary");
  if (!s.description.empty()) doc.paragraph(s.description);
  const Table* kpi = results.find_table("/kpi/summary");
  if (kpi != nullptr && kpi->rows() > 0) {
    int improving = 0, worsening = 0, unclear = 0, unassessed = 0;
    std::string worse, better;
    for (std::size_t r = 0; r < kpi->rows(); ++r) {
      const std::string a = text_cell(*kpi, "assessment", r);
      const std::string name = humanise(text_cell(*kpi, kpi->column(0).name(), r));
      if (a == "improving") {
        ++improving;
        better += (better.empty() ? "" : ", ") + name;
      } else if (a == "worsening") {
        ++worsening;
        worse += (worse.empty() ? "" : ", ") + name;
      } else if (a == "no clear change") {
        ++unclear;
      } else {
        ++unassessed;
      }
    }
    doc.paragraph(fmt::format(
        "Of {} KPIs compared with their baseline, {} improved, {} worsened and {} show no clear "
        "change{}.",
        kpi->rows(), improving, worsening, unclear,
        unassessed > 0 ? fmt::format("; {} could not be assessed", unassessed) : ""));
    if (worsening > 0) doc.callout(CalloutKind::Problem, "Worsening: " + worse + ".");
    if (improving > 0) doc.callout(CalloutKind::Good, "Improving: " + better + ".");
  }
  if (!results.notes().empty()) {
    doc.callout(CalloutKind::Warning,
                fmt::format("{} item(s) could not be completed; see \u201cRun notes\u201d.",
                            results.notes().size()));
  }
}

}  // namespace harmcast::report
