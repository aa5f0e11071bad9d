#pragma once
// A minimal SVG writer: shapes and text appended to a buffer, with every piece of text escaped.
// Charts are drawn in pixel coordinates with the origin at the top left.
#include <string>
#include <utility>
#include <vector>

namespace harmcast::report {

struct Stroke {
  std::string colour = "#333";
  double width = 1.0;
  bool dashed = false;
};

enum class Anchor { Start, Middle, End };

class Svg {
 public:
  Svg(double width, double height, const std::string& title, const std::string& description);

  void line(double x1, double y1, double x2, double y2, const Stroke& stroke);
  void polyline(const std::vector<std::pair<double, double>>& points, const Stroke& stroke);
  void polygon(const std::vector<std::pair<double, double>>& points, const std::string& fill,
               double opacity);
  void rect(double x, double y, double w, double h, const std::string& fill, double opacity = 1.0,
            const std::string& tooltip = {});
  void circle(double cx, double cy, double r, const std::string& fill, const std::string& stroke,
              const std::string& tooltip = {});
  // Text with an optional tooltip holding the full string (for truncated labels).
  void text(double x, double y, const std::string& content, double size = 12,
            Anchor anchor = Anchor::Start, bool bold = false, const std::string& colour = "#222",
            double rotate_degrees = 0, const std::string& tooltip = {});

  double width() const { return width_; }
  double height() const { return height_; }
  std::string str() const;  // the finished <svg> element

 private:
  double width_;
  double height_;
  std::string title_;
  std::string description_;
  std::string body_;
};

// A qualitative palette readable by people with common colour-vision deficiencies (Okabe-Ito).
const std::string& palette(std::size_t index);

}  // namespace harmcast::report
