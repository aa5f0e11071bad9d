// harmcast calibrate: coverage and bias of the service evaluations on synthetic cohorts.
#include "engine/cli/command_calibrate.hpp"

#include <cstdio>
#include <memory>

#include "engine/cli/option_checks.hpp"
#include "engine/runner/evaluation_calibration.hpp"

namespace harmcast::cli {

void register_calibrate_command(CLI::App& app) {
  auto options = std::make_shared<CalibrationOptions>();
  auto* cmd = app.add_subcommand(
      "calibrate",
      "Check the service evaluations on synthetic cohorts whose true effects are known: how "
      "often the intervals cover the truth, and the bias relative to the standard error, per "
      "service and outcome. The same seeds give the same figures on any number of threads.");
  cmd->add_option("--seeds", options->seeds, "Number of cohorts")->capture_default_str();
  cmd->add_option("--first-seed", options->first_seed, "Seed of the first cohort")
      ->capture_default_str();
  cmd->add_option("--cohort-size", options->cohort_size, "People per cohort")
      ->capture_default_str();
  cmd->add_option("--caliper", options->caliper, "Caliper in SDs of the score; 0 = none")
      ->capture_default_str();
  cmd->add_option("--level", options->confidence_level, "Interval level")->capture_default_str();
  cmd->add_option("--threads", options->threads, "Worker threads; 0 = all cores")
      ->check(kNonNegative);
  cmd->callback([options] {
    const CalibrationResult result = calibrate_service_evaluations(*options);
    std::printf("%s", format_calibration(result, *options).c_str());
  });
}

}  // namespace harmcast::cli
