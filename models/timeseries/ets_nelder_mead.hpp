#pragma once
// Nelder-Mead simplex minimisation following R's optim(method = "Nelder-Mead") C routine
// (nmmin in R's src/appl/optim.c, after J.C. Nash, "Compact Numerical Methods for Computers",
// 2nd ed., 1990), step for step: the same initial simplex (step 0.1 max|x_i|, each vertex
// moved along one axis), reflection 1, contraction 0.5, expansion 2, shrink towards the best
// vertex, non-finite values replaced by 1e35, and the same stopping rule
//   f_high <= f_low + reltol (|f_start| + reltol)   or   f_low <= abstol   or
//   more than max_evaluations function evaluations.
// forecast::ets calls it with reltol = sqrt(machine epsilon), abstol = -Inf, 2000 evaluations;
// reproducing the path (not only the rule) makes the same fit come out when R stops at the
// evaluation limit, as it does for most seasonal models.
#include <functional>
#include <limits>
#include <vector>

namespace harmcast::timeseries {

struct NelderMeadOptions {
  double abstol = -std::numeric_limits<double>::infinity();  // stop when f_low <= abstol
  double reltol = 1.490116119384765625e-8;                   // sqrt(DBL_EPSILON)
  double reflection = 1.0, contraction = 0.5, expansion = 2.0;
  int max_evaluations = 2000;
};

struct NelderMeadResult {
  std::vector<double> x;
  double value = 0.0;
  int evaluations = 0;
  bool converged = false;      // met the tolerance (R's fail == 0)
  bool shrink_failed = false;  // R's fail == 10: a shrink did not reduce the simplex
  bool start_finite = true;    // false: the objective is not finite at the start (R errors)
};

// f(x, bound): the objective at x (n = start.size() values). When the exact value only matters
// if it is below `bound` (a trial point that would be rejected otherwise), f may return any
// value above `bound` instead; nmmin's comparisons then come out the same.
using NelderMeadObjective = std::function<double(const double* x, double bound)>;

// f at two points with one bound, for objectives that evaluate two points in about the time of
// one: sets *fx = f(x, bound) and either sets *fy = f(y, bound) and returns true, or returns
// false without evaluating y when *fx is not below `bound` (y is then evaluated by f if needed).
using NelderMeadPairObjective =
    std::function<bool(const double* x, const double* y, double bound, double* fx, double* fy)>;

// Minimises f from `start`. With `f_pair`, the path and the result are the same (f_pair must
// agree with f), but the simplex vertices are evaluated two at a time and each reflected point
// together with the point an inside contraction would try next (the most frequent next step:
// ~55% of the steps on the anchor series); an unused guess is not counted as an evaluation.
NelderMeadResult nelder_mead(const NelderMeadObjective& f, std::vector<double> start,
                             const NelderMeadOptions& options = {},
                             const NelderMeadPairObjective& f_pair = {});

}  // namespace harmcast::timeseries
