#include "models/regression/negbin.hpp"

#include <omp.h>

#include <boost/math/special_functions/digamma.hpp>
#include <boost/math/special_functions/trigamma.hpp>
#include <cfloat>
#include <cmath>
#include <map>

#include "engine/core/error.hpp"
#include "models/regression/glm_irls.hpp"
#include "models/regression/weighted_least_squares.hpp"

namespace harmcast {
namespace {

// The weighted distribution of the outcome's values: the terms of the score, information and
// likelihood that involve gamma functions of (theta + y) depend on y only through its value.
struct OutcomeValues {
  std::vector<double> value, weight;  // distinct values and the sum of weights at each
};

OutcomeValues tabulate(const Eigen::VectorXd& y, const Eigen::VectorXd& w) {
  OutcomeValues out;
  // Counts (whole numbers below a bound): tallied by value in an array.
  constexpr double kArrayBound = 1 << 16;
  const bool small_counts = (y.array() >= 0).all() && (y.array() < kArrayBound).all() &&
                            (y.array() == y.array().floor()).all();
  if (small_counts) {
    std::vector<double> by_value(static_cast<std::size_t>(y.maxCoeff()) + 1, 0.0);
    std::vector<char> seen(by_value.size(), 0);
    for (Eigen::Index i = 0; i < y.size(); ++i) {
      by_value[static_cast<std::size_t>(y(i))] += w(i);
      seen[static_cast<std::size_t>(y(i))] = 1;
    }
    for (std::size_t v = 0; v < by_value.size(); ++v)
      if (seen[v]) {
        out.value.push_back(static_cast<double>(v));
        out.weight.push_back(by_value[v]);
      }
    return out;
  }
  std::map<double, double> table;
  for (Eigen::Index i = 0; i < y.size(); ++i) table[y(i)] += w(i);
  for (const auto& [v, wt] : table) {
    out.value.push_back(v);
    out.weight.push_back(wt);
  }
  return out;
}

double digamma(double x) { return boost::math::digamma(x); }
double trigamma(double x) { return boost::math::trigamma(x); }

struct ThetaFunctions {
  const Eigen::VectorXd& y;
  const Eigen::VectorXd& mu;
  const Eigen::VectorXd& w;
  OutcomeValues values;

  double score(double th) const {
    double s = 0.0;
    const double dg = digamma(th);
    for (std::size_t k = 0; k < values.value.size(); ++k)
      s += values.weight[k] * (digamma(th + values.value[k]) - dg);
    const double log_th = std::log(th);
    return s + wls_detail::chunked_sum(y.size(), [&](Eigen::Index i) {
             return w(i) * (log_th + 1 - std::log(th + mu(i)) - (y(i) + th) / (mu(i) + th));
           });
  }
  double info(double th) const {
    double s = 0.0;
    const double tg = trigamma(th);
    for (std::size_t k = 0; k < values.value.size(); ++k)
      s += values.weight[k] * (-trigamma(th + values.value[k]) + tg);
    return s + wls_detail::chunked_sum(y.size(), [&](Eigen::Index i) {
             const double a = mu(i) + th;
             return w(i) * (-1 / th + 2 / a - (y(i) + th) / (a * a));
           });
  }
};

}  // namespace

double negbin_log_likelihood(const Eigen::VectorXd& y, const Eigen::VectorXd& mu,
                             const Eigen::VectorXd& w, double th) {
  const OutcomeValues values = tabulate(y, w);
  double s = 0.0;
  const double lg = std::lgamma(th);
  for (std::size_t k = 0; k < values.value.size(); ++k) {
    const double v = values.value[k];
    s += values.weight[k] * (std::lgamma(th + v) - lg - std::lgamma(v + 1));
  }
  const double th_log_th = th * std::log(th);
  return s + wls_detail::chunked_sum(y.size(), [&](Eigen::Index i) {
           const double yi = y(i);
           const double y_log_mu = yi == 0 ? 0.0 : yi * std::log(mu(i));  // R: y log(mu + (y == 0))
           return w(i) * (th_log_th + y_log_mu - (th + yi) * std::log(th + mu(i)));
         });
}

ThetaEstimate estimate_theta(const Eigen::VectorXd& y, const Eigen::VectorXd& mu,
                             const Eigen::VectorXd& w, int limit) {
  ThetaFunctions f{y, mu, w, tabulate(y, w)};
  const double n = w.sum();
  const double eps = std::pow(DBL_EPSILON, 0.25);
  double t0 = n / wls_detail::chunked_sum(y.size(), [&](Eigen::Index i) {
                const double r = y(i) / mu(i) - 1;
                return w(i) * r * r;
              });
  int it = 0;
  double del = 1, info = NAN;
  while (++it < limit && std::fabs(del) > eps) {
    t0 = std::fabs(t0);
    info = f.info(t0);
    del = f.score(t0) / info;
    t0 += del;
  }
  ThetaEstimate out;
  out.iterations = it;
  if (!std::isfinite(t0))
    throw Error("negative binomial", "the maximum likelihood estimate of theta is not finite",
                "the counts may show no overdispersion: fit a Poisson model instead");
  if (t0 < 0) {
    t0 = 0;
    out.warnings.push_back("theta estimate truncated at zero");
  }
  if (it == limit) out.warnings.push_back("theta.ml: iteration limit reached");
  out.theta = t0;
  out.se = std::sqrt(1 / info);
  return out;
}

void NegBinOptions::validate() const {
  GlmOptions g;
  g.family = GlmFamily::NegativeBinomial;
  g.link = link;
  g.epsilon = epsilon;
  g.max_iterations = max_iterations;
  g.rank_tolerance = rank_tolerance;
  g.confidence_level = confidence_level;
  g.threads = threads;
  g.validate();
  if (init_theta && !(*init_theta > 0))
    throw Error("NegBinOptions.init_theta", "must be positive when given");
}

NegBinResult fit_negbin(const Eigen::MatrixXd& x, const Eigen::VectorXd& y,
                        const NegBinOptions& options, const Eigen::VectorXd& weights,
                        const Eigen::VectorXd& offset, std::vector<std::string> names,
                        const std::vector<std::int32_t>& cluster, bool has_intercept) {
  options.validate();
  const Eigen::Index n = x.rows();
  if (n == 0) throw Error("negative binomial", "there are no rows to fit");
  const int saved_threads = omp_get_max_threads();
  if (options.threads > 0) omp_set_num_threads(options.threads);
  struct RestoreThreads {
    int n;
    ~RestoreThreads() { omp_set_num_threads(n); }
  } restore{saved_threads};
  if (names.empty())
    for (Eigen::Index j = 0; j < x.cols(); ++j) names.push_back("x" + std::to_string(j + 1));

  // Outcome checks shared with the GLM (negative counts, all zero, weights).
  GlmOptions glm_options;
  glm_options.family = GlmFamily::NegativeBinomial;
  glm_options.link = options.link;
  glm_options.epsilon = options.epsilon;
  glm_options.max_iterations = options.max_iterations;
  glm_options.rank_tolerance = options.rank_tolerance;
  glm_options.standard_errors = options.standard_errors;
  glm_options.confidence_level = options.confidence_level;
  const Eigen::VectorXd w = weights.size() ? weights : Eigen::VectorXd::Ones(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    if (!(w(i) >= 0)) throw Error("negative binomial", "negative weights not allowed");
    if (!std::isfinite(y(i)) || y(i) < 0)
      throw Error("negative binomial",
                  "the outcome is " + std::to_string(y(i)) + " at model row " +
                      std::to_string(i + 1) +
                      "; negative values are not allowed for the negative binomial family",
                  "counts must be zero or more");
  }
  if (((w.array() > 0) && (y.array() > 0)).count() == 0)
    throw Error("negative binomial",
                "the count outcome is 0 in every row used, so there is "
                "nothing to model");

  irls_detail::IrlsProblem problem;
  problem.x = &x;
  problem.y = &y;
  problem.weights = &w;
  problem.offset = &offset;
  problem.epsilon = options.epsilon;
  problem.max_iterations = options.max_iterations;
  problem.rank_tolerance = options.rank_tolerance;
  const wls_detail::SlotDesign design = wls_detail::make_slot_design(x);  // once for every IRLS
  problem.design = &design;

  std::vector<std::string> warnings;
  NegBinResult out;
  // 1. the initial fit: Poisson (or NB with init_theta) from family$initialize
  const FamilyFunctions start_family =
      options.init_theta
          ? FamilyFunctions(GlmFamily::NegativeBinomial, options.link, *options.init_theta)
          : FamilyFunctions(GlmFamily::Poisson, options.link);
  irls_detail::IrlsFit fit = irls_detail::run_irls(problem, start_family);
  for (auto& m : fit.warnings) warnings.push_back("initial fit: " + m);
  Eigen::VectorXd mu = fit.mu;
  double n_ok = 0;
  for (Eigen::Index i = 0; i < n; ++i) n_ok += w(i) != 0;
  const double df_residual = n_ok - fit.rank;
  ThetaEstimate th = estimate_theta(y, mu, w, options.max_iterations);
  double theta = th.theta;
  const double d1 = std::sqrt(2 * std::max(1.0, df_residual)), d2 = 1;
  double del = 1;
  double lm = negbin_log_likelihood(y, mu, w, theta);
  double lm0 = lm + 2 * d1;
  int iter = 0;
  FamilyFunctions family(GlmFamily::NegativeBinomial, options.link, std::max(theta, 1e-300));
  FamilyFunctions fit_family = start_family;
  Eigen::VectorXd eta(n);
  // 2. alternate beta | theta and theta | mu
  while (++iter <= options.max_iterations &&
         (std::fabs(lm0 - lm) / d1 + std::fabs(del) / d2) > options.epsilon) {
    for (Eigen::Index i = 0; i < n; ++i) eta(i) = family.linkfun(mu(i));
    problem.eta_start = &eta;
    fit = irls_detail::run_irls(problem, family);
    fit_family = family;
    const double t0 = theta;
    th = estimate_theta(y, mu, w, options.max_iterations);  // previous mu, as glm.nb
    theta = th.theta;
    if (!(theta > 0))
      throw Error("negative binomial", "the estimate of theta fell to zero",
                  "the data may not suit a negative binomial model");
    family = FamilyFunctions(GlmFamily::NegativeBinomial, options.link, theta);
    mu = fit.mu;
    del = t0 - theta;
    lm0 = lm;
    lm = negbin_log_likelihood(y, mu, w, theta);
  }
  out.theta_warnings = th.warnings;
  if (iter > options.max_iterations) out.theta_warnings.push_back("alternation limit reached");
  for (const auto& m : out.theta_warnings) warnings.push_back(m);

  // 3. the result: the last IRLS fit (its family's theta is the one before the last update)
  problem.eta_start = nullptr;
  GlmResult result =
      irls_detail::finish_glm(problem, fit_family, std::move(fit), glm_options, std::move(names),
                              cluster, has_intercept, false, std::move(warnings));
  out.theta = theta;
  out.theta_se = th.se;
  out.alternations = std::min(iter, options.max_iterations);
  out.two_log_likelihood = 2 * lm;
  result.log_likelihood = lm;
  result.aic = -2 * lm + 2 * result.rank + 2;
  result.bic = -2 * lm + std::log(n_ok) * (result.rank + 1);
  out.glm = std::move(result);
  return out;
}

NegBinResult fit_negbin(const ModelFrame& frame, const NegBinOptions& options) {
  if (frame.formula.is_survival())
    throw Error("negative binomial", "a Surv() response needs a survival model");
  if (!frame.formula.response)
    throw Error("negative binomial", "the formula has no response (left of ~)");
  if (frame.binomial_counts)
    throw Error("negative binomial", "a cbind(successes, failures) response needs family binomial");
  NegBinResult r = fit_negbin(frame.x, frame.response, options, frame.weights, frame.offset,
                              frame.column_names, frame.cluster, frame.has_intercept());
  r.glm.rows_dropped = frame.rows_dropped;
  r.glm.warnings.insert(r.glm.warnings.begin(), frame.warnings.begin(), frame.warnings.end());
  return r;
}

}  // namespace harmcast
