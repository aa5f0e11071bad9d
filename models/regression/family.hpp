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
#include <algorithm>
#include <cfloat>
#include <cmath>
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

  // The per-row functions are defined inline below: IRLS calls them for every row.
  double linkfun(double mu) const;
  double linkinv(double eta) const;
  double mu_eta(double eta) const;
  double variance(double mu) const;
  double deviance_residual(double y, double mu, double weight) const;
  bool valid_mu(double mu) const;  // R's validmu (all links here have a valid eta everywhere)
  // R's mustart from family$initialize for one observation (y checked elsewhere); for a
  // cbind(successes, failures) response pass the trials s + f as the weight, as R does.
  double initial_mu(double y, double weight) const;
  // -2 log-likelihood summed (R's family$aic without the 2 * rank); `dev` only for gaussian.
  // `trials`: s + f of a cbind response (binomial; null otherwise): R's binomial aic then
  // counts successes out of the trials, weighted by prior weight / trials.
  double aic(const Eigen::VectorXd& y, const Eigen::VectorXd& mu, const Eigen::VectorXd& weights,
             double dev, const Eigen::VectorXd* trials = nullptr) const;
  bool has_dispersion() const { return family_ == GlmFamily::Gaussian; }

 private:
  GlmFamily family_;
  GlmLink link_;
  double theta_;
};

namespace family_detail {
constexpr double kEps = DBL_EPSILON;
constexpr double kLogitThresh = 30.0;  // R family.c THRESH / MTHRESH
constexpr double kInvEps = 1.0 / DBL_EPSILON;
inline double y_log_y(double y, double mu) { return y != 0.0 ? y * std::log(y / mu) : 0.0; }
double probit_linkinv(double eta);  // pnorm with R's clamping (family.cpp)
double probit_mu_eta(double eta);   // max(dnorm(eta), eps)
}  // namespace family_detail

inline double FamilyFunctions::linkinv(double eta) const {
  switch (link_) {
    case GlmLink::Identity:
      return eta;
    case GlmLink::Logit: {
      const double e =
          eta < -family_detail::kLogitThresh
              ? family_detail::kEps
              : (eta > family_detail::kLogitThresh ? family_detail::kInvEps : std::exp(eta));
      return e / (1.0 + e);
    }
    case GlmLink::Probit:
      return family_detail::probit_linkinv(eta);
    case GlmLink::Cloglog:
      return std::max(std::min(-std::expm1(-std::exp(eta)), 1.0 - family_detail::kEps),
                      family_detail::kEps);
    case GlmLink::Log:
      return std::max(std::exp(eta), family_detail::kEps);
    case GlmLink::Sqrt:
      return eta * eta;
  }
  return eta;
}

inline double FamilyFunctions::mu_eta(double eta) const {
  switch (link_) {
    case GlmLink::Identity:
      return 1.0;
    case GlmLink::Logit: {
      const double e = std::exp(eta), opexp = 1.0 + e;
      return (eta > family_detail::kLogitThresh || eta < -family_detail::kLogitThresh)
                 ? family_detail::kEps
                 : e / (opexp * opexp);
    }
    case GlmLink::Probit:
      return family_detail::probit_mu_eta(eta);
    case GlmLink::Cloglog: {
      const double e = std::min(eta, 700.0);
      return std::max(std::exp(e) * std::exp(-std::exp(e)), family_detail::kEps);
    }
    case GlmLink::Log:
      return std::max(std::exp(eta), family_detail::kEps);
    case GlmLink::Sqrt:
      return 2.0 * eta;
  }
  return 1.0;
}

inline double FamilyFunctions::variance(double mu) const {
  switch (family_) {
    case GlmFamily::Gaussian:
      return 1.0;
    case GlmFamily::Binomial:
      return mu * (1.0 - mu);
    case GlmFamily::Poisson:
      return mu;
    case GlmFamily::NegativeBinomial:
      return mu + mu * mu / theta_;
  }
  return 1.0;
}

inline double FamilyFunctions::deviance_residual(double y, double mu, double w) const {
  switch (family_) {
    case GlmFamily::Gaussian:
      return w * (y - mu) * (y - mu);
    case GlmFamily::Binomial:
      return 2.0 * w * (family_detail::y_log_y(y, mu) + family_detail::y_log_y(1.0 - y, 1.0 - mu));
    case GlmFamily::Poisson:
      return y > 0 ? 2.0 * w * (y * std::log(y / mu) - (y - mu)) : 2.0 * mu * w;
    case GlmFamily::NegativeBinomial:
      // y log(max(1, y) / mu) is exactly 0 at y = 0: one logarithm saved on every zero count.
      return 2.0 * w *
             ((y == 0 ? 0.0 : y * std::log(std::max(1.0, y) / mu)) -
              (y + theta_) * std::log((y + theta_) / (mu + theta_)));
  }
  return 0.0;
}

inline bool FamilyFunctions::valid_mu(double mu) const {
  if (!std::isfinite(mu)) return false;
  switch (family_) {
    case GlmFamily::Binomial:
      return mu > 0.0 && mu < 1.0;
    case GlmFamily::Poisson:
    case GlmFamily::NegativeBinomial:
      return mu > 0.0;
    default:
      return true;
  }
}

}  // namespace harmcast
