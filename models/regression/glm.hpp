#pragma once
// Generalised linear models fitted as R's glm.fit (R 4.2.2, src/library/stats/R/glm.R).
//
// Model: g(E[y_i]) = x_i' beta + offset_i, Var(y_i) = phi V(mu_i) / w_i (w = prior weights).
// IRLS (McCullagh & Nelder 1989, sec. 2.5), step for step as glm.fit:
//   start:  mu = family$initialize (mustart), eta = g(mu)
//   repeat: z = eta - offset + (y - mu) / mu'(eta),  W = w mu'(eta)^2 / V(mu)
//           beta = argmin sum W (z - X beta)^2,  eta = X beta + offset,  mu = g^-1(eta)
//           dev = sum of deviance residuals; step halving if dev is not finite or mu invalid
//   until |dev - dev_old| / (|dev| + 0.1) < epsilon (1e-8), at most max_iterations (25).
// The weighted least squares step solves X'WX beta = X'Wz by a Cholesky factorisation in the
// original column order (rows blocked and accumulated in parallel, in a fixed order so results
// do not depend on the thread count). A column whose residual after projecting on the earlier
// kept columns is below `rank_tolerance` of its norm (relative, on the squared scale) is
// *aliased*: its coefficient is NaN with `aliased` set, as R's NA coefficients (R detects it
// with a pivoted QR, tolerance 1e-11 on the norm; ours is looser because the cross-product
// squares the condition number).
//
// Standard errors (all from the weights of the last IRLS step, as R's summary.glm):
//   Model:   phi (X'WX)^-1, phi = 1 for binomial/poisson, Pearson sum(W r^2)/(n - p) for gaussian
//   HC0/1/3: sandwich::vcovHC (Zeileis 2004): B (sum_i omega_i x_i x_i') B with B = (X'WX)^-1,
//            omega_i = (W_i r_i)^2 (r = working residual), HC1 times n/(n-p), HC3 divided by
//            (1 - h_i)^2 with h_i = W_i x_i' B x_i
//   Cluster: sandwich::vcovCL with its defaults for glm objects (sandwich 3.0-2: type "HC0",
//            cadjust = TRUE): B (sum_g s_g s_g') B * G/(G-1), s_g = sum over cluster g of
//            W_i r_i x_i (no (n-1)/(n-p) factor: that is vcovCL's HC1, its default for lm only)
// Fit statistics as R: deviance, null deviance (with an offset: an intercept-only IRLS fit with
// that offset, as glm() does), df, log-likelihood (logLik.glm), AIC, BIC.
#include <Eigen/Dense>
#include <optional>
#include <string>
#include <vector>

#include "models/optim/fit_summary.hpp"
#include "models/regression/family.hpp"
#include "models/regression/model_frame.hpp"

namespace harmcast {

enum class GlmStandardErrors { Model, HC0, HC1, HC3, Cluster };
std::string to_string(GlmStandardErrors type);  // "model", "hc0", "hc1", "hc3", "cluster"
GlmStandardErrors parse_glm_standard_errors(const std::string& text);

struct GlmOptions {
  GlmFamily family = GlmFamily::Binomial;  // the error distribution
  std::optional<GlmLink> link;             // empty: the canonical link of the family
  double epsilon = 1e-8;          // R glm.control(epsilon): relative deviance change to stop
  int max_iterations = 25;        // R glm.control(maxit)
  double rank_tolerance = 1e-10;  // aliasing threshold (squared relative residual norm)
  GlmStandardErrors standard_errors = GlmStandardErrors::Model;  // what `std_error` holds
  double confidence_level = 0.95;  // for conf_low/conf_high (Wald intervals)
  int threads = 0;                 // OpenMP threads for the cross-products; 0 = default
  double theta = 1.0;  // negative binomial only: the known theta (fit_negbin estimates it)

  void validate() const;  // throws harmcast::Error naming the field and rule
};

struct GlmResult {
  GlmFamily family = GlmFamily::Binomial;
  GlmLink link = GlmLink::Logit;
  std::vector<std::string> names;  // coefficient names (design columns)
  Eigen::VectorXd coefficients;    // NaN where aliased
  std::vector<bool> aliased;
  Eigen::VectorXd std_error;  // of the chosen type (options.standard_errors); NaN if aliased
  Eigen::VectorXd statistic;  // estimate / std_error (z, or t for gaussian model SEs)
  Eigen::VectorXd p_value;    // normal, or t with df_residual for gaussian model SEs
  Eigen::VectorXd conf_low, conf_high;
  GlmStandardErrors se_type = GlmStandardErrors::Model;
  std::string se_description;    // e.g. "cluster-robust (sandwich::vcovCL, HC1, 120 clusters)"
  bool t_statistics = false;     // gaussian with model SEs: t tests as R
  Eigen::MatrixXd covariance;    // of the non-aliased coefficients' positions (NaN rows/cols)
  Eigen::MatrixXd cov_unscaled;  // (X'WX)^-1 (NaN for aliased), for prediction

  double dispersion = 1.0;
  double deviance = 0.0, null_deviance = 0.0;
  double df_residual = 0.0, df_null = 0.0;
  int rank = 0;
  double log_likelihood = 0.0, aic = 0.0, bic = 0.0;
  double nobs = 0.0;  // observations with nonzero weight
  int iterations = 0;

  // harmcast's one status vocabulary (models/optim/fit_summary.hpp): kConverged, kUsable (ran
  // out of iterations; estimates from the last step), kFailed.
  FitStatus status = FitStatus::kConverged;
  std::string message;                // how the fit ended
  std::vector<std::string> warnings;  // R's warnings and ours (separation, aliasing, ...)
  bool separation = false;            // fitted probabilities 0/1 or infinite estimates
  std::size_t rows_used = 0, rows_dropped = 0;

  Eigen::VectorXd fitted;             // mu
  Eigen::VectorXd linear_predictor;   // eta (with offset)
  Eigen::VectorXd working_weights;    // W of the last IRLS step
  Eigen::VectorXd working_residuals;  // (y - mu) / mu'(eta)
  Eigen::VectorXd prior_weights;
};

// Fits from a design matrix (rows x p). `weights` and `offset` may be empty. `names` names the
// columns (empty: x1..xp). `cluster` (codes 0..G-1) is needed for cluster SEs.
GlmResult fit_glm(const Eigen::MatrixXd& x, const Eigen::VectorXd& y, const GlmOptions& options,
                  const Eigen::VectorXd& weights = {}, const Eigen::VectorXd& offset = {},
                  std::vector<std::string> names = {},
                  const std::vector<std::int32_t>& cluster = {}, bool has_intercept = true);

// Fits the formula on a table (formula parsing and the model frame included).
GlmResult fit_glm(const std::string& formula, const Table& data, const GlmOptions& options,
                  const ModelFrameOptions& frame_options = {});
GlmResult fit_glm(const ModelFrame& frame, const GlmOptions& options);

// Standard errors of another type for a fitted model (same data as the fit).
Eigen::MatrixXd glm_covariance(const GlmResult& fit, const Eigen::MatrixXd& x,
                               GlmStandardErrors type,
                               const std::vector<std::int32_t>& cluster = {});

struct GlmPrediction {
  Eigen::VectorXd link, link_se;          // eta and its SE (as predict.glm, type = "link")
  Eigen::VectorXd response, response_se;  // mu and SE by the delta method (type = "response")
};
// Predictions for rows `x` (same columns as the fit), with `offset` (may be empty). SEs use the
// model-based covariance with the fit's dispersion (as predict.glm(se.fit = TRUE)).
GlmPrediction predict_glm(const GlmResult& fit, const Eigen::MatrixXd& x,
                          const Eigen::VectorXd& offset = {});

// The coefficient table and fit summary laid out like R's print(summary(glm)).
std::string format_glm_summary(const GlmResult& fit, const std::string& formula = {});

}  // namespace harmcast
