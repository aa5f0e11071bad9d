#pragma once
// Negative binomial regression with theta estimated by maximum likelihood, as MASS::glm.nb
// (MASS 7.3-58.2; Venables & Ripley, Modern Applied Statistics with S, 4th ed., sec. 7.4).
//
// y_i ~ NB(mean mu_i, size theta): Var(y_i) = mu_i + mu_i^2 / theta, log(mu_i) = x_i'beta + o_i.
// Alternation, step for step as glm.nb:
//   1. Poisson IRLS fit -> mu;  theta = theta.ml(y, mu)
//   2. repeat: IRLS for beta with theta fixed, started at eta = log(mu) (R's etastart);
//              theta = theta.ml(y, mu of the *previous* fit) (as glm.nb does); mu = new fit
//      while |L_old - L| / d1 + |theta_old - theta| > epsilon, at most max_iterations times,
//      d1 = sqrt(2 max(1, residual df of the Poisson fit)), L the NB log-likelihood.
// theta.ml: Newton-Raphson on the score in theta from t0 = n / sum w (y/mu - 1)^2, stopping when
// the step is below eps^(1/4) (1.22e-4) or after max_iterations - 1 steps; SE(theta) =
// 1/sqrt(observed information). The coefficient covariance is that of the last IRLS fit (whose
// theta is the one before the last update, as in MASS). AIC = -2 L + 2 (rank + 1).
// Digamma/trigamma/log-gamma terms depend on y only through its value: for integer counts they
// are evaluated once per distinct count, so a theta step costs one pass of logs over the rows.
#include <optional>

#include "models/regression/glm.hpp"

namespace harmcast {

struct NegBinOptions {
  GlmLink link = GlmLink::Log;    // log (canonical), identity or sqrt
  double epsilon = 1e-8;          // glm.control(epsilon): IRLS and alternation tolerance
  int max_iterations = 25;        // glm.control(maxit): IRLS, theta Newton and alternation limit
  double rank_tolerance = 1e-10;  // see GlmOptions
  GlmStandardErrors standard_errors = GlmStandardErrors::Model;
  double confidence_level = 0.95;
  int threads = 0;                   // 0 = OpenMP default
  std::optional<double> init_theta;  // glm.nb(init.theta): skip the Poisson start when given

  void validate() const;  // throws harmcast::Error naming the field and rule
};

struct NegBinResult {
  GlmResult glm;  // coefficients, SEs, deviance etc.; glm.aic/log_likelihood as MASS (theta ML)
  double theta = 0.0;
  double theta_se = 0.0;  // MASS's SE.theta
  int alternations = 0;   // outer iterations (beta | theta, theta | mu)
  double two_log_likelihood = 0.0;
  std::vector<std::string> theta_warnings;  // "iteration limit reached", "alternation limit..."
};

NegBinResult fit_negbin(const Eigen::MatrixXd& x, const Eigen::VectorXd& y,
                        const NegBinOptions& options, const Eigen::VectorXd& weights = {},
                        const Eigen::VectorXd& offset = {}, std::vector<std::string> names = {},
                        const std::vector<std::int32_t>& cluster = {}, bool has_intercept = true);
NegBinResult fit_negbin(const ModelFrame& frame, const NegBinOptions& options);

// MASS::theta.ml for given means: theta and its standard error; warnings appended.
struct ThetaEstimate {
  double theta = 0.0, se = 0.0;
  int iterations = 0;
  std::vector<std::string> warnings;
};
ThetaEstimate estimate_theta(const Eigen::VectorXd& y, const Eigen::VectorXd& mu,
                             const Eigen::VectorXd& weights, int limit);

// The NB log-likelihood sum w (lgamma(th+y) - lgamma(th) - lgamma(y+1) + th log th
//   + y log(mu + (y==0)) - (th + y) log(th + mu))  (MASS's loglik in glm.nb).
double negbin_log_likelihood(const Eigen::VectorXd& y, const Eigen::VectorXd& mu,
                             const Eigen::VectorXd& weights, double theta);

}  // namespace harmcast
