#include "models/matching/propensity_fit.hpp"

#include <omp.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "engine/core/error.hpp"
#include "engine/core/random.hpp"
#include "models/regression/glm_irls.hpp"
#include "models/regression/weighted_least_squares.hpp"

namespace harmcast {

namespace {

// The warm-started fit stops only when the relative deviance change is below epsilon times
// this. R's test (epsilon) stops as soon as the change is small, which from R's far start means
// the step before was already tiny (Newton converges quadratically), so its estimate is the MLE
// to ~1e-10; from a close start the same test can stop one step early, leaving coefficients
// 1e-5 off (seen on the 1M anchor cohort). The stricter test costs no extra iteration from the
// subsample's start and guarantees the same estimate as R's.
constexpr double kWarmEpsilonFactor = 1e-3;
// From the subsample's start Newton needs 3 iterations; more means the start was poor or the
// likelihood has no finite maximum (separation not caught below): then the cold fit decides.
constexpr int kMaxWarmIterations = 6;

// `count` of `rows` drawn without replacement (partial Fisher-Yates), returned in data order.
std::vector<Eigen::Index> draw(std::vector<Eigen::Index> rows, std::size_t count,
                               RandomStream& rng) {
  for (std::size_t i = 0; i < count; ++i) {
    const auto j = static_cast<std::size_t>(
        rng.uniform_int(static_cast<std::int64_t>(i), static_cast<std::int64_t>(rows.size() - 1)));
    std::swap(rows[i], rows[j]);
  }
  rows.resize(count);
  std::sort(rows.begin(), rows.end());
  return rows;
}

// True if a 0/1 column separates the groups: among its ones (or its zeros) there is no treated
// unit, or no control. The MLE then does not exist (the coefficient runs off to infinity) and
// the estimate is wherever the iterations stop, so only R's own path gives R's numbers. Columns
// are checked in parallel, each by one thread (no floating-point sums: exact counts).
bool separating_indicator(const ModelFrame& frame) {
  const Eigen::Index n = frame.rows(), p = frame.cols();
  std::size_t treated = 0;
  for (Eigen::Index i = 0; i < n; ++i) treated += frame.response(i) == 1.0;
  bool found = false;
#pragma omp parallel for schedule(dynamic, 1) reduction(|| : found)
  for (Eigen::Index j = 0; j < p; ++j) {
    if (frame.column_term[static_cast<std::size_t>(j)] < 0) continue;  // the intercept
    const double* x = frame.x.col(j).data();
    std::size_t ones = 0, treated_ones = 0;
    bool indicator = true;
    for (Eigen::Index i = 0; i < n && indicator; ++i) {
      indicator = x[i] == 0.0 || x[i] == 1.0;
      const bool one = x[i] == 1.0;
      ones += one;
      treated_ones += one && frame.response(i) == 1.0;
    }
    if (!indicator) continue;
    const std::size_t zeros = static_cast<std::size_t>(n) - ones;
    const std::size_t treated_zeros = treated - treated_ones;
    found = found || treated_ones == 0 || treated_ones == ones || treated_zeros == 0 ||
            treated_zeros == zeros;
  }
  return found;
}

// Coefficients of the case-control subsample fit, mapped to the full data's scale (see the
// header); empty if the subsample cannot give a start.
Eigen::VectorXd subsample_start(const ModelFrame& frame, const PropensityFitOptions& options,
                                PropensityFit& out) {
  const Eigen::Index n = frame.rows();
  std::vector<Eigen::Index> treated, controls;
  for (Eigen::Index i = 0; i < n; ++i) {
    const double y = frame.response(i);
    if (y != 0.0 && y != 1.0) return {};  // not 0/1: the cold fit reports it
    (y == 1.0 ? treated : controls).push_back(i);
  }
  const std::size_t m = options.warm_start_rows;
  const std::size_t s1 = std::min(treated.size(), m / 2);
  const std::size_t s0 = std::min(controls.size(), m - s1);
  if (s1 == 0 || s0 == 0) return {};
  const double f1 = static_cast<double>(s1) / static_cast<double>(treated.size());
  const double f0 = static_cast<double>(s0) / static_cast<double>(controls.size());
  RandomStream rng(options.seed, 0);
  std::vector<Eigen::Index> rows = draw(std::move(treated), s1, rng);
  const std::vector<Eigen::Index> picked = draw(std::move(controls), s0, rng);
  rows.insert(rows.end(), picked.begin(), picked.end());
  std::sort(rows.begin(), rows.end());

  const GlmLink link = options.glm.link.value_or(GlmLink::Logit);
  Eigen::Index intercept = -1;
  for (std::size_t j = 0; j < frame.column_term.size(); ++j)
    if (frame.column_term[j] < 0) intercept = static_cast<Eigen::Index>(j);
  const bool prior_correction = link == GlmLink::Logit && intercept >= 0;

  const auto k = static_cast<Eigen::Index>(rows.size());
  const Eigen::MatrixXd x = frame.x(rows, Eigen::all);
  Eigen::VectorXd y(k), w(k), offset(frame.offset.size() ? k : 0);
  for (Eigen::Index r = 0; r < k; ++r) {
    const Eigen::Index i = rows[static_cast<std::size_t>(r)];
    y(r) = frame.response(i);
    const double prior = frame.weights.size() ? frame.weights(i) : 1.0;
    w(r) = prior_correction ? prior : prior / (y(r) == 1.0 ? f1 : f0);
    if (offset.size()) offset(r) = frame.offset(i);
  }
  GlmOptions sub = options.glm;
  sub.standard_errors = GlmStandardErrors::Model;
  GlmResult fit;
  try {
    fit = fit_glm(x, y, sub, w, offset, frame.column_names, {}, frame.has_intercept());
  } catch (const Error&) {
    return {};  // e.g. no valid start on the subsample: the full data decides
  }
  if (fit.status != FitStatus::kConverged) return {};
  Eigen::VectorXd beta = fit.coefficients;
  for (Eigen::Index j = 0; j < beta.size(); ++j)
    if (!std::isfinite(beta(j))) beta(j) = 0.0;  // a column all zero in the subsample
  if (prior_correction) beta(intercept) -= std::log(f1 / f0);
  out.start_iterations = fit.iterations;
  out.start_rows = rows.size();
  return beta;
}

}  // namespace

PropensityFit fit_propensity_glm(const ModelFrame& frame, const PropensityFitOptions& options) {
  options.glm.validate();
  PropensityFit out;
  const double n = static_cast<double>(frame.rows());
  const bool large =
      options.warm_start_rows > 0 &&
      n >= options.warm_start_min_ratio * static_cast<double>(options.warm_start_rows);
  const bool logit = options.glm.link.value_or(GlmLink::Logit) == GlmLink::Logit;
  if (large && logit && !frame.binomial_counts && frame.cluster.empty() &&
      !separating_indicator(frame)) {
    const int saved_threads = omp_get_max_threads();
    if (options.glm.threads > 0) omp_set_num_threads(options.glm.threads);
    struct RestoreThreads {
      int n;
      ~RestoreThreads() { omp_set_num_threads(n); }
    } restore{saved_threads};

    PropensityFit warm;
    const Eigen::VectorXd beta = subsample_start(frame, options, warm);
    if (beta.size()) {
      const FamilyFunctions family(GlmFamily::Binomial, GlmLink::Logit);
      const Eigen::VectorXd weights =
          frame.weights.size() ? frame.weights : Eigen::VectorXd::Ones(frame.rows());
      Eigen::VectorXd eta;
      wls_detail::linear_predictor(frame.x, beta, frame.offset, eta);
      irls_detail::IrlsProblem problem;
      problem.x = &frame.x;
      problem.y = &frame.response;
      problem.weights = &weights;
      problem.offset = &frame.offset;
      problem.eta_start = &eta;
      problem.epsilon = options.glm.epsilon * kWarmEpsilonFactor;
      problem.max_iterations = std::min(options.glm.max_iterations, kMaxWarmIterations);
      problem.rank_tolerance = options.glm.rank_tolerance;
      try {
        irls_detail::IrlsFit fit = irls_detail::run_irls(problem, family);
        if (fit.converged && !fit.boundary) {
          warm.glm = irls_detail::finish_glm(problem, family, std::move(fit), options.glm,
                                             frame.column_names, frame.cluster,
                                             frame.has_intercept(), true, frame.warnings);
          warm.glm.rows_dropped = frame.rows_dropped;
          warm.warm_started = true;
          return warm;
        }
      } catch (const Error&) {
        // The cold fit below either succeeds or reports the problem as R would.
      }
    }
  }
  out.glm = fit_glm(frame, options.glm);
  return out;
}

}  // namespace harmcast
