#include "models/regression/family.hpp"

#include <boost/math/distributions/normal.hpp>
#include <cfloat>
#include <cmath>

#include "engine/core/error.hpp"

namespace harmcast {
namespace {

using family_detail::kEps;

double qnorm(double p) { return boost::math::quantile(boost::math::normal(), p); }
double pnorm(double x) { return 0.5 * std::erfc(-x / std::sqrt(2.0)); }
double dnorm(double x) { return std::exp(-0.5 * x * x) / std::sqrt(2.0 * M_PI); }

// log dbinom(k; n, p) for whole k, n (R's dbinom, by log-gamma).
double log_dbinom(double k, double n, double p) {
  if (k < 0 || k > n) return -INFINITY;
  double out = std::lgamma(n + 1) - std::lgamma(k + 1) - std::lgamma(n - k + 1);
  if (k > 0) out += k * std::log(p);
  if (n - k > 0) out += (n - k) * std::log1p(-p);
  return out;
}

}  // namespace

double family_detail::probit_linkinv(double eta) {
  static const double thresh = -qnorm(kEps);
  return pnorm(std::min(std::max(eta, -thresh), thresh));
}

double family_detail::probit_mu_eta(double eta) { return std::max(dnorm(eta), kEps); }

std::string to_string(GlmFamily family) {
  switch (family) {
    case GlmFamily::Gaussian:
      return "gaussian";
    case GlmFamily::Binomial:
      return "binomial";
    case GlmFamily::Poisson:
      return "poisson";
    case GlmFamily::NegativeBinomial:
      return "negbin";
  }
  return "?";
}

std::string to_string(GlmLink link) {
  switch (link) {
    case GlmLink::Identity:
      return "identity";
    case GlmLink::Logit:
      return "logit";
    case GlmLink::Probit:
      return "probit";
    case GlmLink::Cloglog:
      return "cloglog";
    case GlmLink::Log:
      return "log";
    case GlmLink::Sqrt:
      return "sqrt";
  }
  return "?";
}

GlmFamily parse_glm_family(const std::string& text) {
  for (auto f :
       {GlmFamily::Gaussian, GlmFamily::Binomial, GlmFamily::Poisson, GlmFamily::NegativeBinomial})
    if (to_string(f) == text) return f;
  throw Error("family", "unknown GLM family '" + text + "'",
              "choose one of gaussian, binomial, poisson, negbin");
}

GlmLink parse_glm_link(const std::string& text) {
  for (auto l : {GlmLink::Identity, GlmLink::Logit, GlmLink::Probit, GlmLink::Cloglog, GlmLink::Log,
                 GlmLink::Sqrt})
    if (to_string(l) == text) return l;
  throw Error("link", "unknown link '" + text + "'",
              "choose one of identity, logit, probit, cloglog, log, sqrt");
}

GlmLink canonical_link(GlmFamily family) {
  switch (family) {
    case GlmFamily::Gaussian:
      return GlmLink::Identity;
    case GlmFamily::Binomial:
      return GlmLink::Logit;
    default:
      return GlmLink::Log;
  }
}

void check_family_link(GlmFamily family, GlmLink link) {
  bool ok = false;
  switch (family) {
    case GlmFamily::Gaussian:
      ok = link == GlmLink::Identity || link == GlmLink::Log;
      break;
    case GlmFamily::Binomial:
      ok = link == GlmLink::Logit || link == GlmLink::Probit || link == GlmLink::Cloglog ||
           link == GlmLink::Log;
      break;
    case GlmFamily::Poisson:
      ok = link == GlmLink::Log || link == GlmLink::Identity || link == GlmLink::Sqrt;
      break;
    case GlmFamily::NegativeBinomial:
      ok = link == GlmLink::Log || link == GlmLink::Identity || link == GlmLink::Sqrt;
      break;
  }
  if (!ok)
    throw Error("link",
                "the " + to_string(family) + " family has no '" + to_string(link) + "' link here",
                "gaussian: identity, log; binomial: logit, probit, cloglog, log; poisson and "
                "negbin: log, identity, sqrt");
}

FamilyFunctions::FamilyFunctions(GlmFamily family, GlmLink link, double theta)
    : family_(family), link_(link), theta_(theta) {
  check_family_link(family, link);
}

double FamilyFunctions::linkfun(double mu) const {
  switch (link_) {
    case GlmLink::Identity:
      return mu;
    case GlmLink::Logit:
      return std::log(mu / (1.0 - mu));
    case GlmLink::Probit:
      return qnorm(mu);
    case GlmLink::Cloglog:
      return std::log(-std::log1p(-mu));
    case GlmLink::Log:
      return std::log(mu);
    case GlmLink::Sqrt:
      return std::sqrt(mu);
  }
  return mu;
}

double FamilyFunctions::initial_mu(double y, double w) const {
  switch (family_) {
    case GlmFamily::Gaussian:
      return y;
    case GlmFamily::Binomial:
      return (w * (w == 0 ? 0.0 : y) + 0.5) / (w + 1.0);
    case GlmFamily::Poisson:
      return y + 0.1;
    case GlmFamily::NegativeBinomial:
      return y + (y == 0 ? 1.0 / 6.0 : 0.0);
  }
  return y;
}

double FamilyFunctions::aic(const Eigen::VectorXd& y, const Eigen::VectorXd& mu,
                            const Eigen::VectorXd& w, double dev,
                            const Eigen::VectorXd* trials) const {
  const Eigen::Index n = y.size();
  double total = 0.0;
  switch (family_) {
    case GlmFamily::Gaussian: {
      double sum_log_w = 0.0;
      for (Eigen::Index i = 0; i < n; ++i) sum_log_w += std::log(w(i));
      const double nobs = static_cast<double>(n);
      return nobs * (std::log(dev / nobs * 2.0 * M_PI) + 1.0) + 2.0 - sum_log_w;
    }
    case GlmFamily::Binomial: {
      // R: m <- if (any(n > 1)) n else wt; sum(wt / m * dbinom(round(m y), round(m), mu, log))
      const bool by_trials = trials != nullptr && (trials->array() > 1).any();
      for (Eigen::Index i = 0; i < n; ++i) {
        const double m = by_trials ? (*trials)(i) : w(i);
        if (m > 0)
          total +=
              (by_trials ? w(i) / m : 1.0) * log_dbinom(std::round(m * y(i)), std::round(m), mu(i));
      }
      return -2.0 * total;
    }
    case GlmFamily::Poisson:
      for (Eigen::Index i = 0; i < n; ++i) {
        const double yi = y(i);
        const double logp = (yi == 0 ? 0.0 : yi * std::log(mu(i))) - mu(i) - std::lgamma(yi + 1);
        total += logp * w(i);
      }
      return -2.0 * total;
    case GlmFamily::NegativeBinomial:
      for (Eigen::Index i = 0; i < n; ++i) {
        const double yi = y(i), th = theta_;
        const double term = (yi + th) * std::log(mu(i) + th) -
                            (yi == 0 ? 0 : yi * std::log(mu(i))) + std::lgamma(yi + 1) -
                            th * std::log(th) + std::lgamma(th) - std::lgamma(th + yi);
        total += term * w(i);
      }
      return 2.0 * total;
  }
  return 0.0;
}

}  // namespace harmcast
