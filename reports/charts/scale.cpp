#include "reports/charts/scale.hpp"

#include <algorithm>
#include <cmath>

#include "reports/html/number_format.hpp"

namespace harmcast::report {

double LinearScale::operator()(double value) const {
  const double span = domain_hi - domain_lo;
  if (span == 0.0) return 0.5 * (range_lo + range_hi);
  return range_lo + (value - domain_lo) / span * (range_hi - range_lo);
}

namespace {

double nice_number(double x, bool round_to_nearest) {
  const double exponent = std::floor(std::log10(x));
  const double fraction = x / std::pow(10.0, exponent);
  double nice;
  if (round_to_nearest) {
    nice = fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10;
  } else {
    nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
  }
  return nice * std::pow(10.0, exponent);
}

}  // namespace

std::vector<double> nice_ticks(double lo, double hi, int target) {
  if (!std::isfinite(lo) || !std::isfinite(hi)) return {0.0, 1.0};
  if (hi < lo) std::swap(lo, hi);
  if (hi == lo) {
    const double pad = lo == 0.0 ? 1.0 : std::fabs(lo) * 0.1;
    lo -= pad;
    hi += pad;
  }
  const double range = nice_number(hi - lo, false);
  const double step = nice_number(range / std::max(1, target - 1), true);
  const double first = std::floor(lo / step) * step;
  const double last = std::ceil(hi / step) * step;
  std::vector<double> ticks;
  for (double t = first; t <= last + 0.5 * step; t += step) {
    ticks.push_back(std::fabs(t) < step * 1e-9 ? 0.0 : t);
  }
  return ticks;
}

std::vector<std::string> tick_labels(const std::vector<double>& ticks) {
  int decimals = 0;
  if (ticks.size() >= 2) {
    const double step = std::fabs(ticks[1] - ticks[0]);
    if (step > 0 && step < 1) decimals = static_cast<int>(std::ceil(-std::log10(step) - 1e-9));
  }
  std::vector<std::string> labels;
  labels.reserve(ticks.size());
  for (double t : ticks) labels.push_back(format_number(t, decimals));
  return labels;
}

double text_width(const std::string& text, double font_size) {
  // Count code points, not bytes, so "£" and "−" count once.
  std::size_t glyphs = 0;
  for (unsigned char c : text) glyphs += (c & 0xC0) != 0x80;
  return 0.56 * font_size * static_cast<double>(glyphs);
}

std::string truncate_label(const std::string& text, std::size_t max_chars) {
  std::size_t glyphs = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) continue;
    if (glyphs == max_chars - 1 && max_chars > 0) {
      // Does more than one glyph remain? Then cut here.
      std::size_t rest = 0;
      for (std::size_t j = i; j < text.size(); ++j) {
        rest += (static_cast<unsigned char>(text[j]) & 0xC0) != 0x80;
      }
      if (rest > 1) return text.substr(0, i) + "\u2026";
      return text;
    }
    ++glyphs;
  }
  return text;
}

}  // namespace harmcast::report
