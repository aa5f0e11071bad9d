#include "models/timeseries/ets_admissible.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "engine/core/error.hpp"
#include "models/timeseries/ets_root_test.hpp"

namespace harmcast::timeseries {

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
constexpr int kMaxDegree = kEtsMaxRootDegree;

// 1 / kRootRadius^k for k = 0..kMaxDegree, by the same repeated division roots_within does (so
// the rescaled coefficients are bit for bit the same); folded at compile time.
constexpr std::array<double, kMaxDegree + 1> kRootScales = [] {
  std::array<double, kMaxDegree + 1> s{};
  s[0] = 1.0;
  for (int k = 1; k <= kMaxDegree; ++k) s[k] = s[k - 1] / kRootRadius;
  return s;
}();

// The conditions of R's admissible() that need no roots. kRoots: they hold, and the seasonal
// root test written to `roots` decides.
enum class Admissible { kNo, kYes, kRoots };

Admissible admissible_without_roots(const EtsStructure& structure, const EtsSmoothing& p,
                                    EtsRootTest& roots) {
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
  roots.degree = m + 1;
  double* a = roots.a;
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
  ets_detail::SchurCohnStepDown<double> test(degree);
  double* a = test.coefficients();
  a[0] = 1.0;
  double scale = 1.0;
  for (int k = 1; k <= degree; ++k) {
    scale /= radius;
    a[k] = c[k - 1] * scale;
  }
  return test.finish();
}

bool ets_root_test_passes(const EtsRootTest& roots) {
  if (roots.degree == 0) return true;
  ets_detail::SchurCohnStepDown<double> test(roots.degree);
  std::copy(roots.a, roots.a + roots.degree + 1, test.coefficients());
  return test.finish();
}

bool ets_admissible(const EtsStructure& structure, const EtsSmoothing& p) {
  EtsRootTest roots;
  const Admissible verdict = admissible_without_roots(structure, p, roots);
  if (verdict != Admissible::kRoots) return verdict == Admissible::kYes;
  return ets_root_test_passes(roots);
}

bool ets_parameters_allowed_except_roots(const EtsStructure& structure, const EtsSmoothing& p,
                                         EtsBounds bounds, const EtsLimits& limits,
                                         EtsRootTest* roots) {
  roots->degree = 0;
  if (bounds != EtsBounds::kAdmissible && !usual_allowed(structure, p, limits)) return false;
  if (bounds == EtsBounds::kUsual) return true;
  return admissible_without_roots(structure, p, *roots) != Admissible::kNo;
}

bool ets_parameters_allowed(const EtsStructure& structure, const EtsSmoothing& p, EtsBounds bounds,
                            const EtsLimits& limits) {
  EtsRootTest roots;
  return ets_parameters_allowed_except_roots(structure, p, bounds, limits, &roots) &&
         ets_root_test_passes(roots);
}

}  // namespace harmcast::timeseries
