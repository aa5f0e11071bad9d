#pragma once
// IRLS as R's glm.fit (internal to models/regression; see glm.hpp for the algorithm).
#include <Eigen/Dense>
#include <string>
#include <vector>

#include "models/regression/family.hpp"
#include "models/regression/glm.hpp"
#include "models/regression/weighted_least_squares.hpp"

namespace harmcast::irls_detail {

struct IrlsProblem {
  const Eigen::MatrixXd* x = nullptr;
  const Eigen::VectorXd* y = nullptr;
  const Eigen::VectorXd* weights = nullptr;    // prior weights (never empty here)
  const Eigen::VectorXd* offset = nullptr;     // may be empty
  const Eigen::VectorXd* eta_start = nullptr;  // R's etastart; null: from family$initialize
  const Eigen::VectorXd* mu_start = nullptr;   // R's mustart; null: from family$initialize
  const Eigen::VectorXd* trials = nullptr;     // s + f of a cbind(s, f) response; else null
  // x in slot form (make_slot_design(*x)); null: built by run_irls. Fits that run IRLS several
  // times on one design (glm.nb) build it once.
  const wls_detail::SlotDesign* design = nullptr;
  double epsilon = 1e-8;
  int max_iterations = 25;
  double rank_tolerance = 1e-10;
};

struct IrlsFit {
  Eigen::VectorXd beta;  // NaN for aliased
  std::vector<bool> aliased;
  int rank = 0;
  Eigen::MatrixXd cov_unscaled;  // (X'WX)^-1 of the last step, NaN for aliased
  Eigen::VectorXd eta, mu;
  Eigen::VectorXd working_weights;    // W of the last step (0 where not used)
  Eigen::VectorXd working_residuals;  // (y - mu) / mu'(eta) at the final fit
  double deviance = 0.0;
  int iterations = 0;
  bool converged = false;
  bool boundary = false;
  std::vector<std::string> warnings;
};

// Throws harmcast::Error when no valid start or step exists (as R stops).
IrlsFit run_irls(const IrlsProblem& problem, const FamilyFunctions& family);

// The GlmResult of an IRLS fit: aliasing, boundary warnings, null deviance, dispersion,
// likelihood, information criteria and inference (shared by fit_glm and fit_negbin).
// `null_from_fitted`: start the intercept-only fit with an offset from the fitted means (glm())
// rather than from family$initialize (MASS::glm.nb).
GlmResult finish_glm(const IrlsProblem& problem, const FamilyFunctions& family, IrlsFit fit,
                     const GlmOptions& options, std::vector<std::string> names,
                     const std::vector<std::int32_t>& cluster, bool has_intercept,
                     bool null_from_fitted, std::vector<std::string> warnings);

double total_deviance(const FamilyFunctions& family, const Eigen::VectorXd& y,
                      const Eigen::VectorXd& mu, const Eigen::VectorXd& w);

}  // namespace harmcast::irls_detail
