#pragma once
// One function per report section. Each reads the tables its stage wrote into RunResults and
// adds nothing when they are absent.
#include "engine/results/run_results.hpp"
#include "reports/experiment_report.hpp"
#include "reports/html/document.hpp"

namespace harmcast::report {

void add_summary_section(HtmlDocument& doc, const RunResults& results, const ReportSettings& s);
void add_kpi_section(HtmlDocument& doc, const RunResults& results, const ReportSettings& s);
void add_forecast_section(HtmlDocument& doc, const RunResults& results, const ReportSettings& s);
void add_intervention_section(HtmlDocument& doc, const RunResults& results,
                              const ReportSettings& s);
void add_evaluation_section(HtmlDocument& doc, const RunResults& results, const ReportSettings& s);
void add_value_section(HtmlDocument& doc, const RunResults& results, const ReportSettings& s);
void add_area_section(HtmlDocument& doc, const RunResults& results, const ReportSettings& s);
void add_scenario_section(HtmlDocument& doc, const RunResults& results, const ReportSettings& s);
void add_models_section(HtmlDocument& doc, const RunResults& results, const ReportSettings& s);
void add_data_section(HtmlDocument& doc, const RunResults& results, const ReportSettings& s);
void add_notes_section(HtmlDocument& doc, const RunResults& results, const ReportSettings& s);
void add_provenance_section(HtmlDocument& doc, const RunResults& results, const ReportSettings& s);

// Shared helpers for sections.
std::string humanise(
    const std::string& snake_case);  // "violence_with_injury" -> "Violence with injury"
double cell(const Table& table, const std::string& column, std::size_t row);  // NaN if missing
std::string text_cell(const Table& table, const std::string& column, std::size_t row);
// Cells of a published copy (engine/runner/disclosure_control.hpp): true where disclosure control
// blanked the cell; the count as a number, or "<threshold" where it was blanked.
bool suppressed_cell(const Table& table, const std::string& column, std::size_t row);
std::string published_count(const Table& table, const std::string& column, std::size_t row,
                            int decimals, int threshold);

}  // namespace harmcast::report
