#include "reports/charts/svg.hpp"

#include <fmt/format.h>

#include <array>

#include "reports/html/escape.hpp"

namespace harmcast::report {
namespace {

std::string stroke_attributes(const Stroke& s) {
  std::string out =
      fmt::format(R"~( stroke="{}" stroke-width="{:.2f}" fill="none")~", s.colour, s.width);
  if (s.dashed) out += R"~( stroke-dasharray="5 4")~";
  return out;
}

std::string points_attribute(const std::vector<std::pair<double, double>>& points) {
  std::string out;
  out.reserve(points.size() * 16);
  for (const auto& [x, y] : points) out += fmt::format("{:.1f},{:.1f} ", x, y);
  if (!out.empty()) out.pop_back();
  return out;
}

std::string tooltip_element(const std::string& tooltip) {
  return tooltip.empty() ? std::string() : "<title>" + escape_html(tooltip) + "</title>";
}

}  // namespace

Svg::Svg(double width, double height, const std::string& title, const std::string& description)
    : width_(width), height_(height), title_(title), description_(description) {}

void Svg::line(double x1, double y1, double x2, double y2, const Stroke& stroke) {
  body_ += fmt::format(R"~(<line x1="{:.1f}" y1="{:.1f}" x2="{:.1f}" y2="{:.1f}"{}/>)~", x1, y1, x2,
                       y2, stroke_attributes(stroke));
}

void Svg::polyline(const std::vector<std::pair<double, double>>& points, const Stroke& stroke) {
  if (points.size() < 2) return;
  body_ += fmt::format(R"~(<polyline points="{}"{} stroke-linejoin="round"/>)~",
                       points_attribute(points), stroke_attributes(stroke));
}

void Svg::polygon(const std::vector<std::pair<double, double>>& points, const std::string& fill,
                  double opacity) {
  if (points.size() < 3) return;
  body_ += fmt::format(R"~(<polygon points="{}" fill="{}" fill-opacity="{:.2f}" stroke="none"/>)~",
                       points_attribute(points), fill, opacity);
}

void Svg::rect(double x, double y, double w, double h, const std::string& fill, double opacity,
               const std::string& tooltip) {
  body_ += fmt::format(
      R"~(<rect x="{:.1f}" y="{:.1f}" width="{:.1f}" height="{:.1f}" fill="{}" fill-opacity="{:.2f}">{}</rect>)~",
      x, y, std::max(0.0, w), std::max(0.0, h), fill, opacity, tooltip_element(tooltip));
}

void Svg::circle(double cx, double cy, double r, const std::string& fill, const std::string& stroke,
                 const std::string& tooltip) {
  body_ += fmt::format(
      R"~(<circle cx="{:.1f}" cy="{:.1f}" r="{:.1f}" fill="{}" stroke="{}" stroke-width="1.2">{}</circle>)~",
      cx, cy, r, fill, stroke, tooltip_element(tooltip));
}

void Svg::text(double x, double y, const std::string& content, double size, Anchor anchor,
               bool bold, const std::string& colour, double rotate_degrees,
               const std::string& tooltip) {
  const char* anchor_name = anchor == Anchor::Start    ? "start"
                            : anchor == Anchor::Middle ? "middle"
                                                       : "end";
  std::string transform;
  if (rotate_degrees != 0) {
    transform = fmt::format(R"~( transform="rotate({:.0f} {:.1f} {:.1f})")~", rotate_degrees, x, y);
  }
  body_ += fmt::format(
      R"~(<text x="{:.1f}" y="{:.1f}" font-size="{:.0f}" text-anchor="{}" fill="{}"{}{}>{}{}</text>)~",
      x, y, size, anchor_name, colour, bold ? R"~( font-weight="600")~" : "", transform,
      tooltip_element(tooltip), escape_html(content));
}

std::string Svg::str() const {
  return fmt::format(
      R"~(<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {:.0f} {:.0f}" width="{:.0f}" height="{:.0f}" role="img" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"><title>{}</title><desc>{}</desc>{}</svg>)~",
      width_, height_, width_, height_, escape_html(title_), escape_html(description_), body_);
}

const std::string& palette(std::size_t index) {
  static const std::array<std::string, 8> colours = {"#0072B2", "#D55E00", "#009E73", "#CC79A7",
                                                     "#E69F00", "#56B4E9", "#000000", "#F0E442"};
  return colours[index % colours.size()];
}

}  // namespace harmcast::report
