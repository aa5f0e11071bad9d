#include "reports/experiment_report.hpp"

#include "reports/sections/sections.hpp"

namespace harmcast::report {

std::string render_experiment_report(const RunResults& results, const ReportSettings& settings) {
  const auto& p = results.provenance;
  HtmlDocument doc(settings.title, "harmcast " + p.version + " \u00b7 run finished " +
                                       p.finished_at + " \u00b7 seed " + std::to_string(p.seed));
  add_summary_section(doc, results, settings);
  add_kpi_section(doc, results, settings);
  add_forecast_section(doc, results, settings);
  add_intervention_section(doc, results, settings);
  add_area_section(doc, results, settings);
  add_evaluation_section(doc, results, settings);
  add_models_section(doc, results, settings);
  add_scenario_section(doc, results, settings);
  add_value_section(doc, results, settings);
  add_data_section(doc, results, settings);
  add_notes_section(doc, results, settings);
  add_provenance_section(doc, results, settings);
  return doc.str();
}

}  // namespace harmcast::report
