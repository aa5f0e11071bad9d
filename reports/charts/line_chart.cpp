#include "reports/charts/line_chart.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "engine/core/error.hpp"
#include "reports/charts/scale.hpp"
#include "reports/charts/svg.hpp"

namespace harmcast::report {
namespace {

constexpr double kLeft = 64, kRight = 16, kTop = 34, kBottom = 70;

void check_length(const std::vector<double>& values, std::size_t n, const std::string& what) {
  if (values.size() != n) {
    throw InternalError("line chart: " + what + " has " + std::to_string(values.size()) +
                        " values for " + std::to_string(n) + " x labels");
  }
}

// Every k-th label so that labels never collide.
std::size_t label_stride(const std::vector<std::string>& labels, double plot_width) {
  double widest = 0;
  for (const auto& l : labels) widest = std::max(widest, text_width(l, 11));
  const double per_label = widest + 10;
  const double n = static_cast<double>(labels.size());
  std::size_t stride = static_cast<std::size_t>(std::ceil(n * per_label / plot_width));
  // Prefer strides that align with the year for monthly data.
  for (std::size_t nice : {1, 2, 3, 4, 6, 12, 24, 36, 48, 60}) {
    if (nice >= stride) return nice;
  }
  return std::max<std::size_t>(stride, 1);
}

}  // namespace

std::string render_line_chart(const LineChartSpec& spec) {
  const std::size_t n = spec.x_labels.size();
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  auto extend = [&](const std::vector<double>& v) {
    for (double x : v) {
      if (std::isfinite(x)) lo = std::min(lo, x), hi = std::max(hi, x);
    }
  };
  for (const auto& b : spec.bands) {
    check_length(b.lower, n, b.name + " (lower)");
    check_length(b.upper, n, b.name + " (upper)");
    extend(b.lower);
    extend(b.upper);
  }
  for (const auto& l : spec.lines) {
    check_length(l.values, n, l.name);
    extend(l.values);
  }
  if (!std::isfinite(lo)) lo = 0, hi = 1;
  if (spec.y_from_zero) lo = std::min(lo, 0.0);

  const auto ticks = nice_ticks(lo, hi, 6);
  const auto labels = tick_labels(ticks);
  double widest_tick = 0;
  for (const auto& l : labels) widest_tick = std::max(widest_tick, text_width(l, 11));
  const double left = std::max(kLeft, widest_tick + 30);
  const double plot_w = spec.width - left - kRight;
  const double plot_h = spec.height - kTop - kBottom;
  LinearScale y{ticks.front(), ticks.back(), kTop + plot_h, kTop};
  LinearScale x{0, static_cast<double>(std::max<std::size_t>(n, 2) - 1), left, left + plot_w};

  Svg svg(spec.width, spec.height, spec.title, spec.y_label + " by " + spec.x_label);
  svg.text(left, 20, spec.title, 14, Anchor::Start, true);
  for (std::size_t i = 0; i < ticks.size(); ++i) {
    svg.line(left, y(ticks[i]), left + plot_w, y(ticks[i]), {"#e3e3e3", 1});
    svg.text(left - 6, y(ticks[i]) + 4, labels[i], 11, Anchor::End, false, "#555");
  }
  svg.text(14, kTop + plot_h / 2, spec.y_label, 11, Anchor::Middle, false, "#333", -90);

  const std::size_t stride = label_stride(spec.x_labels, plot_w);
  for (std::size_t i = 0; i < n; i += stride) {
    svg.line(x(i), kTop + plot_h, x(i), kTop + plot_h + 4, {"#888", 1});
    svg.text(x(i), kTop + plot_h + 17, spec.x_labels[i], 11, Anchor::Middle, false, "#555");
  }
  svg.line(left, kTop + plot_h, left + plot_w, kTop + plot_h, {"#888", 1});
  svg.text(left + plot_w / 2, kTop + plot_h + 36, spec.x_label, 11, Anchor::Middle, false, "#333");

  for (const auto& band : spec.bands) {
    // One polygon per contiguous run where both bounds exist.
    std::size_t i = 0;
    while (i < n) {
      while (i < n && !(std::isfinite(band.lower[i]) && std::isfinite(band.upper[i]))) ++i;
      std::size_t j = i;
      while (j < n && std::isfinite(band.lower[j]) && std::isfinite(band.upper[j])) ++j;
      if (j > i) {
        std::vector<std::pair<double, double>> pts;
        for (std::size_t k = i; k < j; ++k) pts.emplace_back(x(k), y(band.upper[k]));
        for (std::size_t k = j; k-- > i;) pts.emplace_back(x(k), y(band.lower[k]));
        if (j - i == 1) {  // a single period: draw a short bar
          svg.rect(x(i) - 3, y(band.upper[i]), 6, y(band.lower[i]) - y(band.upper[i]), band.colour,
                   band.opacity);
        } else {
          svg.polygon(pts, band.colour, band.opacity);
        }
      }
      i = j;
    }
  }
  if (spec.marker_at && *spec.marker_at < n) {
    const double mx = x(static_cast<double>(*spec.marker_at));
    svg.line(mx, kTop, mx, kTop + plot_h, {"#777", 1, true});
    svg.text(mx + 4, kTop + 12, spec.marker_label, 11, Anchor::Start, false, "#555");
  }
  for (std::size_t s = 0; s < spec.lines.size(); ++s) {
    const auto& line = spec.lines[s];
    const std::string colour = line.colour.empty() ? palette(s) : line.colour;
    std::vector<std::pair<double, double>> run;
    for (std::size_t k = 0; k <= n; ++k) {
      if (k < n && std::isfinite(line.values[k])) {
        run.emplace_back(x(k), y(line.values[k]));
        if (line.points) svg.circle(x(k), y(line.values[k]), 2.5, colour, colour);
      } else {
        svg.polyline(run, {colour, 1.8, line.dashed});
        run.clear();
      }
    }
  }
  // Legend below the axis title, wrapping if needed.
  double lx = left, ly = spec.height - 12;
  auto legend_item = [&](const std::string& name, const std::string& colour, bool band, bool dashed,
                         double opacity = 0.35) {
    const double w = 26 + text_width(name, 11);
    if (lx + w > spec.width - kRight) return;  // out of room: skip rather than overflow
    if (band) {
      svg.rect(lx, ly - 9, 16, 10, colour, std::min(1.0, opacity * 2));
    } else {
      svg.line(lx, ly - 4, lx + 16, ly - 4, {colour, 2, dashed});
    }
    svg.text(lx + 21, ly, name, 11, Anchor::Start, false, "#333");
    lx += w + 12;
  };
  for (std::size_t s = 0; s < spec.lines.size(); ++s) {
    const auto& l = spec.lines[s];
    legend_item(l.name, l.colour.empty() ? palette(s) : l.colour, false, l.dashed);
  }
  for (const auto& b : spec.bands) legend_item(b.name, b.colour, true, false, b.opacity);
  return svg.str();
}

}  // namespace harmcast::report
