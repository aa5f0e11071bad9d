// "KPIs against baseline": each KPI's recent window against its baseline, with the verdict.
#include <fmt/format.h>

#include <cmath>

#include "reports/charts/row_chart.hpp"
#include "reports/html/number_format.hpp"
#include "reports/sections/sections.hpp"

namespace harmcast::report {
namespace {

std::string row_class(const std::string& assessment) {
  if (assessment == "improving") return "good";
  if (assessment == "worsening") return "bad";
  if (assessment == "not assessed") return "muted";
  return {};
}

}  // namespace

void add_kpi_section(HtmlDocument& doc, const RunResults& results, const ReportSettings&) {
  const Table* kpi = results.find_table("/kpi/summary");
  if (kpi == nullptr || kpi->rows() == 0) return;
  const std::string group_column = kpi->column(0).name();
  const std::string recent =
      text_cell(*kpi, "recent_start", 0) + " to " + text_cell(*kpi, "recent_end", 0);
  const std::string baseline = text_cell(*kpi, "baseline_start", 0) + " onwards";

  doc.section("kpi", "KPIs against baseline");
  doc.paragraph(fmt::format(
      "Recorded offences in the latest 12 months ({}) compared with the average 12 months of the "
      "baseline years before it (from {}). A change is called real when its 95% interval excludes "
      "no change; the interval allows for the seasonal pattern and for the month-to-month "
      "variation seen in these counts (a quasi-Poisson model), so a small change in a small "
      "count is rarely called real.",
      recent, baseline));

  HtmlTable table;
  table.caption = "Latest 12 months against baseline";
  table.header = {humanise(group_column),
                  "Latest 12 months",
                  "Baseline (per 12 months)",
                  "Change",
                  "95% interval",
                  "p-value",
                  "Wanted",
                  "Assessment"};
  table.align = {Align::Left,  Align::Right, Align::Right, Align::Right,
                 Align::Right, Align::Right, Align::Left,  Align::Left};
  RowChartSpec chart;
  chart.title = "Change against baseline, with 95% intervals";
  chart.x_label = "change in recorded offences against baseline (%)";
  chart.markers = {{"estimate", "#1f2328"}};
  chart.references = {{0.0, "no change"}};
  chart.range_name = "95% interval";
  for (std::size_t r = 0; r < kpi->rows(); ++r) {
    const std::string label = humanise(text_cell(*kpi, group_column, r));
    const std::string assessment = text_cell(*kpi, "assessment", r);
    const double change = cell(*kpi, "change", r);
    const double low = cell(*kpi, "change_low", r), high = cell(*kpi, "change_high", r);
    const bool assessed = std::isfinite(change);
    table.rows.push_back(
        {label, format_number(cell(*kpi, "recent_total", r)),
         format_number(cell(*kpi, "baseline_mean_total", r)),
         assessed ? format_percent(change, 1, true) : "\u2013",
         assessed ? format_percent(low, 1, true) + " to " + format_percent(high, 1, true)
                  : "\u2013",
         format_p_value(cell(*kpi, "p_value", r)),
         text_cell(*kpi, "desired", r) == "rise" ? "rise" : "fall",
         assessed ? assessment : "not assessed: " + text_cell(*kpi, "note", r)});
    table.row_classes.push_back(row_class(assessment));
    if (assessed) {
      chart.rows.push_back(
          {label,
           100 * low,
           100 * high,
           {{100 * change, 0}},
           fmt::format("{}: {} ({} to {})", label, format_percent(change, 1, true),
                       format_percent(low, 1, true), format_percent(high, 1, true))});
    }
  }
  table.note =
      "Improving: a real change in the wanted direction. Worsening: a real change the "
      "other way. For under-reported crime a rise in reports is wanted.";
  doc.table(table);
  if (!chart.rows.empty()) {
    doc.chart(render_row_chart(chart),
              "Each dot is the change in the latest 12 months against the baseline average; the "
              "line is its 95% interval. Lines that cross zero are not clear changes.");
  }
}

}  // namespace harmcast::report
