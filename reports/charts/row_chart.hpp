#pragma once
// Charts with one labelled row per item on a shared horizontal axis:
//  - forest plot: a point estimate with a whisker for its confidence interval,
//  - tornado chart: a bar from the low to the high value of a one-way sensitivity analysis,
//  - love plot: standardised mean differences before and after matching as two kinds of dot,
//  - KPI change: percentage change against baseline with its interval.
// Reference lines mark "no effect" (0 or 1) or a balance threshold (|SMD| = 0.1).
#include <optional>
#include <string>
#include <vector>

namespace harmcast::report {

enum class RangeStyle { Whisker, Bar };

struct RowPoint {
  double value;
  std::size_t marker;  // index into RowChartSpec::markers
};

struct ChartRow {
  std::string label;
  std::optional<double> low;   // range start (interval lower bound, or tornado low)
  std::optional<double> high;  // range end
  std::vector<RowPoint> points;
  std::string tooltip;  // extra text on hover, e.g. "−8.9 (−14.1 to −2.0)"
};

struct RowMarker {
  std::string name;  // legend text, e.g. "before matching"
  std::string colour;
  bool hollow = false;
};

struct ReferenceLine {
  double value;
  std::string label;
  bool dashed = true;
};

struct RowChartSpec {
  std::string title;
  std::string x_label;  // with units
  std::vector<ChartRow> rows;
  std::vector<RowMarker> markers;
  std::vector<ReferenceLine> references;
  RangeStyle range_style = RangeStyle::Whisker;
  std::string range_colour = "#0072B2";
  std::string range_name;              // legend entry for the range, e.g. "95% interval"
  std::optional<double> x_min, x_max;  // force the axis to include these
  double width = 760;
};

std::string render_row_chart(const RowChartSpec& spec);

}  // namespace harmcast::report
