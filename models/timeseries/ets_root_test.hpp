#pragma once
// The seasonal root test of the ETS admissible region (ets_admissible.hpp) as a value that can be
// run later, one Schur-Cohn step at a time: the optimiser runs it inside the recursion loop
// (ets_recursion.hpp), where its chain of divisions overlaps the recursion's own dependency chain
// instead of adding to it (it passes on 99.6% of the anchor series' evaluations, so computing
// the recursion before knowing the answer wastes little).
#include "models/timeseries/ets_lanes.hpp"

namespace harmcast::timeseries {

constexpr int kEtsMaxRootDegree = 31;

// All roots of a[0] z^d + ... + a[d] in the open unit disc? (a[0] = 1; the coefficients are
// already rescaled so that this means "within 1 + 1e-10"). degree 0: nothing to test (passes).
struct EtsRootTest {
  int degree = 0;
  double a[kEtsMaxRootDegree + 1];
};

namespace ets_detail {

// The Schur-Cohn step-down on one polynomial per lane (all of the same degree). Step:
// a_0 p(z) - a_d p*(z) = z q(z) keeps the roots inside iff |a_d| < |a_0|. The new coefficients
// a_i - k a_{d-i} are updated in place two at a time (i and d - i read each other's old value),
// the same arithmetic as a copy into a second array. A lane that fails stays failed (its later
// steps compute nothing that is used).
// (A division-free variant, rescaling by powers of two, ran 10% faster overall but decided
// a near-boundary point differently from R on one anchor series in 200; this one agrees.)
template <class V>
class SchurCohnStepDown {
 public:
  explicit SchurCohnStepDown(int degree) : d_(degree) {}
  V* coefficients() { return a_; }

  bool done() const { return d_ < 1 || !any_lane(inside_); }
  void step() {
    if (d_ < 1) return;
    const int d = d_--;
    const V k = a_[d] / a_[0];
    inside_ = both(inside_, abs_lanes(k) < 1.0);
    const V head = a_[0] - k * a_[d];
    int i = 1, j = d - 1;
    for (; i < j; ++i, --j) {
      const V ai = a_[i], aj = a_[j];
      a_[i] = ai - k * aj;
      a_[j] = aj - k * ai;
    }
    if (i == j) a_[i] = a_[i] - k * a_[i];
    a_[0] = head;
  }
  // Runs the remaining steps; true in the lanes whose roots are all inside.
  MaskOf<V> finish() {
    while (!done()) step();
    return inside_;
  }

 private:
  V a_[kEtsMaxRootDegree + 1];
  int d_;
  MaskOf<V> inside_ = splat<V>(1.0) > 0.0;  // true in every lane
};

// No test (the recursion's default side task).
struct NoRootTest {
  void step() {}
};

}  // namespace ets_detail
}  // namespace harmcast::timeseries
