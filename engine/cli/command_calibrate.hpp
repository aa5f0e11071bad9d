#pragma once
// harmcast calibrate [--seeds N] [--first-seed S] [--cohort-size N] [--caliper C] [--threads T]
// Draws N synthetic offender cohorts with known service effects, evaluates every service as
// `harmcast run` does and prints how often the 95% intervals cover the truth, with the bias
// relative to the standard error (engine/runner/evaluation_calibration.hpp).
#include <CLI/CLI.hpp>

namespace harmcast::cli {

void register_calibrate_command(CLI::App& app);

}  // namespace harmcast::cli
