#pragma once
// The subcommands of `harmcast`. Each lives in its own command_<name>.cpp and adds itself to the
// application with one register function; main() only calls them in order and maps errors to
// exit codes (0 success, 1 user error, 2 internal error).
#include <CLI/CLI.hpp>

namespace harmcast::cli {

void register_run_command(CLI::App& app);       // harmcast run CONFIG
void register_validate_command(CLI::App& app);  // harmcast validate CONFIG
void register_synth_command(CLI::App& app);     // harmcast synth --out DIR
void register_inspect_command(CLI::App& app);   // harmcast inspect FILE.h5
void register_version_command(CLI::App& app);   // harmcast version
void register_forecast_command(CLI::App& app);  // harmcast forecast --data FILE ...
void register_scenario_command(CLI::App& app);  // harmcast scenario --config FILE

}  // namespace harmcast::cli
