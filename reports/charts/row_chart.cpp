#include "reports/charts/row_chart.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "reports/charts/scale.hpp"
#include "reports/charts/svg.hpp"

namespace harmcast::report {
namespace {

constexpr double kRowHeight = 22, kTop = 34, kBottom = 58, kRight = 20;
constexpr std::size_t kMaxLabelChars = 38;

}  // namespace

std::string render_row_chart(const RowChartSpec& spec) {
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  auto extend = [&](double v) {
    if (std::isfinite(v)) lo = std::min(lo, v), hi = std::max(hi, v);
  };
  for (const auto& row : spec.rows) {
    if (row.low) extend(*row.low);
    if (row.high) extend(*row.high);
    for (const auto& p : row.points) extend(p.value);
  }
  for (const auto& r : spec.references) extend(r.value);
  if (spec.x_min) extend(*spec.x_min);
  if (spec.x_max) extend(*spec.x_max);
  if (!std::isfinite(lo)) lo = 0, hi = 1;

  double label_w = 0;
  for (const auto& row : spec.rows) {
    label_w = std::max(label_w, text_width(truncate_label(row.label, kMaxLabelChars), 11));
  }
  const double left = label_w + 18;
  const double plot_w = std::max(200.0, spec.width - left - kRight);
  const double plot_h =
      kRowHeight * static_cast<double>(std::max<std::size_t>(spec.rows.size(), 1));
  const double height = kTop + plot_h + kBottom;
  const auto ticks = nice_ticks(lo, hi, 6);
  const auto labels = tick_labels(ticks);
  LinearScale x{ticks.front(), ticks.back(), left, left + plot_w};

  Svg svg(left + plot_w + kRight, height, spec.title, spec.x_label);
  svg.text(8, 20, spec.title, 14, Anchor::Start, true);
  for (std::size_t i = 0; i < ticks.size(); ++i) {
    svg.line(x(ticks[i]), kTop, x(ticks[i]), kTop + plot_h, {"#ececec", 1});
    svg.text(x(ticks[i]), kTop + plot_h + 16, labels[i], 11, Anchor::Middle, false, "#555");
  }
  svg.line(left, kTop + plot_h, left + plot_w, kTop + plot_h, {"#888", 1});
  svg.text(left + plot_w / 2, kTop + plot_h + 34, spec.x_label, 11, Anchor::Middle, false, "#333");
  for (const auto& r : spec.references) {
    svg.line(x(r.value), kTop - 4, x(r.value), kTop + plot_h, {"#666", 1, r.dashed});
    if (!r.label.empty()) {
      svg.text(x(r.value) + 3, kTop - 6, r.label, 10, Anchor::Start, false, "#555");
    }
  }

  for (std::size_t i = 0; i < spec.rows.size(); ++i) {
    const auto& row = spec.rows[i];
    const double cy = kTop + kRowHeight * (static_cast<double>(i) + 0.5);
    if (i % 2 == 1) svg.rect(left, cy - kRowHeight / 2, plot_w, kRowHeight, "#f6f6f6", 1.0);
    const std::string shown = truncate_label(row.label, kMaxLabelChars);
    svg.text(left - 8, cy + 4, shown, 11, Anchor::End, false, "#222", 0,
             shown != row.label ? row.label : std::string());
    if (row.low && row.high && std::isfinite(*row.low) && std::isfinite(*row.high)) {
      const double x0 = x(std::min(*row.low, *row.high)), x1 = x(std::max(*row.low, *row.high));
      if (spec.range_style == RangeStyle::Bar) {
        svg.rect(x0, cy - 7, x1 - x0, 14, spec.range_colour, 0.75, row.tooltip);
      } else {
        svg.line(x0, cy, x1, cy, {spec.range_colour, 1.6});
        svg.line(x0, cy - 4, x0, cy + 4, {spec.range_colour, 1.6});
        svg.line(x1, cy - 4, x1, cy + 4, {spec.range_colour, 1.6});
      }
    }
    for (const auto& p : row.points) {
      if (!std::isfinite(p.value) || p.marker >= spec.markers.size()) continue;
      const auto& m = spec.markers[p.marker];
      svg.circle(x(p.value), cy, 4, m.hollow ? "#fff" : m.colour, m.colour, row.tooltip);
    }
  }

  double lx = left, ly = height - 8;
  auto legend = [&](const std::string& name, auto draw) {
    if (name.empty()) return;
    const double w = 22 + text_width(name, 11);
    if (lx + w > left + plot_w) return;
    draw(lx);
    svg.text(lx + 14, ly, name, 11, Anchor::Start, false, "#333");
    lx += w + 14;
  };
  legend(spec.range_name, [&](double at) {
    if (spec.range_style == RangeStyle::Bar) {
      svg.rect(at, ly - 9, 10, 10, spec.range_colour, 0.75);
    } else {
      svg.line(at, ly - 4, at + 10, ly - 4, {spec.range_colour, 1.6});
    }
  });
  for (const auto& m : spec.markers) {
    legend(m.name, [&](double at) {
      svg.circle(at + 5, ly - 4, 4, m.hollow ? "#fff" : m.colour, m.colour);
    });
  }
  return svg.str();
}

}  // namespace harmcast::report
