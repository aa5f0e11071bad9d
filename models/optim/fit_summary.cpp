#include "models/optim/fit_summary.hpp"

#include <fmt/format.h>

#include "engine/core/error.hpp"

namespace harmcast {

std::string to_string(FitStatus status) {
  switch (status) {
    case FitStatus::kConverged:
      return "converged";
    case FitStatus::kUsable:
      return "usable";
    case FitStatus::kFailed:
      return "failed";
  }
  throw InternalError("to_string(FitStatus): unknown enumerator");
}

FitStatus fit_status_from_string(std::string_view text) {
  if (text == "converged") return FitStatus::kConverged;
  if (text == "usable") return FitStatus::kUsable;
  if (text == "failed") return FitStatus::kFailed;
  throw Error("fit status", fmt::format("unknown status '{}'", text),
              "use one of converged, usable, failed");
}

std::string FitSummary::brief() const {
  return fmt::format("{} after {} iterations: objective {:.6g} -> {:.6g} ({})", to_string(status),
                     iterations, objective_initial, objective_final, message);
}

FitSummary closed_form_summary(std::string message) {
  FitSummary summary;
  summary.status = FitStatus::kConverged;
  summary.message = std::move(message);
  return summary;
}

}  // namespace harmcast
