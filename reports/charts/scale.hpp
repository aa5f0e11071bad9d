#pragma once
// Axis scales and tick choice for the report's charts.
#include <string>
#include <vector>

namespace harmcast::report {

// Maps a data interval [domain_lo, domain_hi] linearly onto pixels [range_lo, range_hi].
struct LinearScale {
  double domain_lo = 0, domain_hi = 1, range_lo = 0, range_hi = 1;
  double operator()(double value) const;
};

// "Nice" tick values covering [lo, hi] (Heckbert, Graphics Gems 1990): steps of 1, 2 or 5 x 10^k,
// about `target` of them. The returned ticks include a value <= lo and one >= hi, so the axis can
// be widened to them.
std::vector<double> nice_ticks(double lo, double hi, int target = 5);

// Tick labels with just enough decimals to tell neighbouring ticks apart ("0", "2.5", "1,000").
std::vector<std::string> tick_labels(const std::vector<double>& ticks);

// Rough width in pixels of `text` at `font_size` (average glyph ~0.55 em for sans-serif); used to
// lay out label columns so text never overflows the chart.
double text_width(const std::string& text, double font_size);

// Shortens text to at most `max_chars` characters, ending in an ellipsis when cut.
std::string truncate_label(const std::string& text, std::size_t max_chars);

}  // namespace harmcast::report
