#include "models/timeseries/ets_admissible.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "engine/core/error.hpp"
#include "models/timeseries/ets_lanes.hpp"

namespace harmcast::timeseries {

using namespace ets_detail;

std::string to_string(EtsBounds bounds) {
  switch (bounds) {
    case EtsBounds::kBoth:
      return "both";
    case EtsBounds::kUsual:
      return "usual";
    case EtsBounds::kAdmissible:
      return "admissible";
  }
  return "";
}

EtsBounds ets_bounds_from_string(std::string_view text) {
  if (text == "both") return EtsBounds::kBoth;
  if (text == "usual") return EtsBounds::kUsual;
  if (text == "admissible") return EtsBounds::kAdmissible;
  throw Error("ets", fmt::format("unknown parameter bounds '{}'", text),
              "use one of both, usual, admissible");
}

namespace {

// R's admissible() accepts roots of modulus up to 1 + 1e-10.
constexpr double kRootRadius = 1 + 1e-10;
constexpr int kMaxDegree = 31;

// 1 / kRootRadius^k for k = 0..kMaxDegree, by the same repeated division roots_within does (so
// the rescaled coefficients are bit for bit the same); folded at compile time.
constexpr std::array<double, kMaxDegree + 1> kRootScales = [] {
  std::array<double, kMaxDegree + 1> s{};
  s[0] = 1.0;
  for (int k = 1; k <= kMaxDegree; ++k) s[k] = s[k - 1] / kRootRadius;
  return s;
}();

// Whether all roots of a[0] z^d + ... + a[d] lie in the open unit disc (a[0] = 1 on entry), lane
// by lane (ets_lanes.hpp: two polynomials at once overlap their chains of divisions).
// Step down: a_0 p(z) - a_d p*(z) = z q(z) keeps the roots inside iff |a_d| < |a_0|
// (Schur-Cohn). The new coefficients a_i - k a_{d-i} are updated in place two at a time (i and
// d - i read each other's old value), the same arithmetic as a copy into a second array.
// (A division-free variant, rescaling by powers of two, ran 10% faster overall but decided
// a near-boundary point differently from R on one anchor series in 200; this one agrees.)
template <class V>
MaskOf<V> step_down_within_unit_disc(V* a, int degree) {
  MaskOf<V> inside = splat<V>(1.0) > 0.0;  // true in every lane
  for (int d = degree; d >= 1; --d) {
    const V k = a[d] / a[0];
    inside = both(inside, abs_lanes(k) < 1.0);
    if (!any_lane(inside)) return inside;
    const V head = a[0] - k * a[d];
    int i = 1, j = d - 1;
    for (; i < j; ++i, --j) {
      const V ai = a[i], aj = a[j];
      a[i] = ai - k * aj;
      a[j] = aj - k * ai;
    }
    if (i == j) a[i] = a[i] - k * a[i];
    a[0] = head;
  }
  return inside;
}

// The conditions of R's admissible() that need no roots. kRoots: they hold, and the seasonal
// root test decides on the polynomial written to `a` (degree period + 1).
enum class Admissible { kNo, kYes, kRoots };

Admissible admissible_without_roots(const EtsStructure& structure, const EtsSmoothing& p,
                                    double* a) {
  const double alpha = p.alpha, phi = p.phi, gamma = p.gamma;
  if (phi < 0 || phi > 1 + 1e-8) return Admissible::kNo;
  if (!structure.has_season()) {
    if (alpha < 1 - 1 / phi || alpha > 1 + 1 / phi) return Admissible::kNo;
    if (structure.has_trend() && (p.beta < alpha * (phi - 1) || p.beta > (1 + phi) * (2 - alpha)))
      return Admissible::kNo;
    return Admissible::kYes;
  }
  const int m = structure.period;
  if (m <= 1) return Admissible::kYes;
  const double beta = structure.has_trend() ? p.beta : 0.0;
  const double d = 1 - 1 / phi - alpha;
  if (gamma < std::max(d, 0.0) || gamma > 1 + 1 / phi - alpha) return Admissible::kNo;
  if (alpha < 1 - 1 / phi - gamma * (1 - m + phi + phi * m) / (2 * phi * m)) return Admissible::kNo;
  if (beta < -(1 - phi) * (gamma / m + alpha)) return Admissible::kNo;
  // The characteristic polynomial, leading coefficient first (R's opr), rescaled as
  // roots_within(c, m + 1, kRootRadius) does but with the scales from the table.
  if (m + 1 > kMaxDegree) throw InternalError("ets_admissible: seasonal period above 30");
  a[0] = 1.0;
  a[1] = (alpha + beta - phi) * kRootScales[1];
  const double middle = alpha + beta - alpha * phi;
  for (int i = 0; i < m - 2; ++i) a[2 + i] = middle * kRootScales[2 + i];
  a[m] = (alpha + beta - alpha * phi + gamma - 1) * kRootScales[m];
  a[m + 1] = (phi * (1 - alpha - gamma)) * kRootScales[m + 1];
  return Admissible::kRoots;
}

bool usual_allowed(const EtsStructure& structure, const EtsSmoothing& p, const EtsLimits& limits) {
  const auto& lo = limits.lower;
  const auto& up = limits.upper;
  if (p.alpha < lo[0] || p.alpha > up[0]) return false;
  if (structure.has_trend() && (p.beta < lo[1] || p.beta > p.alpha || p.beta > up[1])) return false;
  if (structure.damped && (p.phi < lo[3] || p.phi > up[3])) return false;
  if (structure.has_season() && (p.gamma < lo[2] || p.gamma > 1 - p.alpha || p.gamma > up[2]))
    return false;
  return true;
}

}  // namespace

bool roots_within(const double* c, int degree, double radius) {
  // Roots of p(z) within radius r  <=>  roots of p(r w) within the unit disc;
  // p(r w) / r^d has coefficient c[k-1] / r^k at w^{d-k}.
  if (degree > kMaxDegree) throw InternalError("roots_within: degree above 31");
  double a[kMaxDegree + 1];
  a[0] = 1.0;
  double scale = 1.0;
  for (int k = 1; k <= degree; ++k) {
    scale /= radius;
    a[k] = c[k - 1] * scale;
  }
  return step_down_within_unit_disc(a, degree);
}

bool ets_admissible(const EtsStructure& structure, const EtsSmoothing& p) {
  double a[kMaxDegree + 1];
  const Admissible verdict = admissible_without_roots(structure, p, a);
  if (verdict != Admissible::kRoots) return verdict == Admissible::kYes;
  return step_down_within_unit_disc(a, structure.period + 1);
}

bool ets_parameters_allowed(const EtsStructure& structure, const EtsSmoothing& p, EtsBounds bounds,
                            const EtsLimits& limits) {
  if (bounds != EtsBounds::kAdmissible && !usual_allowed(structure, p, limits)) return false;
  if (bounds != EtsBounds::kUsual && !ets_admissible(structure, p)) return false;
  return true;
}

void ets_parameters_allowed_pair(const EtsStructure& structure, const EtsSmoothing& a,
                                 const EtsSmoothing& b, EtsBounds bounds, const EtsLimits& limits,
                                 bool allowed[2]) {
  const EtsSmoothing* p[2] = {&a, &b};
  double poly[2][kMaxDegree + 1];
  bool roots[2] = {false, false};  // the root test still decides
  for (int k = 0; k < 2; ++k) {
    allowed[k] = bounds == EtsBounds::kAdmissible || usual_allowed(structure, *p[k], limits);
    if (!allowed[k] || bounds == EtsBounds::kUsual) continue;
    const Admissible verdict = admissible_without_roots(structure, *p[k], poly[k]);
    allowed[k] = verdict != Admissible::kNo;
    roots[k] = verdict == Admissible::kRoots;
  }
  const int degree = structure.period + 1;
  if (roots[0] && roots[1]) {
    Pair lanes[kMaxDegree + 1];
    for (int i = 0; i <= degree; ++i) lanes[i] = Pair{poly[0][i], poly[1][i]};
    const PairMask inside = step_down_within_unit_disc(lanes, degree);
    allowed[0] = inside[0] != 0;
    allowed[1] = inside[1] != 0;
    return;
  }
  for (int k = 0; k < 2; ++k)
    if (roots[k]) allowed[k] = step_down_within_unit_disc(poly[k], degree);
}

}  // namespace harmcast::timeseries
