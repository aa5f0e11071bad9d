#pragma once
// Type 7 sample quantile (R's default, Hyndman and Fan 1996) of already sorted values:
// h = (n - 1) p, Q(p) = x[floor(h)] + (h - floor(h)) (x[floor(h) + 1] - x[floor(h)]).
// Internal to models/value.
#include <vector>

namespace harmcast::value::detail {

double sorted_quantile(const std::vector<double>& sorted, double level);

}  // namespace harmcast::value::detail
