// "Methods and provenance": enough to repeat the run exactly.
#include <fmt/format.h>

#include "reports/html/number_format.hpp"
#include "reports/sections/sections.hpp"

namespace harmcast::report {

void add_provenance_section(HtmlDocument& doc, const RunResults& results, const ReportSettings&) {
  const Provenance& p = results.provenance;
  doc.section("provenance", "Methods and provenance");
  if (const Table* methods = results.find_table("/methods/stages")) {
    HtmlTable table;
    table.caption = "Methods and settings of each analysis";
    table.header = {"Stage", "Analysis", "Method", "Settings"};
    for (std::size_t r = 0; r < methods->rows(); ++r) {
      table.rows.push_back({text_cell(*methods, "stage", r), text_cell(*methods, "analysis", r),
                            text_cell(*methods, "method", r), text_cell(*methods, "settings", r)});
    }
    doc.table(table);
  }
  doc.facts({{"harmcast version", p.version},
             {"git commit", p.git_commit},
             {"seed", std::to_string(p.seed)},
             {"threads", std::to_string(p.threads) + " (results do not depend on it)"},
             {"started", p.started_at},
             {"finished", p.finished_at},
             {"command", p.command_line},
             {"config file", p.config_path},
             {"host", p.hostname}});
  if (!p.inputs.empty()) {
    HtmlTable inputs;
    inputs.caption = "Input files (SHA-256 fingerprints)";
    inputs.header = {"File", "Bytes", "SHA-256"};
    inputs.align = {Align::Left, Align::Right, Align::Left};
    for (const auto& in : p.inputs) {
      inputs.rows.push_back({in.path, format_number(static_cast<double>(in.bytes)), in.sha256});
    }
    doc.table(inputs);
  }
  if (!p.config_text.empty()) {
    doc.subheading("Experiment configuration");
    doc.preformatted(p.config_text);
  }
}

}  // namespace harmcast::report
