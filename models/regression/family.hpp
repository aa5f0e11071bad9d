#pragma once
// GLM families and links, written to match R's stats::family objects (R 4.2.2,
// src/library/stats/R/family.R and src/library/stats/src/family.c) function by function, so an
// IRLS fit follows R's glm.fit step for step:
//   link:      eta = g(mu), mu = g^-1(eta) (with R's clamping), dmu/deta
//   variance:  V(mu)
//   deviance residuals d_i(y, mu, w) (deviance = sum d_i)
//   aic(y, mu, w, dev) = -2 loglik (R's family$aic, before adding 2 * rank)
//   initial mu (R's family$initialize: mustart)
// Negative binomial with known theta (MASS::negative.binomial) is a family too, for glm.nb.
#include <Eigen/Dense>
#include <string>

namespace harmcast {

enum class GlmFamily { Gaussian, Binomial, Poisson, NegativeBinomial };
enum class GlmLink { Identity, Logit, Probit, Cloglog, Log, Sqrt };

std::string to_string(GlmFamily family);  // "gaussian", "binomial", "poisson", "negbin"
std::string to_string(GlmLink link);      // "identity", "logit", "probit", "cloglog", "log", "sqrt"
GlmFamily parse_glm_family(const std::string& text);  // throws harmcast::Error listing choices
GlmLink parse_glm_link(const std::string& text);
GlmLink canonical_link(GlmFamily family);  // identity, logit, log, log
// Throws harmcast::Error if R's family does not offer this link.
void check_family_link(GlmFamily family, GlmLink link);

class FamilyFunctions {
 public:
  FamilyFunctions(GlmFamily family, GlmLink link, double theta = 1.0);

  GlmFamily family() const { return family_; }
  GlmLink link() const { return link_; }
  double theta() const { return theta_; }

  double linkfun(double mu) const;
  double linkinv(double eta) const;
  double mu_eta(double eta) const;
  double variance(double mu) const;
  double deviance_residual(double y, double mu, double weight) const;
  bool valid_mu(double mu) const;  // R's validmu (all links here have a valid eta everywhere)
  // R's mustart from family$initialize for one observation (y checked elsewhere).
  double initial_mu(double y, double weight) const;
  // -2 log-likelihood summed (R's family$aic without the 2 * rank); `dev` only for gaussian.
  double aic(const Eigen::VectorXd& y, const Eigen::VectorXd& mu, const Eigen::VectorXd& weights,
             double dev) const;
  bool has_dispersion() const { return family_ == GlmFamily::Gaussian; }

 private:
  GlmFamily family_;
  GlmLink link_;
  double theta_;
};

}  // namespace harmcast
