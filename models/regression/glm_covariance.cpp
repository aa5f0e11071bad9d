// Covariance matrices of GLM coefficients: model-based and sandwich (see glm.hpp for formulas).
#include <cmath>
#include <limits>

#include "engine/core/error.hpp"
#include "models/regression/glm.hpp"
#include "models/regression/weighted_least_squares.hpp"

namespace harmcast {
namespace {

// Bread: (X'WX)^-1 with zeros in place of the NaN rows/columns of aliased coefficients.
Eigen::MatrixXd zero_filled(const Eigen::MatrixXd& m) {
  return m.unaryExpr([](double v) { return std::isnan(v) ? 0.0 : v; });
}

Eigen::MatrixXd with_aliased_nan(Eigen::MatrixXd v, const std::vector<bool>& aliased) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  for (std::size_t j = 0; j < aliased.size(); ++j)
    if (aliased[j]) {
      v.row(static_cast<Eigen::Index>(j)).setConstant(nan);
      v.col(static_cast<Eigen::Index>(j)).setConstant(nan);
    }
  return v;
}

}  // namespace

Eigen::MatrixXd glm_covariance(const GlmResult& fit, const Eigen::MatrixXd& x,
                               GlmStandardErrors type, const std::vector<std::int32_t>& cluster) {
  if (type == GlmStandardErrors::Model) return fit.dispersion * fit.cov_unscaled;
  const Eigen::Index n = x.rows(), p = x.cols();
  if (fit.working_weights.size() != n || fit.working_residuals.size() != n)
    throw InternalError("glm_covariance: x is not the design matrix of this fit");
  const Eigen::MatrixXd bread = zero_filled(fit.cov_unscaled);
  // Score contributions W_i r_i x_i (sandwich's estfun.glm; the dispersion cancels).
  Eigen::VectorXd wres = fit.working_weights.cwiseProduct(fit.working_residuals);
  for (Eigen::Index i = 0; i < n; ++i)
    if (!(fit.working_weights(i) > 0)) wres(i) = 0.0;
  const double k = fit.rank;
  Eigen::MatrixXd meat;
  Eigen::VectorXd unused;
  double adjust = 1.0;
  switch (type) {
    case GlmStandardErrors::HC0:
    case GlmStandardErrors::HC1: {
      wls_detail::weighted_cross_products(x, wres.cwiseAbs2(), Eigen::VectorXd(), meat, unused);
      if (type == GlmStandardErrors::HC1) adjust = static_cast<double>(n) / (n - k);
      break;
    }
    case GlmStandardErrors::HC3: {
      Eigen::VectorXd omega(n);
      const Eigen::Index chunks = (n + wls_detail::kChunkRows - 1) / wls_detail::kChunkRows;
#pragma omp parallel for schedule(dynamic, 1) if (chunks > 1)
      for (Eigen::Index c = 0; c < chunks; ++c) {
        const Eigen::Index r0 = c * wls_detail::kChunkRows;
        const Eigen::Index len = std::min(n, r0 + wls_detail::kChunkRows) - r0;
        const auto xb = x.middleRows(r0, len);
        const Eigen::MatrixXd t = xb * bread;
        for (Eigen::Index i = 0; i < len; ++i) {
          const double h = fit.working_weights(r0 + i) * t.row(i).dot(xb.row(i));
          const double one_minus_h = 1.0 - h;
          omega(r0 + i) = wres(r0 + i) * wres(r0 + i) / (one_minus_h * one_minus_h);
        }
      }
      wls_detail::weighted_cross_products(x, omega, Eigen::VectorXd(), meat, unused);
      break;
    }
    case GlmStandardErrors::Cluster: {
      if (cluster.size() != static_cast<std::size_t>(n))
        throw Error("glm", "cluster-robust standard errors need one cluster per model row");
      std::int32_t g = 0;
      for (auto c : cluster) g = std::max(g, c + 1);
      if (g < 2)
        throw Error("glm", "cluster-robust standard errors need at least 2 clusters, found " +
                               std::to_string(g));
      Eigen::MatrixXd sums = Eigen::MatrixXd::Zero(p, g);  // column per cluster: cache friendly
      for (Eigen::Index i = 0; i < n; ++i) {
        const double s = wres(i);
        if (s == 0.0) continue;
        sums.col(cluster[static_cast<std::size_t>(i)]) += s * x.row(i).transpose();
      }
      meat = sums * sums.transpose();
      adjust = static_cast<double>(g) / (g - 1);
      break;
    }
    case GlmStandardErrors::Model:
      break;
  }
  Eigen::MatrixXd v = adjust * (bread * meat.selfadjointView<Eigen::Lower>() * bread);
  if (type == GlmStandardErrors::Cluster) v = adjust * (bread * meat * bread);
  return with_aliased_nan(std::move(v), fit.aliased);
}

}  // namespace harmcast
