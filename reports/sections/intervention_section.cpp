// "Intervention analyses": the estimated effect of each dated event (a law, a new tactic) on its
// series, with the model, the interval and a chart of what was recorded against what the model
// says would have been seen without the intervention.
#include <fmt/format.h>

#include <cmath>

#include "reports/charts/line_chart.hpp"
#include "reports/html/number_format.hpp"
#include "reports/sections/sections.hpp"

namespace harmcast::report {

void add_intervention_section(HtmlDocument& doc, const RunResults& results, const ReportSettings&) {
  const Table* effects = results.find_table("/intervention/effects");
  const Table* series = results.find_table("/intervention/series");
  if (effects == nullptr || series == nullptr || effects->rows() == 0) return;
  doc.section("interventions", "Intervention analyses");
  doc.paragraph(
      "Each analysis estimates how much a dated event changed a series, as a term in a regression "
      "with ARIMA errors (Box and Tiao's intervention analysis), after allowing for trend, "
      "seasonality, autocorrelation and any covariates. The counterfactual line is the recorded "
      "series with the estimated effect taken out: what the model says would have been seen "
      "without the intervention.");

  HtmlTable table;
  table.caption = "Estimated effects";
  table.header = {"Analysis", "Series", "Model", "Change", "95% interval", "p-value"};
  table.align = {Align::Left, Align::Left, Align::Left, Align::Right, Align::Right, Align::Right};
  for (std::size_t r = 0; r < effects->rows(); ++r) {
    const bool percent = text_cell(*effects, "shape", r) == "step";
    auto show = [&](const std::string& column) {
      const double v = cell(*effects, column, r);
      return percent ? format_percent(v / 100, 1, true) : format_significant(v, 3);
    };
    table.rows.push_back({text_cell(*effects, "analysis", r),
                          humanise(text_cell(*effects, "series", r)),
                          text_cell(*effects, "model", r), show("percent_change"),
                          show("percent_low") + " to " + show("percent_high"),
                          format_p_value(cell(*effects, "p_value", r))});
  }
  table.note =
      "Change: for a step on the log scale, the percentage change in the level of the series from "
      "the start of the intervention; otherwise the coefficient on the scale stated.";
  doc.table(table);

  for (std::size_t r = 0; r < effects->rows(); ++r) {
    const std::string name = text_cell(*effects, "analysis", r);
    doc.paragraph(text_cell(*effects, "sentence", r));
    LineChartSpec chart;
    chart.title = name + ": recorded and without the intervention";
    chart.x_label = "period";
    chart.y_label = "count per period";
    std::vector<double> observed, counterfactual;
    std::optional<std::size_t> start;
    for (std::size_t t = 0; t < series->rows(); ++t) {
      if (text_cell(*series, "analysis", t) != name) continue;
      chart.x_labels.push_back(text_cell(*series, "period", t));
      observed.push_back(cell(*series, "observed", t));
      const double cf = cell(*series, "counterfactual", t);
      const double ob = observed.back();
      if (!start && !std::isnan(cf) && !std::isnan(ob) && std::abs(cf - ob) > 1e-9 * std::abs(ob)) {
        start = chart.x_labels.size() - 1;
      }
      counterfactual.push_back(start ? cf : NAN);
    }
    if (chart.x_labels.empty()) continue;
    chart.lines = {{"recorded", observed, "#1f2328"},
                   {"without the intervention", counterfactual, "#D55E00", true}};
    chart.marker_at = start;
    chart.marker_label = "intervention";
    chart.y_from_zero = false;
    doc.chart(render_line_chart(chart),
              fmt::format("{}: recorded values and the model's counterfactual ({}).", name,
                          text_cell(*effects, "model", r)));
  }
}

}  // namespace harmcast::report
