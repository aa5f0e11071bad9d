#pragma once
// The parameter space of the ETS estimation, as R's forecast 8.20 (etsTargetFunction.cpp
// check_params / admissible): "usual" bounds lower <= alpha <= upper, lower <= beta <= alpha,
// lower <= gamma <= 1 - alpha, lower <= phi <= upper; "admissible" the region where the
// model is forecastable (Hyndman, Akram & Archibald 2008, "The admissible parameter space for
// exponential smoothing models", Ann. Inst. Stat. Math. 60(2), 407-426): closed-form tests and,
// for seasonal models, all roots of
//   z^{m+1} + (a+b-phi) z^m + (a+b-a phi) (z^{m-1} + ... + z^2) + (a+b-a phi+g-1) z
//     + phi (1-a-g)
// within 1 + 1e-10 of the unit disc (R uses cpolyroot; here a Schur-Cohn test on the polynomial
// rescaled by 1 + 1e-10, which decides the same question in O(m^2) without computing roots).
#include <array>
#include <string>
#include <string_view>

#include "models/timeseries/ets_core.hpp"
#include "models/timeseries/ets_root_test.hpp"

namespace harmcast::timeseries {

enum class EtsBounds { kBoth, kUsual, kAdmissible };
std::string to_string(EtsBounds bounds);  // "both", "usual", "admissible"
EtsBounds ets_bounds_from_string(std::string_view text);

// Lower / upper limits of (alpha, beta, gamma, phi), R's defaults.
struct EtsLimits {
  std::array<double, 4> lower = {1e-4, 1e-4, 1e-4, 0.8};
  std::array<double, 4> upper = {0.9999, 0.9999, 0.9999, 0.98};
};

// True when the smoothing parameters of `structure` lie in the space `bounds`.
bool ets_parameters_allowed(const EtsStructure& structure, const EtsSmoothing& p, EtsBounds bounds,
                            const EtsLimits& limits);

// ets_parameters_allowed without running the seasonal root test: false when another condition
// fails; otherwise true, with the root test still to pass in *roots (degree 0: none), which
// ets_objective can run inside its recursion (ets_root_test.hpp).
bool ets_parameters_allowed_except_roots(const EtsStructure& structure, const EtsSmoothing& p,
                                         EtsBounds bounds, const EtsLimits& limits,
                                         EtsRootTest* roots);

bool ets_root_test_passes(const EtsRootTest& roots);

// The admissible region alone.
bool ets_admissible(const EtsStructure& structure, const EtsSmoothing& p);

// Whether all roots of the monic polynomial z^d + c[0] z^{d-1} + ... + c[d-1] lie in the closed
// disc of radius `radius` (Schur-Cohn-Jury step-down; d <= 31).
bool roots_within(const double* c, int degree, double radius);

}  // namespace harmcast::timeseries
