#include "models/matching/abadie_imbens.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <boost/math/distributions/normal.hpp>
#include <cmath>
#include <numeric>

#include "engine/core/error.hpp"

namespace harmcast {
namespace {

constexpr const char* kWhere = "Abadie-Imbens standard error";

// Sample variance of y over unit c and its J nearest controls on the distance, with every control
// tied with the J-th nearest (Matching's Var.calc > 0, VarCalcMatchC): squared gap in SDs of the
// distance within `tolerance` of the J-th one's. `sorted` holds the controls in distance order
// and `pos` is c's place in it.
double neighbour_variance(std::span<const double> y, std::span<const double> distance,
                          const std::vector<std::size_t>& sorted, std::size_t pos, int j, double sd,
                          double tolerance) {
  const double dc = distance[sorted[pos]];
  // Walk outwards taking the nearer side first until J neighbours are taken.
  std::size_t left = pos, right = pos + 1;
  std::vector<std::size_t> taken;
  double last = 0.0;
  while (static_cast<int>(taken.size()) < j && (left > 0 || right < sorted.size())) {
    const double gl = left > 0 ? dc - distance[sorted[left - 1]] : INFINITY;
    const double gr = right < sorted.size() ? distance[sorted[right]] - dc : INFINITY;
    if (gl <= gr) {
      taken.push_back(sorted[--left]);
      last = gl;
    } else {
      taken.push_back(sorted[right++]);
      last = gr;
    }
  }
  // Controls tied with the J-th nearest belong to the set as well.
  const double scale = sd > 0.0 ? sd : 1.0;
  const double limit = (last / scale) * (last / scale) + tolerance;
  auto tied = [&](double gap) { return (gap / scale) * (gap / scale) <= limit; };
  while (left > 0 && tied(dc - distance[sorted[left - 1]])) taken.push_back(sorted[--left]);
  while (right < sorted.size() && tied(distance[sorted[right]] - dc))
    taken.push_back(sorted[right++]);
  double n = 1.0, sum = y[sorted[pos]], sum2 = y[sorted[pos]] * y[sorted[pos]];
  for (std::size_t u : taken) n += 1.0, sum += y[u], sum2 += y[u] * y[u];
  const double mean = sum / n;
  return (sum2 / n - mean * mean) * n / (n - 1.0);
}

}  // namespace

void apply_abadie_imbens_se(EffectResult& effect, std::span<const double> y,
                            std::span<const std::uint8_t> treat, const MatchResult& match,
                            std::span<const double> distance, const EffectOptions& options) {
  const std::size_t n = match.weights.size();
  const int j = options.ai_variance_matches;
  if (j > 0 && distance.size() != n)
    throw Error(kWhere, "the heteroskedastic variance needs the matching distance",
                "use variance_matches = 0 for Mahalanobis matching");
  std::vector<double> k(n, 0.0), kk(n, 0.0);
  double tau_sum = 0.0, matched = 0.0;
  std::vector<double> diff;  // y_t - mean of its controls, per matched treated
  for (std::size_t t = 0; t < match.treated_units.size(); ++t) {
    const auto set = match.controls_of(t);
    if (set.empty()) continue;
    const double m = static_cast<double>(set.size());
    double sum = 0.0;
    for (std::size_t c : set) {
      sum += y[c];
      k[c] += 1.0 / m;
      kk[c] += 1.0 / (m * m);
    }
    diff.push_back(y[match.treated_units[t]] - sum / m);
    tau_sum += diff.back();
    matched += 1.0;
  }
  if (matched < 2.0)
    throw Error(kWhere, fmt::format("{} matched treated units; at least 2 are needed", matched));
  const double tau = tau_sum / matched;
  double spread = 0.0;
  for (double d : diff) spread += (d - tau) * (d - tau);
  // Homoskedastic sigma^2: half the weighted mean squared pair residual.
  double pair_ss = 0.0;
  for (std::size_t t = 0; t < match.treated_units.size(); ++t) {
    const auto set = match.controls_of(t);
    for (std::size_t c : set) {
      const double e = y[match.treated_units[t]] - y[c] - tau;
      pair_ss += e * e / static_cast<double>(set.size());
    }
  }
  const double sigma2_common = 0.5 * pair_ss / matched;
  std::vector<std::size_t> controls_sorted, place(n, 0);
  if (j > 0) {
    for (std::size_t i = 0; i < n; ++i)
      if (!treat[i] && !match.discarded[i]) controls_sorted.push_back(i);
    std::stable_sort(controls_sorted.begin(), controls_sorted.end(),
                     [&](std::size_t a, std::size_t b) { return distance[a] < distance[b]; });
    for (std::size_t p = 0; p < controls_sorted.size(); ++p) place[controls_sorted[p]] = p;
  }
  double reuse = 0.0;
  for (std::size_t c = 0; c < n; ++c) {
    if (k[c] == 0.0) continue;
    const double extra = k[c] * k[c] - kk[c];
    if (extra <= 0.0) continue;
    const double sigma2 = j > 0 ? neighbour_variance(y, distance, controls_sorted, place[c], j,
                                                     match.distance_sd, match.tie_tolerance)
                                : sigma2_common;
    reuse += sigma2 * extra;
  }
  const double se = std::sqrt((spread + reuse) / (matched * matched));
  const double z =
      boost::math::quantile(boost::math::normal(), 0.5 + options.confidence_level / 2.0);
  effect.std_error = se;
  effect.conf_low = effect.estimate - z * se;
  effect.conf_high = effect.estimate + z * se;
  effect.p_value = 2.0 * boost::math::cdf(boost::math::complement(boost::math::normal(),
                                                                  std::fabs(effect.estimate / se)));
  effect.clusters = static_cast<std::size_t>(matched);
  effect.se_method = j > 0 ? fmt::format("Abadie-Imbens (heteroskedastic, {} matches)", j)
                           : std::string("Abadie-Imbens (homoskedastic)");
  effect.sentence = effect_sentence(effect, options.description, options.confidence_level);
}

}  // namespace harmcast
