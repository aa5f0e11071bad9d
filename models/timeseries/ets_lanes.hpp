#pragma once
// Lanes for the ETS recursion: one evaluation (double) or two side by side in the two halves of
// an SSE2 register (GCC/Clang vector extension; SSE2 is part of every x86-64, so no run-time
// dispatch is needed, and other targets lower it to scalar code). Each lane goes through the
// same IEEE operations in the same order as a double would, so a pair gives bit for bit the two
// scalar results; the gain is that two independent recursions overlap their dependency chains
// (the ETS recursion is bound by the latency of one step, not by the arithmetic).
// Internal to models/timeseries (ets_recursion.hpp).

#include <type_traits>

namespace harmcast::timeseries::ets_detail {

using Pair = double __attribute__((vector_size(16)));
using PairMask = long __attribute__((vector_size(16)));

template <class V>
constexpr int kLanes = sizeof(V) / sizeof(double);

// What a comparison of V gives: bool, or a lane mask (all bits set where true).
template <class V>
using MaskOf = std::conditional_t<kLanes<V> == 1, bool, PairMask>;

template <class V>
inline V splat(double x) {
  if constexpr (kLanes<V> == 1)
    return x;
  else
    return Pair{x, x};
}

inline double lane(double v, int) { return v; }
inline double lane(Pair v, int k) { return v[k]; }
inline void set_lane(double& v, int, double x) { v = x; }
inline void set_lane(Pair& v, int k, double x) { v[k] = x; }

inline double abs_lanes(double x) { return __builtin_fabs(x); }
inline Pair abs_lanes(Pair x) {  // clears the sign bits, as fabs does
  return reinterpret_cast<Pair>(reinterpret_cast<PairMask>(x) &
                                PairMask{0x7fffffffffffffffL, 0x7fffffffffffffffL});
}

// |x| < tolerance, written without fabs so it works lane by lane (the same answer for every x,
// NaN and signed zeros included).
inline bool near_zero(double x, double tolerance) { return x < tolerance && x > -tolerance; }
inline PairMask near_zero(Pair x, double tolerance) { return (x < tolerance) & (x > -tolerance); }

inline bool any_lane(bool c) { return c; }
inline bool any_lane(PairMask c) { return (c[0] | c[1]) != 0; }
inline bool all_lanes(bool c) { return c; }
inline bool all_lanes(PairMask c) { return (c[0] & c[1]) != 0; }

inline bool both(bool a, bool b) { return a && b; }
inline PairMask both(PairMask a, PairMask b) { return a & b; }

// frexp on a running product of positive values: `product` becomes its mantissa in [0.5, 1) and
// its binary exponent is added to `exponent`. False, changing nothing, when it cannot: one lane
// needs product > 0 and finite; two lanes (exponent field read from the bits, the same mantissa
// as frexp's) need positive normal numbers in both lanes.
template <class V>
using ExponentOf = std::conditional_t<kLanes<V> == 1, long, PairMask>;

inline bool take_exponent(double& product, long& exponent) {
  if (!(product > 0 && __builtin_isfinite(product))) return false;
  int e;
  product = __builtin_frexp(product, &e);
  exponent += e;
  return true;
}
inline bool take_exponent(Pair& product, PairMask& exponent) {
  const PairMask bits = reinterpret_cast<PairMask>(product);
  const PairMask field = (bits >> 52) & 0x7ff;  // the biased exponent
  if (!all_lanes((bits > 0) & (field > 0) & (field < 0x7ff))) return false;
  exponent += field - 1022;
  product = reinterpret_cast<Pair>((bits & ~(0x7ffL << 52)) | (1022L << 52));
  return true;
}
inline long exponent_lane(long exponent, int) { return exponent; }
inline long exponent_lane(PairMask exponent, int k) { return exponent[k]; }

// c ? a : b, lane by lane.
inline double choose(bool c, double a, double b) { return c ? a : b; }
inline Pair choose(PairMask c, Pair a, Pair b) { return c ? a : b; }

}  // namespace harmcast::timeseries::ets_detail
