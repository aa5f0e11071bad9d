// "Area interventions": place-based interventions (e.g. a violence-reduction pilot in some
// wards) by interrupted time series, difference-in-differences and synthetic control — the
// effect of each design as a rate ratio with its interval, and a chart of the treated areas'
// recorded crime beside each design's counterfactual.
#include <fmt/format.h>

#include <cmath>
#include <set>

#include "reports/charts/line_chart.hpp"
#include "reports/html/number_format.hpp"
#include "reports/sections/sections.hpp"

namespace harmcast::report {
namespace {

std::string design_name(const std::string& design) {
  if (design == "its") return "Interrupted time series";
  if (design == "did") return "Difference-in-differences";
  if (design == "synth") return "Synthetic control";
  return design;
}

// Short names for the chart legend (it has room for about four).
std::string design_short(const std::string& design) {
  if (design == "its") return "ITS";
  if (design == "did") return "DiD";
  if (design == "synth") return "synthetic control";
  return design;
}

std::string percent(double ratio) {
  if (!std::isfinite(ratio)) return "\u2013";
  const double change = (ratio - 1.0) * 100.0;
  return fmt::format("{}{}%", change > 0 ? "+" : "", format_number(change, 0));
}

}  // namespace

void add_area_section(HtmlDocument& doc, const RunResults& results, const ReportSettings&) {
  const Table* effects = results.find_table("/area/effects");
  const Table* series = results.find_table("/area/series");
  if (effects == nullptr || series == nullptr) return;
  doc.section("areas", "Area interventions");
  doc.paragraph(
      "Each place-based intervention is read three ways. An interrupted time series projects "
      "the treated areas' own trend and seasonality past the start; difference-in-differences "
      "compares their change with the change in the other areas; a synthetic control builds "
      "the treated areas' counterpart from a weighted mix of the other areas. A rate ratio "
      "below 1 means less crime than expected. Where the three agree the finding is robust; "
      "where they differ, the difference says which assumption matters.");
  if (effects->rows() == 0) {
    doc.callout(CalloutKind::Warning, "No area design could be fitted; see the run notes.");
    return;
  }
  HtmlTable table;
  table.caption = "Effect of each intervention as a rate ratio (with / without)";
  table.header = {"Intervention", "Design",       "Outcome", "Rate ratio",
                  "Change",       "95% interval", "p-value"};
  table.align = {Align::Left,  Align::Left,  Align::Left, Align::Right,
                 Align::Right, Align::Right, Align::Right};
  for (std::size_t r = 0; r < effects->rows(); ++r) {
    table.rows.push_back({text_cell(*effects, "evaluation", r),
                          design_name(text_cell(*effects, "design", r)),
                          humanise(text_cell(*effects, "outcome", r)),
                          format_number(cell(*effects, "rate_ratio", r), 3),
                          percent(cell(*effects, "rate_ratio", r)),
                          format_number(cell(*effects, "conf_low", r), 3) + " to " +
                              format_number(cell(*effects, "conf_high", r), 3),
                          format_p_value(cell(*effects, "p_value", r))});
  }
  doc.table(table);
  for (std::size_t r = 0; r < effects->rows(); ++r)
    doc.callout(CalloutKind::Info, text_cell(*effects, "evaluation", r) + " (" +
                                       design_name(text_cell(*effects, "design", r)) +
                                       "): " + text_cell(*effects, "sentence", r) + ".");

  std::set<std::string> done;
  for (std::size_t r = 0; r < effects->rows(); ++r) {
    const std::string name = text_cell(*effects, "evaluation", r);
    if (!done.insert(name).second) continue;
    LineChartSpec chart;
    chart.title = name + ": treated areas and their counterfactuals";
    chart.x_label = "month";
    chart.y_label = "recorded offences per month";
    const std::string start = text_cell(*effects, "start", r);
    LineSeries observed{"recorded", {}, "#1f2328"};
    std::vector<LineSeries> counterfactuals;
    std::string current;
    for (std::size_t s = 0; s < series->rows(); ++s) {
      if (text_cell(*series, "evaluation", s) != name) continue;
      const std::string design = text_cell(*series, "design", s);
      if (design != current) {
        current = design;
        counterfactuals.push_back({design_short(design), {}, "", true});
        if (counterfactuals.size() == 1) chart.x_labels.clear();
      }
      if (counterfactuals.size() == 1) {
        chart.x_labels.push_back(text_cell(*series, "period", s));
        observed.values.push_back(cell(*series, "observed", s));
        if (chart.x_labels.back() == start) chart.marker_at = chart.x_labels.size() - 1;
      }
      counterfactuals.back().values.push_back(cell(*series, "counterfactual", s));
    }
    chart.marker_label = "start " + start;
    chart.lines.push_back(observed);
    for (auto& c : counterfactuals) chart.lines.push_back(std::move(c));
    doc.chart(render_line_chart(chart),
              "Solid: recorded offences in the treated areas; dashed: what each design (ITS: "
              "interrupted time series, DiD: difference-in-differences, synthetic control) "
              "expects without the intervention. The gap after the start line is the estimated "
              "effect.");
  }
}

}  // namespace harmcast::report
