#pragma once
// FitSummary: how a model fit ended, reported the same way by every model in harmcast.
//
// Modelled on ceres::Solver::Summary (see ../shared/design/STYLE.md): a status the caller must
// look at, a human-readable message, the objective before and after, the number of iterations.
// A fit that did not converge is a value, not a log line and not an exception.
#include <string>
#include <string_view>

namespace harmcast {

enum class FitStatus {
  kConverged,  // the optimiser met its convergence test
  kUsable,     // stopped early (iteration limit, line search stalled) at a better point; usable
  kFailed,     // no usable estimate; the estimates must not be used
};

// "converged" / "usable" / "failed" and back; fit_status_from_string throws harmcast::Error.
std::string to_string(FitStatus status);
FitStatus fit_status_from_string(std::string_view text);

struct FitSummary {
  FitStatus status = FitStatus::kFailed;
  std::string message = "not fitted";
  double objective_initial = 0.0;  // objective at the starting values (minimised quantity)
  double objective_final = 0.0;    // objective at the estimates
  int iterations = 0;              // optimiser iterations (0 for closed-form fits)
  double seconds = 0.0;            // wall time of the optimisation

  bool usable() const { return status != FitStatus::kFailed; }
  // One line: "converged after 12 iterations: objective 3.21 -> 1.05 (<message>)".
  std::string brief() const;
};

// A summary for a fit with a closed form (no optimiser): converged, 0 iterations.
FitSummary closed_form_summary(std::string message);

}  // namespace harmcast
