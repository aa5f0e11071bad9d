#pragma once
// R's significance codes of a p-value, as printed by summary.glm and summary.coxph:
// "***" < 0.001 <= "**" < 0.01 <= "*" < 0.05 <= "." < 0.1 <= "" (and "" for NA).
#include <cmath>
#include <string>

namespace harmcast {

inline std::string significance_stars(double p) {
  if (std::isnan(p)) return "";
  if (p < 0.001) return "***";
  if (p < 0.01) return "**";
  if (p < 0.05) return "*";
  if (p < 0.1) return ".";
  return "";
}

}  // namespace harmcast
