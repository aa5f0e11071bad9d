#pragma once
// The linear algebra under IRLS (internal to models/regression).
//
// Cross-products X' diag(w) X and X' diag(w) z are accumulated over fixed blocks of rows: each
// block is scaled by sqrt(w) into a small cache-resident buffer (z as one more column) and its
// Gram matrix added with a register-blocked AVX2/FMA kernel when the CPU has one (checked at
// run time; the build is not compiled for AVX2), else Eigen's rank-k update; blocks are grouped into fixed chunks processed in
// parallel (OpenMP) and the chunk sums are added in chunk order, so the result does not depend
// on the number of threads. No n x p weighted copy of X is ever formed.
//
// The solve is a Cholesky factorisation of the Jacobi-scaled cross-product in the original
// column order; column j is aliased (dropped, as R's NA coefficient) when its squared residual
// norm after projection on the kept earlier columns is below `tolerance` times its squared norm.
#include <Eigen/Dense>
#include <vector>

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
