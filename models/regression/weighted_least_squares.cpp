#include "models/regression/weighted_least_squares.hpp"

#include <immintrin.h>

#include <cmath>
#include <limits>

namespace harmcast::wls_detail {

namespace {

// C += A'A (lower triangle and a little above the diagonal) for A = len x q column-major with
// leading dimension ld; len and q multiples of 4. Register-blocked 4 x 2 tiles of dot products
// with AVX2 fused multiply-adds; used when the CPU has them (checked at run time), else Eigen.
__attribute__((target("avx2,fma"))) void gram_avx2(const double* a, Eigen::Index len,
                                                   Eigen::Index ld, Eigen::Index q, double* c) {
  for (Eigen::Index i0 = 0; i0 < q; i0 += 4) {
    for (Eigen::Index j0 = 0; j0 < i0 + 4; j0 += 2) {
      __m256d acc00 = _mm256_setzero_pd(), acc01 = _mm256_setzero_pd();
      __m256d acc10 = _mm256_setzero_pd(), acc11 = _mm256_setzero_pd();
      __m256d acc20 = _mm256_setzero_pd(), acc21 = _mm256_setzero_pd();
      __m256d acc30 = _mm256_setzero_pd(), acc31 = _mm256_setzero_pd();
      const double* a0 = a + i0 * ld;
      const double* a1 = a0 + ld;
      const double* a2 = a1 + ld;
      const double* a3 = a2 + ld;
      const double* b0 = a + j0 * ld;
      const double* b1 = b0 + ld;
      for (Eigen::Index r = 0; r < len; r += 4) {
        const __m256d vb0 = _mm256_loadu_pd(b0 + r), vb1 = _mm256_loadu_pd(b1 + r);
        __m256d va = _mm256_loadu_pd(a0 + r);
        acc00 = _mm256_fmadd_pd(va, vb0, acc00);
        acc01 = _mm256_fmadd_pd(va, vb1, acc01);
        va = _mm256_loadu_pd(a1 + r);
        acc10 = _mm256_fmadd_pd(va, vb0, acc10);
        acc11 = _mm256_fmadd_pd(va, vb1, acc11);
        va = _mm256_loadu_pd(a2 + r);
        acc20 = _mm256_fmadd_pd(va, vb0, acc20);
        acc21 = _mm256_fmadd_pd(va, vb1, acc21);
        va = _mm256_loadu_pd(a3 + r);
        acc30 = _mm256_fmadd_pd(va, vb0, acc30);
        acc31 = _mm256_fmadd_pd(va, vb1, acc31);
      }
      const __m256d accs[8] = {acc00, acc01, acc10, acc11, acc20, acc21, acc30, acc31};
      alignas(32) double lanes[4];
      for (int k = 0; k < 8; ++k) {
        _mm256_store_pd(lanes, accs[k]);
        const Eigen::Index i = i0 + k / 2, j = j0 + k % 2;
        c[j * q + i] += (lanes[0] + lanes[1]) + (lanes[2] + lanes[3]);
      }
    }
  }
}

bool cpu_has_avx2_fma() {
  static const bool has = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
  return has;
}

}  // namespace

void weighted_cross_products(const Eigen::MatrixXd& x, const Eigen::VectorXd& w,
                             const Eigen::VectorXd& z, Eigen::MatrixXd& xtwx,
                             Eigen::VectorXd& xtwz) {
  const Eigen::Index n = x.rows(), p = x.cols();
  const bool with_z = z.size() > 0;
  const Eigen::Index chunks = (n + kChunkRows - 1) / kChunkRows;
  // The block holds sqrt(w) X and, in column p, sqrt(w) z; padded with zero columns and rows to
  // multiples of 4 for the vector kernel, so its Gram matrix holds X'WX and z'WX together.
  const Eigen::Index q = (p + 1 + 3) / 4 * 4;
  const bool vector_kernel = cpu_has_avx2_fma();
  std::vector<Eigen::MatrixXd> part(static_cast<std::size_t>(chunks));
#pragma omp parallel if (chunks > 1)
  {
    Eigen::MatrixXd block = Eigen::MatrixXd::Zero(kBlockRows, q);
    Eigen::VectorXd sw(kBlockRows);
#pragma omp for schedule(dynamic, 1)
    for (Eigen::Index c = 0; c < chunks; ++c) {
      Eigen::MatrixXd acc = Eigen::MatrixXd::Zero(q, q);
      const Eigen::Index end = std::min(n, (c + 1) * kChunkRows);
      for (Eigen::Index r0 = c * kChunkRows; r0 < end; r0 += kBlockRows) {
        const Eigen::Index len = std::min(kBlockRows, end - r0);
        const Eigen::Index len4 = (len + 3) / 4 * 4;
        // sqrt(w) scaling column by column (contiguous in column-major x); zero weights give
        // zero rows, which add nothing.
        for (Eigen::Index i = 0; i < len; ++i) sw(i) = w(r0 + i) > 0 ? std::sqrt(w(r0 + i)) : 0.0;
        block.topLeftCorner(len, p).noalias() = sw.head(len).asDiagonal() * x.middleRows(r0, len);
        if (with_z)
          for (Eigen::Index i = 0; i < len; ++i) block(i, p) = sw(i) > 0 ? sw(i) * z(r0 + i) : 0.0;
        if (len4 > len) block.middleRows(len, len4 - len).setZero();
        if (vector_kernel) {
          gram_avx2(block.data(), len4, kBlockRows, q, acc.data());
        } else {
          acc.selfadjointView<Eigen::Lower>().rankUpdate(block.topRows(len4).transpose());
        }
      }
      part[static_cast<std::size_t>(c)] = std::move(acc);
    }
  }
  Eigen::MatrixXd total = Eigen::MatrixXd::Zero(q, q);
  for (Eigen::Index c = 0; c < chunks; ++c) total += part[static_cast<std::size_t>(c)];
  xtwx = total.topLeftCorner(p, p);
  xtwx.triangularView<Eigen::StrictlyUpper>() = xtwx.transpose();
  xtwz = with_z ? Eigen::VectorXd(total.row(p).head(p).transpose()) : Eigen::VectorXd::Zero(p);
}

void linear_predictor(const Eigen::MatrixXd& x, const Eigen::VectorXd& beta,
                      const Eigen::VectorXd& offset, Eigen::VectorXd& eta) {
  const Eigen::Index n = x.rows();
  const Eigen::VectorXd b = beta.unaryExpr([](double v) { return std::isnan(v) ? 0.0 : v; });
  eta.resize(n);
  const Eigen::Index chunks = (n + kChunkRows - 1) / kChunkRows;
#pragma omp parallel for schedule(dynamic, 1) if (chunks > 1)
  for (Eigen::Index c = 0; c < chunks; ++c) {
    const Eigen::Index r0 = c * kChunkRows, len = std::min(n, r0 + kChunkRows) - r0;
    eta.segment(r0, len).noalias() = x.middleRows(r0, len) * b;
    if (offset.size() > 0) eta.segment(r0, len) += offset.segment(r0, len);
  }
}

Eigen::VectorXd SlotDesign::to_slots(const Eigen::VectorXd& beta) const {
  Eigen::VectorXd out(static_cast<Eigen::Index>(column_of_slot.size()));
  for (std::size_t k = 0; k < column_of_slot.size(); ++k) {
    const double b = beta[column_of_slot[k]];
    out[static_cast<Eigen::Index>(k)] = std::isnan(b) ? 0.0 : b;
  }
  return out;
}

SlotDesign make_slot_design(const Eigen::MatrixXd& x) {
  const Eigen::Index n = x.rows(), p = x.cols();
  // 0/1 slot candidates from a look at the first rows (a column of ones, the intercept, stays
  // dense); the list building reads every value and says if a candidate was not 0/1 after all.
  const Eigen::Index head = std::min<Eigen::Index>(n, 512);
  std::vector<char> candidate(static_cast<std::size_t>(p), 0);
  for (Eigen::Index j = 0; j < p; ++j) {
    const auto top = x.col(j).head(head).array();
    candidate[static_cast<std::size_t>(j)] = ((top == 0) || (top == 1)).all() && (top == 0).any();
  }
  for (int attempt = 0;; ++attempt) {
    SlotDesign design;
    design.columns = p;
    std::vector<Eigen::Index> dense, ones;
    for (Eigen::Index j = 0; j < p; ++j)
      (candidate[static_cast<std::size_t>(j)] && ones.size() < 65535 ? ones : dense).push_back(j);
    if (!slot_detail::fill_one_slots(x, ones, {}, 0, design.rows) && attempt == 0) {
      for (const Eigen::Index j : ones)
        candidate[static_cast<std::size_t>(j)] =
            slot_detail::is_zero_one(x.col(j).data(), static_cast<std::size_t>(n));
      continue;
    }
    design.column_of_slot = dense;
    design.column_of_slot.insert(design.column_of_slot.end(), ones.begin(), ones.end());
    const auto d = static_cast<Eigen::Index>(dense.size());
    slot_detail::fill_dense_slots(x, dense, Eigen::VectorXd::Zero(d), Eigen::VectorXd::Ones(d), {},
                                  0, design.rows);
    return design;
  }
}

void slot_cross_products(const SlotDesign& design, const BlockWeights& weights,
                         Eigen::MatrixXd& xtwx, Eigen::VectorXd& xtwz) {
  const auto n = static_cast<Eigen::Index>(design.rows.rows());
  const auto q = static_cast<Eigen::Index>(design.column_of_slot.size());
  const Eigen::Index chunks = (n + kChunkRows - 1) / kChunkRows;
  std::vector<Eigen::MatrixXd> part_c(static_cast<std::size_t>(chunks));
  std::vector<Eigen::VectorXd> part_s(static_cast<std::size_t>(chunks));
#pragma omp parallel if (chunks > 1)
  {
    Eigen::VectorXd v(kBlockRows), g(kBlockRows);
#pragma omp for schedule(dynamic, 1)
    for (Eigen::Index c = 0; c < chunks; ++c) {
      Eigen::MatrixXd acc = Eigen::MatrixXd::Zero(q, q);  // row-major lower = column-major upper
      Eigen::VectorXd s = Eigen::VectorXd::Zero(q);
      const Eigen::Index end = std::min(n, (c + 1) * kChunkRows);
      for (Eigen::Index r0 = c * kChunkRows; r0 < end; r0 += kBlockRows) {
        const Eigen::Index len = std::min(kBlockRows, end - r0);
        weights(r0, len, v.data(), g.data());
        slot_detail::weighted_crossprod_slots(design.rows, static_cast<std::size_t>(r0),
                                              static_cast<std::size_t>(len), v.data(), g.data(),
                                              acc.data(), s.data());
      }
      part_c[static_cast<std::size_t>(c)] = std::move(acc);
      part_s[static_cast<std::size_t>(c)] = std::move(s);
    }
  }
  Eigen::MatrixXd total = Eigen::MatrixXd::Zero(q, q);
  Eigen::VectorXd total_s = Eigen::VectorXd::Zero(q);
  for (Eigen::Index c = 0; c < chunks; ++c) {
    total += part_c[static_cast<std::size_t>(c)];
    total_s += part_s[static_cast<std::size_t>(c)];
  }
  const Eigen::Index p = design.columns;
  xtwx.resize(p, p);
  xtwz.resize(p);
  for (Eigen::Index a = 0; a < q; ++a) {
    const Eigen::Index ca = design.column_of_slot[static_cast<std::size_t>(a)];
    xtwz(ca) = total_s(a);
    for (Eigen::Index b = 0; b <= a; ++b) {
      const Eigen::Index cb = design.column_of_slot[static_cast<std::size_t>(b)];
      xtwx(ca, cb) = xtwx(cb, ca) = total(b, a);  // column-major (b, a) = row-major (a, b)
    }
  }
}

AliasingCholesky::AliasingCholesky(const Eigen::MatrixXd& a, double tolerance) : p_(a.rows()) {
  aliased_.assign(static_cast<std::size_t>(p_), true);
  // Left-looking Cholesky of the Jacobi-scaled matrix in column order, skipping columns whose
  // pivot falls below the tolerance (they are linear combinations of earlier kept columns).
  Eigen::MatrixXd l = Eigen::MatrixXd::Zero(p_, p_);
  Eigen::VectorXd d = a.diagonal().cwiseMax(0.0).cwiseSqrt();
  for (Eigen::Index j = 0; j < p_; ++j) {
    if (!(d(j) > 0) || !std::isfinite(d(j))) continue;
    double v = 1.0;
    for (int k : kept_) v -= l(j, k) * l(j, k);
    if (!(v > tolerance)) continue;
    const double ljj = std::sqrt(v);
    l(j, j) = ljj;
    for (Eigen::Index i = j + 1; i < p_; ++i) {
      if (!(d(i) > 0)) continue;
      double s = a(i, j) / (d(i) * d(j));
      for (int k : kept_) s -= l(i, k) * l(j, k);
      l(i, j) = s / ljj;
    }
    kept_.push_back(static_cast<int>(j));
    aliased_[static_cast<std::size_t>(j)] = false;
  }
  const auto r = static_cast<Eigen::Index>(kept_.size());
  a_kept_.resize(r, r);
  scale_.resize(r);
  for (Eigen::Index i = 0; i < r; ++i) {
    scale_(i) = 1.0 / d(kept_[static_cast<std::size_t>(i)]);
    for (Eigen::Index j = 0; j < r; ++j)
      a_kept_(i, j) = a(kept_[static_cast<std::size_t>(i)], kept_[static_cast<std::size_t>(j)]);
  }
  llt_.compute(scale_.asDiagonal() * a_kept_ * scale_.asDiagonal());
}

Eigen::VectorXd AliasingCholesky::solve(const Eigen::VectorXd& b) const {
  const auto r = static_cast<Eigen::Index>(kept_.size());
  Eigen::VectorXd bk(r);
  for (Eigen::Index i = 0; i < r; ++i) bk(i) = b(kept_[static_cast<std::size_t>(i)]);
  auto solve_scaled = [&](const Eigen::VectorXd& rhs) -> Eigen::VectorXd {
    return scale_.asDiagonal() * llt_.solve(scale_.asDiagonal() * rhs);
  };
  Eigen::VectorXd xk = solve_scaled(bk);
  xk += solve_scaled(bk - a_kept_ * xk);  // one step of iterative refinement
  Eigen::VectorXd out = Eigen::VectorXd::Constant(p_, std::numeric_limits<double>::quiet_NaN());
  for (Eigen::Index i = 0; i < r; ++i) out(kept_[static_cast<std::size_t>(i)]) = xk(i);
  return out;
}

Eigen::MatrixXd AliasingCholesky::inverse() const {
  const auto r = static_cast<Eigen::Index>(kept_.size());
  const Eigen::MatrixXd inv_scaled = llt_.solve(Eigen::MatrixXd::Identity(r, r));
  const Eigen::MatrixXd inv = scale_.asDiagonal() * inv_scaled * scale_.asDiagonal();
  Eigen::MatrixXd out = Eigen::MatrixXd::Constant(p_, p_, std::numeric_limits<double>::quiet_NaN());
  for (Eigen::Index i = 0; i < r; ++i)
    for (Eigen::Index j = 0; j < r; ++j)
      out(kept_[static_cast<std::size_t>(i)], kept_[static_cast<std::size_t>(j)]) = inv(i, j);
  return out;
}

}  // namespace harmcast::wls_detail
