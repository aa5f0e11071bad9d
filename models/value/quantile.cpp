#include "models/value/quantile.hpp"

#include <cmath>

#include "engine/core/error.hpp"

namespace harmcast::value::detail {

double sorted_quantile(const std::vector<double>& sorted, double level) {
  if (sorted.empty()) throw InternalError("sorted_quantile of no values");
  const double h = (static_cast<double>(sorted.size()) - 1.0) * level;
  const auto lo = static_cast<std::size_t>(std::floor(h));
  if (lo + 1 >= sorted.size()) return sorted.back();
  return sorted[lo] + (h - static_cast<double>(lo)) * (sorted[lo + 1] - sorted[lo]);
}

}  // namespace harmcast::value::detail
