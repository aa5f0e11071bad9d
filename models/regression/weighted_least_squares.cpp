#include "models/regression/weighted_least_squares.hpp"

#include <cmath>
#include <limits>

namespace harmcast::wls_detail {

void weighted_cross_products(const Eigen::MatrixXd& x, const Eigen::VectorXd& w,
                             const Eigen::VectorXd& z, Eigen::MatrixXd& xtwx,
                             Eigen::VectorXd& xtwz) {
  const Eigen::Index n = x.rows(), p = x.cols();
  const bool with_z = z.size() > 0;
  const Eigen::Index chunks = (n + kChunkRows - 1) / kChunkRows;
  std::vector<Eigen::MatrixXd> part_xx(static_cast<std::size_t>(chunks));
  std::vector<Eigen::VectorXd> part_xz(static_cast<std::size_t>(chunks));
#pragma omp parallel
  {
    Eigen::MatrixXd block(kBlockRows, p);
    Eigen::VectorXd zb(kBlockRows);
#pragma omp for schedule(dynamic, 1)
    for (Eigen::Index c = 0; c < chunks; ++c) {
      Eigen::MatrixXd acc = Eigen::MatrixXd::Zero(p, p);
      Eigen::VectorXd accz = Eigen::VectorXd::Zero(p);
      const Eigen::Index end = std::min(n, (c + 1) * kChunkRows);
      for (Eigen::Index r0 = c * kChunkRows; r0 < end; r0 += kBlockRows) {
        const Eigen::Index len = std::min(kBlockRows, end - r0);
        Eigen::Index m = 0;  // rows with positive weight, packed
        for (Eigen::Index i = 0; i < len; ++i) {
          const double wi = w(r0 + i);
          if (!(wi > 0)) continue;
          const double s = std::sqrt(wi);
          for (Eigen::Index j = 0; j < p; ++j) block(m, j) = s * x(r0 + i, j);
          if (with_z) zb(m) = s * z(r0 + i);
          ++m;
        }
        if (m == 0) continue;
        const auto b = block.topRows(m);
        acc.selfadjointView<Eigen::Lower>().rankUpdate(b.transpose());
        if (with_z) accz.noalias() += b.transpose() * zb.head(m);
      }
      part_xx[static_cast<std::size_t>(c)] = std::move(acc);
      part_xz[static_cast<std::size_t>(c)] = std::move(accz);
    }
  }
  xtwx = Eigen::MatrixXd::Zero(p, p);
  xtwz = Eigen::VectorXd::Zero(p);
  for (Eigen::Index c = 0; c < chunks; ++c) {
    xtwx += part_xx[static_cast<std::size_t>(c)];
    xtwz += part_xz[static_cast<std::size_t>(c)];
  }
  xtwx.triangularView<Eigen::StrictlyUpper>() = xtwx.transpose();
}

void linear_predictor(const Eigen::MatrixXd& x, const Eigen::VectorXd& beta,
                      const Eigen::VectorXd& offset, Eigen::VectorXd& eta) {
  const Eigen::Index n = x.rows();
  const Eigen::VectorXd b = beta.unaryExpr([](double v) { return std::isnan(v) ? 0.0 : v; });
  eta.resize(n);
  const Eigen::Index chunks = (n + kChunkRows - 1) / kChunkRows;
#pragma omp parallel for schedule(dynamic, 1)
  for (Eigen::Index c = 0; c < chunks; ++c) {
    const Eigen::Index r0 = c * kChunkRows, len = std::min(n, r0 + kChunkRows) - r0;
    eta.segment(r0, len).noalias() = x.middleRows(r0, len) * b;
    if (offset.size() > 0) eta.segment(r0, len) += offset.segment(r0, len);
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
