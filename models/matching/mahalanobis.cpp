// Mahalanobis-distance nearest-neighbour matching (see nearest_neighbour.hpp). Covariates are
// transformed by the inverse Cholesky factor of the pooled within-group covariance
// S = ((n1 - 1) S1 + (n0 - 1) S0) / (n - 2), so Euclidean distance on the transformed covariates
// is the Mahalanobis distance; then, as MatchIt's nn_matchC with mah_covs, each treated unit
// scans every eligible control (O(n_treated x n_control)).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "engine/core/error.hpp"
#include "models/matching/match_support.hpp"
#include "models/matching/nearest_neighbour.hpp"

namespace harmcast {

namespace {

constexpr const char* kWhere = "Mahalanobis matching";

Eigen::MatrixXd whiten(const Eigen::MatrixXd& x, std::span<const std::uint8_t> treat) {
  const Eigen::Index p = x.cols();
  Eigen::MatrixXd pooled = Eigen::MatrixXd::Zero(p, p);
  double df = 0.0;
  for (int group = 0; group <= 1; ++group) {
    std::vector<Eigen::Index> rows;
    for (Eigen::Index i = 0; i < x.rows(); ++i)
      if (treat[static_cast<std::size_t>(i)] == group) rows.push_back(i);
    if (rows.size() < 2) continue;
    Eigen::MatrixXd g(static_cast<Eigen::Index>(rows.size()), p);
    for (std::size_t r = 0; r < rows.size(); ++r)
      g.row(static_cast<Eigen::Index>(r)) = x.row(rows[r]);
    const Eigen::RowVectorXd mean = g.colwise().mean();
    g.rowwise() -= mean;
    pooled += g.transpose() * g;
    df += static_cast<double>(rows.size()) - 1.0;
  }
  if (df <= 0.0)
    throw Error(kWhere, "too few units to estimate the covariance of the covariates",
                "each group needs at least two units");
  pooled /= df;
  Eigen::LLT<Eigen::MatrixXd> llt(pooled);
  if (llt.info() != Eigen::Success || (llt.matrixL().toDenseMatrix().diagonal().array() <=
                                       1e-12 * std::max(1.0, pooled.diagonal().maxCoeff()))
                                          .any())
    throw Error(kWhere, "the pooled covariance of the matching covariates is singular",
                "drop constant or collinear covariates from the Mahalanobis formula");
  // rows z_i = L^-1 x_i, so |z_i - z_j|^2 = (x_i - x_j)' S^-1 (x_i - x_j)
  return llt.matrixL().solve(x.transpose()).transpose();
}

}  // namespace

MatchResult match_mahalanobis(const Eigen::MatrixXd& covariates,
                              std::span<const std::uint8_t> treat, const NearestOptions& options,
                              std::span<const std::int32_t> strata) {
  options.validate();
  if (options.caliper)
    throw Error(kWhere, "a caliper needs a propensity score distance",
                "drop the caliper, or match on the propensity score");
  if (options.pool_ties)
    throw Error(kWhere, "pooled ties need a propensity score distance",
                "match on the propensity score, or do not pool ties");
  if (options.order == MatchOrder::Largest || options.order == MatchOrder::Smallest)
    throw Error(kWhere,
                fmt::format("order '{}' needs a propensity score", to_string(options.order)),
                "use order data or random with Mahalanobis matching");
  if (static_cast<std::size_t>(covariates.rows()) != treat.size())
    throw Error(kWhere,
                fmt::format("{} covariate rows for {} units", covariates.rows(), treat.size()));
  MatchSetup setup = prepare_matching({}, treat, options, strata, kWhere);
  MatchResult result = start_result(setup, options);
  const Eigen::MatrixXd z = whiten(covariates, treat);
  const std::vector<std::size_t> order = treated_visit_order({}, result.treated_units, options);
  const int k = options.ratio;
  std::vector<std::uint8_t> used(treat.size(), 0);
  std::vector<std::int64_t> matrix(result.treated_units.size() * k, -1);
  std::vector<std::size_t> eligible;
  std::vector<double> gap;
  const int rounds = options.replace ? 1 : k;
  for (int round = 0; round < rounds; ++round) {
    for (std::size_t t : order) {
      const std::size_t unit = result.treated_units[t];
      eligible.clear();
      gap.clear();
      for (std::size_t c : setup.eligible_controls) {
        if (used[c] || setup.stratum[c] != setup.stratum[unit]) continue;
        eligible.push_back(c);
        gap.push_back(
            (z.row(static_cast<Eigen::Index>(c)) - z.row(static_cast<Eigen::Index>(unit))).norm());
      }
      if (eligible.empty()) continue;
      if (!options.replace) {
        const auto best = std::min_element(gap.begin(), gap.end()) - gap.begin();
        used[eligible[best]] = 1;
        matrix[t * k + round] = static_cast<std::int64_t>(eligible[best]);
      } else if (eligible.size() <= static_cast<std::size_t>(k)) {
        for (std::size_t j = 0; j < eligible.size(); ++j)
          matrix[t * k + j] = static_cast<std::int64_t>(eligible[j]);
      } else {
        std::vector<int> idx(eligible.size());
        std::iota(idx.begin(), idx.end(), 0);
        std::partial_sort(idx.begin(), idx.begin() + k, idx.end(),
                          [&](int a, int b) { return gap[a] < gap[b]; });
        for (int j = 0; j < k; ++j) matrix[t * k + j] = static_cast<std::int64_t>(eligible[idx[j]]);
      }
    }
  }
  store_match_matrix(result, matrix, k);
  finish_result(result, options, kWhere);
  return result;
}

}  // namespace harmcast
