// The O(n p^2) kernels of the GLM and Cox fits: C += sum_i v_i x_i x_i' (lower triangle) and
// s += sum_i g_i x_i over a block of rows stored row-major (one read of the rows for both). Plain
// loops, compiled twice: once for AVX2+FMA (chosen at run time when the CPU has it) and once for
// the baseline target, so the library still runs on any x86-64. Four rows per sweep keep C's
// traffic through the cache at a quarter. The slot version runs the dense columns through it
// and adds the 0/1 columns of each row by their positions.
#include <vector>

#include "models/regression/slot_rows.hpp"

namespace harmcast::slot_detail {
namespace {

// Inlined into both entry points below; each is compiled for its own target.
inline __attribute__((always_inline)) void crossprod_body(const double* x, const double* v,
                                                          const double* g, std::size_t rows,
                                                          std::size_t q, std::size_t ldc, double* c,
                                                          double* s) {
  std::size_t i = 0;
  for (; i + 4 <= rows; i += 4) {
    const double* x0 = x + i * q;
    const double* x1 = x0 + q;
    const double* x2 = x1 + q;
    const double* x3 = x2 + q;
    for (std::size_t b = 0; b < q; ++b)
      s[b] += g[i] * x0[b] + g[i + 1] * x1[b] + g[i + 2] * x2[b] + g[i + 3] * x3[b];
    for (std::size_t a = 0; a < q; ++a) {
      const double t0 = v[i] * x0[a], t1 = v[i + 1] * x1[a], t2 = v[i + 2] * x2[a],
                   t3 = v[i + 3] * x3[a];
      double* ca = c + a * ldc;
      for (std::size_t b = 0; b <= a; ++b)
        ca[b] += t0 * x0[b] + t1 * x1[b] + t2 * x2[b] + t3 * x3[b];
    }
  }
  for (; i < rows; ++i) {
    const double* xi = x + i * q;
    for (std::size_t b = 0; b < q; ++b) s[b] += g[i] * xi[b];
    for (std::size_t a = 0; a < q; ++a) {
      const double t = v[i] * xi[a];
      double* ca = c + a * ldc;
      for (std::size_t b = 0; b <= a; ++b) ca[b] += t * xi[b];
    }
  }
}

__attribute__((target("avx2,fma"))) void crossprod_avx2(const double* x, const double* v,
                                                        const double* g, std::size_t rows,
                                                        std::size_t q, std::size_t ldc, double* c,
                                                        double* s) {
  crossprod_body(x, v, g, rows, q, ldc, c, s);
}

void crossprod_baseline(const double* x, const double* v, const double* g, std::size_t rows,
                        std::size_t q, std::size_t ldc, double* c, double* s) {
  crossprod_body(x, v, g, rows, q, ldc, c, s);
}

// The 0/1 slots of each row: slot k = d + one[a] meets the dense slots (v x_d) and the earlier
// ones (v). Scattered adds; restrict lets the compiler keep v x_d in registers.
inline __attribute__((always_inline)) void ones_body(
    const double* __restrict dense, const std::uint16_t* __restrict ones,
    const std::size_t* __restrict row_begin, const double* __restrict v, const double* __restrict g,
    std::size_t rows, std::size_t d, std::size_t q, double* __restrict c, double* __restrict s) {
  for (std::size_t r = 0; r < rows; ++r) {
    const std::uint16_t* one = ones + row_begin[r];
    const std::size_t m = row_begin[r + 1] - row_begin[r];
    const double* xd = dense + r * d;
    const double vr = v[r];
    for (std::size_t a = 0; a < m; ++a) {
      const std::size_t k = d + one[a];
      s[k] += g[r];
      double* ck = c + k * q;
      for (std::size_t j = 0; j < d; ++j) ck[j] += vr * xd[j];
      for (std::size_t b = 0; b <= a; ++b) ck[d + one[b]] += vr;
    }
  }
}

__attribute__((target("avx2,fma"))) void ones_avx2(const double* dense, const std::uint16_t* ones,
                                                   const std::size_t* row_begin, const double* v,
                                                   const double* g, std::size_t rows, std::size_t d,
                                                   std::size_t q, double* c, double* s) {
  ones_body(dense, ones, row_begin, v, g, rows, d, q, c, s);
}

void ones_baseline(const double* dense, const std::uint16_t* ones, const std::size_t* row_begin,
                   const double* v, const double* g, std::size_t rows, std::size_t d, std::size_t q,
                   double* c, double* s) {
  ones_body(dense, ones, row_begin, v, g, rows, d, q, c, s);
}

bool cpu_has_avx2() {
  static const bool has = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
  return has;
}

}  // namespace

void weighted_crossprod_lower(const double* x, const double* v, const double* g, std::size_t rows,
                              std::size_t q, std::size_t ldc, double* c, double* s) {
  if (cpu_has_avx2())
    crossprod_avx2(x, v, g, rows, q, ldc, c, s);
  else
    crossprod_baseline(x, v, g, rows, q, ldc, c, s);
}

void weighted_crossprod_slots(const SlotRows& data, std::size_t begin, std::size_t rows,
                              const double* v, const double* g, double* c, double* s) {
  const std::size_t d = data.dense_cols(), q = data.slots();
  if (d > 0) weighted_crossprod_lower(data.dense.data() + begin * d, v, g, rows, d, q, c, s);
  if (q == d) return;
  const std::size_t* row_begin = data.ones_begin.data() + begin;
  const double* dense = data.dense.data() + begin * d;
  if (cpu_has_avx2())
    ones_avx2(dense, data.ones.data(), row_begin, v, g, rows, d, q, c, s);
  else
    ones_baseline(dense, data.ones.data(), row_begin, v, g, rows, d, q, c, s);
}

}  // namespace harmcast::slot_detail
