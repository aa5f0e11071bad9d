// "Service evaluations": each service against its matched comparison group — the effect with
// its interval in plain language, a forest plot across services and a balance (love) plot.
// Counts of people below the disclosure threshold are shown as "<N".
#include <fmt/format.h>

#include <cmath>
#include <set>

#include "models/matching/time_quantile.hpp"
#include "reports/charts/row_chart.hpp"
#include "reports/html/number_format.hpp"
#include "reports/sections/sections.hpp"

namespace harmcast::report {
namespace {

// q of a median-time / time-quantile row (0.5 when a store predates the column).
double time_quantile_of(const Table& effects, std::size_t row) {
  if (!effects.has_column("time_quantile")) return 0.5;
  const double q = cell(effects, "time_quantile", row);
  return std::isfinite(q) ? q : 0.5;
}

}  // namespace

void add_evaluation_section(HtmlDocument& doc, const RunResults& results, const ReportSettings& s) {
  const Table* effects = results.find_table("/evaluation/effects");
  const Table* balance = results.find_table("/evaluation/balance");
  if (effects == nullptr || balance == nullptr) return;
  doc.section("evaluations", "Service evaluations");
  doc.paragraph(
      "Each service is compared with similar people from the same cohort who did not receive it: "
      "a propensity score from the people's characteristics, one-to-one nearest-neighbour "
      "matching within a caliper, a check that the matched groups are alike (standardised mean "
      "differences under 0.1), then the difference in outcomes with a 95% interval that allows "
      "for the matching. Counts of people below " +
      std::to_string(s.disclosure_threshold) + " are not shown.");
  if (effects->rows() == 0) {
    doc.callout(CalloutKind::Warning, "No service could be evaluated; see the run notes.");
    return;
  }
  HtmlTable table;
  table.caption = "Effects on the people who received each service";
  table.header = {"Service",    "Outcome",    "Treated (matched)", "Service group",
                  "Comparison", "Difference", "95% interval",      "p-value"};
  table.align = {Align::Left,  Align::Left,  Align::Right, Align::Right,
                 Align::Right, Align::Right, Align::Right, Align::Right};
  RowChartSpec forest;
  forest.title = "Difference in one-year reoffending, matched comparison";
  forest.x_label = "percentage points (negative = fewer reoffended)";
  forest.markers = {{"estimate", "#1f2328"}};
  forest.references = {{0.0, "no effect"}};
  forest.range_name = "95% interval";
  for (std::size_t r = 0; r < effects->rows(); ++r) {
    const std::string kind = text_cell(*effects, "kind", r);
    const bool binary = kind == "binary";
    const bool time_quantile = kind == "median-time" || kind == "time-quantile";
    const double scale = binary ? 100.0 : 1.0;
    auto shown = [&](double v) {
      if (!std::isfinite(v)) return std::string(time_quantile ? "not reached" : "\u2013");
      if (time_quantile) return format_significant(v, 3) + " days";
      return binary ? format_number(100 * v, 1) + "%" : format_significant(v, 3);
    };
    auto diff = [&](double v) {
      if (!std::isfinite(v)) return std::string("\u2013");
      return binary ? format_number(100 * v, 1) + " pts" : format_significant(v, 3);
    };
    std::string difference = diff(cell(*effects, "estimate", r));
    std::string interval =
        diff(cell(*effects, "conf_low", r)) + " to " + diff(cell(*effects, "conf_high", r));
    std::string treated_value = shown(cell(*effects, "mean_treated", r));
    std::string comparison_value = shown(cell(*effects, "mean_comparison", r));
    if (kind == "time-to-event") {  // the estimate is a log hazard ratio: show the ratio
      difference = "hazard ratio " + format_number(cell(*effects, "ratio", r), 2);
      interval = format_number(cell(*effects, "ratio_low", r), 2) + " to " +
                 format_number(cell(*effects, "ratio_high", r), 2);
      treated_value = comparison_value = "\u2013";
    } else if (time_quantile && std::isfinite(cell(*effects, "estimate", r))) {
      difference += " days";
    }
    const std::string outcome =
        humanise(text_cell(*effects, "outcome", r)) +
        (time_quantile ? " (" + quantile_name(time_quantile_of(*effects, r)) + " time)" : "");
    const std::string service = text_cell(*effects, "service", r);
    table.rows.push_back(
        {service, outcome,
         format_count_suppressed(cell(*effects, "treated", r), s.disclosure_threshold) + " (" +
             format_count_suppressed(cell(*effects, "matched_treated", r), s.disclosure_threshold) +
             ")",
         treated_value, comparison_value, difference, interval,
         format_p_value(cell(*effects, "p_value", r))});
    if (binary) {
      forest.rows.push_back({service,
                             scale * cell(*effects, "conf_low", r),
                             scale * cell(*effects, "conf_high", r),
                             {{scale * cell(*effects, "estimate", r), 0}},
                             text_cell(*effects, "sentence", r)});
    }
  }
  doc.table(table);
  if (!forest.rows.empty()) {
    doc.chart(render_row_chart(forest),
              "Dots: difference between each service's group and its "
              "matched comparison group; lines: 95% intervals.");
  }
  for (std::size_t r = 0; r < effects->rows(); ++r) {
    doc.callout(CalloutKind::Info,
                text_cell(*effects, "service", r) + ": " + text_cell(*effects, "sentence", r));
  }

  std::set<std::string> done;
  for (std::size_t r = 0; r < balance->rows(); ++r) {
    const std::string service = text_cell(*balance, "service", r);
    if (!done.insert(service).second) continue;
    RowChartSpec love;
    love.title = service + ": balance before and after matching";
    love.x_label = "standardised mean difference";
    love.markers = {{"before matching", "#D55E00", true}, {"after matching", "#0072B2"}};
    love.references = {{0.0, ""}, {-0.1, "-0.1"}, {0.1, "0.1"}};
    for (std::size_t b = 0; b < balance->rows(); ++b) {
      if (text_cell(*balance, "service", b) != service) continue;
      love.rows.push_back(
          {humanise(text_cell(*balance, "covariate", b)),
           std::nullopt,
           std::nullopt,
           {{cell(*balance, "smd_before", b), 0}, {cell(*balance, "smd_after", b), 1}},
           {}});
    }
    doc.chart(render_row_chart(love),
              "Matched groups are alike where the filled dots lie "
              "between the dashed lines at \u00b10.1.");
  }
}

}  // namespace harmcast::report
