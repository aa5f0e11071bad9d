// harmcast scenario --config FILE [--out DIR]: only the scenarios of an experiment (data, the
// baseline fits, the simulation), written to results.h5 and CSV tables.
#include <cstdio>
#include <memory>

#include "engine/cli/commands.hpp"
#include "engine/cli/option_checks.hpp"
#include "engine/runner/experiment_runner.hpp"

namespace harmcast::cli {

void register_scenario_command(CLI::App& app) {
  struct Arguments {
    std::string config, out;
    int threads = -1;
    bool quiet = false;
  };
  auto a = std::make_shared<Arguments>();
  auto* cmd = app.add_subcommand(
      "scenario",
      "Run only the scenarios of an experiment config: baseline futures and the same futures "
      "under each scenario's interventions, on common random numbers; writes results.h5 and "
      "CSV tables (events averted, costs, paths, targets).");
  cmd->add_option("--config", a->config, "Experiment config (YAML) with a scenarios section")
      ->required();
  cmd->add_option("--out", a->out,
                  "Output folder (default: the config's output_dir, or runs/NAME)");
  cmd->add_option("--threads", a->threads,
                  "Worker threads; 0 = all cores. Results do not depend on it")
      ->check(kNonNegative);
  cmd->add_flag("--quiet", a->quiet, "No progress bar");
  cmd->callback([a] {
    RunRequest request;
    request.config_path = a->config;
    if (!a->out.empty()) request.out_dir = a->out;
    if (a->threads >= 0) request.threads = a->threads;
    request.quiet = a->quiet;
    request.scenarios_only = true;
    request.command_line = "harmcast scenario --config " + a->config;
    const RunOutcome outcome = run_experiment(request);
    std::printf("results: %s\n", outcome.store.string().c_str());
    std::printf("tables:  %s (%zu CSV files)\n", (outcome.out_dir / "tables").string().c_str(),
                outcome.tables.size());
    std::printf("finished in %.1f s\n", outcome.seconds);
  });
}

}  // namespace harmcast::cli
