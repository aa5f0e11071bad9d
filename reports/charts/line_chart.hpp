#pragma once
// Time-series line chart with shaded interval bands: forecast fan charts (history, forecast mean,
// 80% and 95% bands, held-out actuals) and scenario comparisons (baseline vs scenario paths).
#include <optional>
#include <string>
#include <vector>

namespace harmcast::report {

struct LineSeries {
  std::string name;
  std::vector<double> values;  // one per x label; NaN leaves a gap
  std::string colour;          // empty: palette by position
  bool dashed = false;
  bool points = false;  // draw a dot at each value (for sparse actuals)
};

struct IntervalBand {
  std::string name;           // e.g. "95% interval"
  std::vector<double> lower;  // one per x label; NaN where the band is absent
  std::vector<double> upper;
  std::string colour = "#0072B2";
  double opacity = 0.18;
};

struct LineChartSpec {
  std::string title;
  std::string x_label;
  std::string y_label;                // with units, e.g. "offences per month"
  std::vector<std::string> x_labels;  // period labels, e.g. "2019-04"
  std::vector<IntervalBand> bands;    // drawn first, widest first
  std::vector<LineSeries> lines;
  std::optional<std::size_t> marker_at;  // a vertical line, e.g. where the forecast starts
  std::string marker_label;
  bool y_from_zero = true;  // counts: start the axis at zero
  double width = 760;
  double height = 330;
};

// The <svg> element. Throws harmcast::Error if series lengths do not match x_labels.
std::string render_line_chart(const LineChartSpec& spec);

}  // namespace harmcast::report
