#pragma once
// The linear algebra under IRLS (internal to models/regression).
//
// Cross-products X' diag(w) X and X' diag(w) z are accumulated over fixed blocks of rows: each
// block is scaled by sqrt(w) into a small cache-resident buffer (z as one more column) and its
// Gram matrix added with a register-blocked AVX2/FMA kernel when the CPU has one (checked at
// run time; the build is not compiled for AVX2), else Eigen's rank-k update; blocks are grouped
// into fixed chunks processed in parallel (OpenMP) and the chunk sums are added in chunk order, so
// the result does not depend on the number of threads. No n x p weighted copy of X is ever formed.
//
// IRLS itself runs on the slot form of the design (slot_rows.hpp): dense columns row-major, 0/1
// columns (factor dummies, flags) as lists of the ones in each row, built once per fit. Its
// cross-products take the weights block by block from a callback, so W and z are never stored
// as full vectors and X is read once per cross-product.
//
// The solve is a Cholesky factorisation of the Jacobi-scaled cross-product in the original
// column order; column j is aliased (dropped, as R's NA coefficient) when its squared residual
// norm after projection on the kept earlier columns is below `tolerance` times its squared norm.
#include <Eigen/Dense>
#include <functional>
#include <vector>

#include "models/regression/slot_rows.hpp"

namespace harmcast::wls_detail {

constexpr Eigen::Index kChunkRows = 32768;  // rows per parallel task (fixed: reproducibility)
constexpr Eigen::Index kBlockRows = 1024;   // rows per cache block inside a task
// Below this many rows, elementwise loops run on one thread (thread start-up costs more).
constexpr Eigen::Index kParallelRows = 20000;

// xtwx (lower triangle filled, then symmetrised) and xtwz; w must be >= 0; rows with w == 0
// are skipped. `z` may be empty (then xtwz is not computed).
void weighted_cross_products(const Eigen::MatrixXd& x, const Eigen::VectorXd& w,
                             const Eigen::VectorXd& z, Eigen::MatrixXd& xtwx,
                             Eigen::VectorXd& xtwz);

// eta = x * beta (+ offset if not empty), in parallel over row chunks. NaN entries of beta
// (aliased) count as zero.
void linear_predictor(const Eigen::MatrixXd& x, const Eigen::VectorXd& beta,
                      const Eigen::VectorXd& offset, Eigen::VectorXd& eta);

// The design in slot form with the design column of each slot.
struct SlotDesign {
  slot_detail::SlotRows rows;
  std::vector<Eigen::Index> column_of_slot;
  Eigen::Index columns = 0;
  // beta (design column order; NaN counts as zero) in slot order.
  Eigen::VectorXd to_slots(const Eigen::VectorXd& beta) const;
};
// 0/1 columns that are not constant become 0/1 slots, the others dense slots.
SlotDesign make_slot_design(const Eigen::MatrixXd& x);

// Fills v[0..len) = W and g[0..len) = W z for the rows [begin, begin + len).
using BlockWeights =
    std::function<void(Eigen::Index begin, Eigen::Index len, double* v, double* g)>;

// xtwx = X'WX (full, column order) and xtwz = X'Wz with W and Wz from `weights`, over row chunks
// in parallel, summed in chunk order.
void slot_cross_products(const SlotDesign& design, const BlockWeights& weights,
                         Eigen::MatrixXd& xtwx, Eigen::VectorXd& xtwz);

// Sum of f(i) over i < n, chunked as above so the order of additions is fixed.
template <class F>
double chunked_sum(Eigen::Index n, F f) {
  const Eigen::Index chunks = (n + kChunkRows - 1) / kChunkRows;
  std::vector<double> partial(static_cast<std::size_t>(chunks), 0.0);
#pragma omp parallel for schedule(dynamic, 1) if (chunks > 1)
  for (Eigen::Index c = 0; c < chunks; ++c) {
    double s = 0.0;
    const Eigen::Index end = std::min(n, (c + 1) * kChunkRows);
    for (Eigen::Index i = c * kChunkRows; i < end; ++i) s += f(i);
    partial[static_cast<std::size_t>(c)] = s;
  }
  double total = 0.0;
  for (double s : partial) total += s;
  return total;
}

class AliasingCholesky {
 public:
  // Factorises the symmetric positive semi-definite `a` (p x p).
  AliasingCholesky(const Eigen::MatrixXd& a, double tolerance);

  int rank() const { return static_cast<int>(kept_.size()); }
  const std::vector<bool>& aliased() const { return aliased_; }
  const std::vector<int>& kept() const { return kept_; }
  // Solves a beta = b on the kept columns (one step of iterative refinement); aliased -> NaN.
  Eigen::VectorXd solve(const Eigen::VectorXd& b) const;
  // a^-1 on the kept columns, NaN rows/columns for aliased ones (p x p).
  Eigen::MatrixXd inverse() const;

 private:
  Eigen::MatrixXd a_kept_;           // a restricted to the kept columns
  Eigen::VectorXd scale_;            // 1/sqrt(diag) of a_kept_
  Eigen::LLT<Eigen::MatrixXd> llt_;  // of the scaled a_kept_
  std::vector<bool> aliased_;
  std::vector<int> kept_;
  Eigen::Index p_ = 0;
};

}  // namespace harmcast::wls_detail
