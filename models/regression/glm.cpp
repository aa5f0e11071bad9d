#include "models/regression/glm.hpp"

#include <omp.h>

#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/students_t.hpp>
#include <cfloat>
#include <cmath>
#include <limits>

#include "engine/core/error.hpp"
#include "models/regression/glm_irls.hpp"

namespace harmcast {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// R's family$initialize checks, and ours for outcomes that leave nothing to estimate.
void check_outcome(GlmFamily family, GlmLink link, const Eigen::VectorXd& y,
                   const Eigen::VectorXd& w, const Eigen::VectorXd* trials,
                   std::vector<std::string>& warnings) {
  const Eigen::Index n = y.size();
  for (Eigen::Index i = 0; i < n; ++i)
    if (!std::isfinite(y(i)))
      throw Error("glm", "the outcome is not finite at model row " + std::to_string(i + 1));
  const std::string fam = to_string(family);
  double wmin = INFINITY, wmax = -INFINITY;
  bool any_positive_weight = false;
  for (Eigen::Index i = 0; i < n; ++i) {
    if (!(w(i) > 0)) continue;
    any_positive_weight = true;
    wmin = std::min(wmin, y(i));
    wmax = std::max(wmax, y(i));
  }
  if (!any_positive_weight)
    throw Error("glm", "every row has zero weight", "give some rows a positive weight");
  switch (family) {
    case GlmFamily::Binomial: {
      bool non_integer = false;
      for (Eigen::Index i = 0; i < n; ++i) {
        if (w(i) == 0) continue;
        if (y(i) < 0 || y(i) > 1)
          throw Error("glm",
                      "binomial outcome is " + std::to_string(y(i)) + " at model row " +
                          std::to_string(i + 1) + "; y values must be 0 <= y <= 1",
                      "code the outcome 0/1 (or as a proportion with the number of trials as "
                      "weights)");
        const double m = (trials ? (*trials)(i) : w(i)) * y(i);
        if (std::fabs(m - std::round(m)) > 1e-3) non_integer = true;
      }
      if (non_integer) warnings.push_back("non-integer #successes in a binomial glm!");
      if (wmax == 0 || wmin == 1)
        throw Error("glm",
                    std::string("the binomial outcome is ") + (wmax == 0 ? "0" : "1") +
                        " in every row used, so there is nothing to model (the estimates would "
                        "be infinite)",
                    "check the outcome column and any filters");
      break;
    }
    case GlmFamily::Poisson:
    case GlmFamily::NegativeBinomial:
      for (Eigen::Index i = 0; i < n; ++i)
        if (y(i) < 0)
          throw Error("glm",
                      "the outcome is negative (" + std::to_string(y(i)) + ") at model row " +
                          std::to_string(i + 1) + "; negative values are not allowed for the " +
                          (family == GlmFamily::Poisson ? "poisson" : "negative binomial") +
                          " family",
                      "counts must be zero or more");
      if (wmax == 0)
        throw Error("glm",
                    "the count outcome is 0 in every row used, so there is nothing to "
                    "model (the estimates would be -infinite)",
                    "check the outcome column and any filters");
      break;
    case GlmFamily::Gaussian:
      if (wmin == wmax)
        throw Error("glm",
                    "the outcome is " + std::to_string(wmin) +
                        " in every row used, so there is nothing to model",
                    "check the outcome column and any filters");
      if (link == GlmLink::Log && wmin <= 0)
        throw Error("glm", "cannot find valid starting values: the log link needs y > 0",
                    "use the identity link or a positive outcome");
      break;
  }
  (void)fam;
}

double normal_quantile(double p) { return boost::math::quantile(boost::math::normal(), p); }

}  // namespace

std::string to_string(GlmStandardErrors type) {
  switch (type) {
    case GlmStandardErrors::Model:
      return "model";
    case GlmStandardErrors::HC0:
      return "hc0";
    case GlmStandardErrors::HC1:
      return "hc1";
    case GlmStandardErrors::HC3:
      return "hc3";
    case GlmStandardErrors::Cluster:
      return "cluster";
  }
  return "?";
}

GlmStandardErrors parse_glm_standard_errors(const std::string& text) {
  for (auto t : {GlmStandardErrors::Model, GlmStandardErrors::HC0, GlmStandardErrors::HC1,
                 GlmStandardErrors::HC3, GlmStandardErrors::Cluster})
    if (to_string(t) == text) return t;
  throw Error("standard errors", "unknown type '" + text + "'",
              "choose one of model, hc0, hc1, hc3, cluster");
}

void GlmOptions::validate() const {
  auto bad = [](const std::string& field, const std::string& rule) {
    throw Error("GlmOptions." + field, rule);
  };
  if (!(epsilon > 0 && epsilon < 1))
    bad("epsilon", "must be in (0, 1), got " + std::to_string(epsilon));
  if (max_iterations < 1) bad("max_iterations", "must be at least 1");
  if (!(rank_tolerance > 0 && rank_tolerance < 1)) bad("rank_tolerance", "must be in (0, 1)");
  if (!(confidence_level > 0 && confidence_level < 1)) bad("confidence_level", "must be in (0, 1)");
  if (threads < 0) bad("threads", "must be 0 (default) or positive");
  if (!(theta > 0) || !std::isfinite(theta)) bad("theta", "must be positive and finite");
  check_family_link(family, link.value_or(canonical_link(family)));
}

namespace {

// fit_glm on a design matrix; `trials`: s + f of a cbind(s, f) response (else null).
GlmResult fit_design(const Eigen::MatrixXd& x, const Eigen::VectorXd& y, const GlmOptions& options,
                     const Eigen::VectorXd& weights_in, const Eigen::VectorXd& offset,
                     std::vector<std::string> names, const std::vector<std::int32_t>& cluster,
                     bool has_intercept, const Eigen::VectorXd* trials) {
  options.validate();
  const Eigen::Index n = x.rows(), p = x.cols();
  if (n == 0) throw Error("glm", "there are no rows to fit", "check the data and any filters");
  if (y.size() != n || (weights_in.size() && weights_in.size() != n) ||
      (offset.size() && offset.size() != n))
    throw InternalError("fit_glm: y, weights and offset must have one entry per row of x");
  if (options.standard_errors == GlmStandardErrors::Cluster && cluster.size() != std::size_t(n))
    throw Error("glm", "cluster-robust standard errors need a cluster column",
                "name one (--cluster COLUMN)");
  const int saved_threads = omp_get_max_threads();
  if (options.threads > 0) omp_set_num_threads(options.threads);
  struct RestoreThreads {
    int n;
    ~RestoreThreads() { omp_set_num_threads(n); }
  } restore{saved_threads};

  GlmResult r;
  r.family = options.family;
  r.link = options.link.value_or(canonical_link(options.family));
  if (names.empty())
    for (Eigen::Index j = 0; j < p; ++j) names.push_back("x" + std::to_string(j + 1));
  r.names = std::move(names);
  const Eigen::VectorXd w = weights_in.size() ? weights_in : Eigen::VectorXd::Ones(n);
  for (Eigen::Index i = 0; i < n; ++i)
    if (!(w(i) >= 0) || !std::isfinite(w(i)))
      throw Error(
          "glm",
          "prior weight at model row " + std::to_string(i + 1) + " is negative or not finite",
          "weights must be zero or positive");
  check_outcome(r.family, r.link, y, w, trials, r.warnings);
  const FamilyFunctions family(r.family, r.link, options.theta);

  irls_detail::IrlsProblem problem;
  problem.x = &x;
  problem.y = &y;
  problem.weights = &w;
  problem.offset = &offset;
  problem.epsilon = options.epsilon;
  problem.max_iterations = options.max_iterations;
  problem.rank_tolerance = options.rank_tolerance;
  problem.trials = trials;
  irls_detail::IrlsFit fit = irls_detail::run_irls(problem, family);
  return irls_detail::finish_glm(problem, family, std::move(fit), options, std::move(r.names),
                                 cluster, has_intercept, true, std::move(r.warnings));
}

}  // namespace

GlmResult fit_glm(const Eigen::MatrixXd& x, const Eigen::VectorXd& y, const GlmOptions& options,
                  const Eigen::VectorXd& weights, const Eigen::VectorXd& offset,
                  std::vector<std::string> names, const std::vector<std::int32_t>& cluster,
                  bool has_intercept) {
  return fit_design(x, y, options, weights, offset, std::move(names), cluster, has_intercept,
                    nullptr);
}

namespace irls_detail {

GlmResult finish_glm(const IrlsProblem& problem, const FamilyFunctions& family, IrlsFit fit,
                     const GlmOptions& options, std::vector<std::string> names,
                     const std::vector<std::int32_t>& cluster, bool has_intercept,
                     bool null_from_fitted, std::vector<std::string> warnings) {
  const Eigen::MatrixXd& x = *problem.x;
  const Eigen::VectorXd& y = *problem.y;
  const Eigen::VectorXd& w = *problem.weights;
  const Eigen::VectorXd& offset = *problem.offset;
  const Eigen::Index n = x.rows(), p = x.cols();
  GlmResult r;
  r.family = family.family();
  r.link = family.link();
  r.names = std::move(names);
  r.warnings = std::move(warnings);
  r.coefficients = fit.beta;
  r.aliased = fit.aliased;
  r.rank = fit.rank;
  r.cov_unscaled = fit.cov_unscaled;
  r.iterations = fit.iterations;
  r.deviance = fit.deviance;
  r.fitted = fit.mu;
  r.linear_predictor = fit.eta;
  r.working_weights = fit.working_weights;
  r.working_residuals = fit.working_residuals;
  r.prior_weights = w;
  r.rows_used = static_cast<std::size_t>(n);
  for (auto& msg : fit.warnings) r.warnings.push_back(msg);
  r.status = fit.converged ? FitStatus::kConverged : FitStatus::kUsable;
  r.message = fit.converged ? "converged in " + std::to_string(fit.iterations) + " IRLS iterations"
                            : "did not converge in " + std::to_string(fit.iterations) +
                                  " IRLS iterations (relative deviance change still above " +
                                  std::to_string(options.epsilon) + ")";
  std::string aliased_names;
  for (Eigen::Index j = 0; j < p; ++j)
    if (r.aliased[static_cast<std::size_t>(j)])
      aliased_names += (aliased_names.empty() ? "" : ", ") + r.names[static_cast<std::size_t>(j)];
  if (!aliased_names.empty())
    r.warnings.push_back(
        "coefficients not defined because of singularities (aliased: " + aliased_names + ")");

  // Fitted values at the boundary: R's warnings, and our separation flag.
  const double eps = 10 * DBL_EPSILON;
  if (r.family == GlmFamily::Binomial) {
    if ((fit.mu.array() > 1 - eps).any() || (fit.mu.array() < eps).any()) {
      r.warnings.push_back("glm.fit: fitted probabilities numerically 0 or 1 occurred");
      r.separation = true;
    }
  } else if (r.family == GlmFamily::Poisson || r.family == GlmFamily::NegativeBinomial) {
    if ((fit.mu.array() < eps).any())
      r.warnings.push_back("glm.fit: fitted rates numerically 0 occurred");
  }

  // Counts and the null deviance as glm.fit / glm().
  double n_ok = 0;
  for (Eigen::Index i = 0; i < n; ++i) n_ok += w(i) != 0;
  r.nobs = n_ok;
  r.df_residual = n_ok - r.rank;
  r.df_null = n_ok - (has_intercept ? 1 : 0);
  const bool has_offset = offset.size() > 0 && (offset.array() != 0).any();
  if (has_intercept && has_offset) {
    const Eigen::MatrixXd ones = Eigen::MatrixXd::Ones(n, 1);
    irls_detail::IrlsProblem null_problem = problem;
    null_problem.x = &ones;
    null_problem.design = nullptr;  // the slots of x, not of the intercept column
    null_problem.mu_start = null_from_fitted ? &fit.mu : nullptr;
    null_problem.eta_start = nullptr;
    r.null_deviance = irls_detail::run_irls(null_problem, family).deviance;
  } else {
    Eigen::VectorXd wtdmu(n);
    if (has_intercept) {
      wtdmu.setConstant((w.array() * y.array()).sum() / w.sum());
    } else {
      for (Eigen::Index i = 0; i < n; ++i)
        wtdmu(i) = family.linkinv(offset.size() ? offset(i) : 0.0);
    }
    r.null_deviance = irls_detail::total_deviance(family, y, wtdmu, w);
  }

  // Dispersion, likelihood and information criteria as summary.glm / logLik.glm / AIC / BIC.
  if (family.has_dispersion()) {
    double pearson = 0;
    for (Eigen::Index i = 0; i < n; ++i)
      if (r.working_weights(i) > 0)
        pearson += r.working_weights(i) * r.working_residuals(i) * r.working_residuals(i);
    r.dispersion = r.df_residual > 0 ? pearson / r.df_residual : kNaN;
    if (!(r.df_residual > 0))
      r.warnings.push_back("no residual degrees of freedom: the dispersion cannot be estimated");
  }
  r.aic = family.aic(y, fit.mu, w, r.deviance, problem.trials) + 2.0 * r.rank;
  const double k = r.rank + (family.has_dispersion() ? 1 : 0);
  r.log_likelihood = k - r.aic / 2.0;
  r.bic = -2.0 * r.log_likelihood + std::log(n_ok) * k;

  // Separation check beyond R's warning: a non-aliased estimate beyond +-10 on the link scale
  // with a huge standard error is the signature of an estimate running off to infinity.
  if (r.family == GlmFamily::Binomial && (r.separation || !fit.converged)) {
    std::string suspects;
    for (Eigen::Index j = 0; j < p; ++j) {
      if (r.aliased[static_cast<std::size_t>(j)]) continue;
      const double se = std::sqrt(r.cov_unscaled(j, j));
      if (std::fabs(r.coefficients(j)) > 10 && se > 10)
        suspects += (suspects.empty() ? "" : ", ") + r.names[static_cast<std::size_t>(j)];
    }
    if (!suspects.empty() || r.separation) {
      r.separation = true;
      r.warnings.push_back(
          "perfect or quasi-complete separation suspected" +
          (suspects.empty() ? std::string() : " (estimates diverging: " + suspects + ")") +
          ": the maximum likelihood estimates may not exist; treat these estimates and their "
          "standard errors as unreliable");
    }
  }

  // Inference with the chosen standard errors.
  r.se_type = options.standard_errors;
  r.covariance = glm_covariance(r, x, options.standard_errors, cluster);
  r.t_statistics = family.has_dispersion() && r.se_type == GlmStandardErrors::Model;
  switch (r.se_type) {
    case GlmStandardErrors::Model:
      r.se_description = family.has_dispersion() ? "model-based (dispersion estimated)"
                                                 : "model-based (dispersion 1)";
      break;
    case GlmStandardErrors::HC0:
      r.se_description = "robust HC0 (sandwich::vcovHC type HC0)";
      break;
    case GlmStandardErrors::HC1:
      r.se_description = "robust HC1 (sandwich::vcovHC type HC1)";
      break;
    case GlmStandardErrors::HC3:
      r.se_description = "robust HC3 (sandwich::vcovHC type HC3)";
      break;
    case GlmStandardErrors::Cluster: {
      std::size_t g = 0;
      for (auto c : cluster) g = std::max<std::size_t>(g, static_cast<std::size_t>(c) + 1);
      r.se_description = "cluster-robust, " + std::to_string(g) +
                         " clusters (sandwich::vcovCL defaults for glm: HC0 with G/(G-1))";
      break;
    }
  }
  r.std_error.resize(p);
  r.statistic.resize(p);
  r.p_value.resize(p);
  r.conf_low.resize(p);
  r.conf_high.resize(p);
  const double q = normal_quantile(0.5 + options.confidence_level / 2);
  for (Eigen::Index j = 0; j < p; ++j) {
    const double se = std::sqrt(r.covariance(j, j));
    const double est = r.coefficients(j);
    r.std_error(j) = se;
    r.statistic(j) = est / se;
    if (std::isnan(r.statistic(j))) {
      r.p_value(j) = kNaN;
    } else if (r.t_statistics) {
      boost::math::students_t dist(r.df_residual);
      r.p_value(j) = 2 * boost::math::cdf(boost::math::complement(dist, std::fabs(r.statistic(j))));
    } else {
      r.p_value(j) = std::erfc(std::fabs(r.statistic(j)) / std::sqrt(2.0));
    }
    r.conf_low(j) = est - q * se;
    r.conf_high(j) = est + q * se;
  }
  if (!fit.converged && r.status == FitStatus::kUsable && r.separation)
    r.message += "; separation suspected";
  return r;
}

}  // namespace irls_detail

GlmResult fit_glm(const ModelFrame& frame, const GlmOptions& options) {
  if (frame.formula.is_survival())
    throw Error("glm", "a Surv() response needs a survival model, not a GLM");
  if (!frame.formula.response) throw Error("glm", "the formula has no response (left of ~)");
  if (frame.binomial_counts && options.family != GlmFamily::Binomial)
    throw Error("glm", "a cbind(successes, failures) response needs family binomial",
                "use family binomial, or model the successes as counts (poisson, negbin)");
  GlmResult r = fit_design(frame.x, frame.response, options, frame.weights, frame.offset,
                           frame.column_names, frame.cluster, frame.has_intercept(),
                           frame.binomial_counts ? &frame.binomial_trials : nullptr);
  r.rows_dropped = frame.rows_dropped;
  r.warnings.insert(r.warnings.begin(), frame.warnings.begin(), frame.warnings.end());
  return r;
}

GlmResult fit_glm(const std::string& formula, const Table& data, const GlmOptions& options,
                  const ModelFrameOptions& frame_options) {
  options.validate();
  const ModelFrame frame = build_model_frame(parse_formula(formula), data, frame_options);
  return fit_glm(frame, options);
}

}  // namespace harmcast
