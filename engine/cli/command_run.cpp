// harmcast run CONFIG / harmcast validate CONFIG
#include <fmt/format.h>

#include <cstdio>
#include <memory>

#include "engine/cli/commands.hpp"
#include "engine/cli/option_checks.hpp"
#include "engine/runner/experiment_runner.hpp"

namespace harmcast::cli {
namespace {

struct RunArguments {
  std::string config;
  std::string out;
  int threads = -1;
  std::uint64_t seed = 0;
  bool seed_given = false;
  bool quiet = false;
};

RunRequest to_request(const RunArguments& a, const std::string& command) {
  RunRequest r;
  r.config_path = a.config;
  if (!a.out.empty()) r.out_dir = a.out;
  if (a.threads >= 0) r.threads = a.threads;
  if (a.seed_given) r.seed = a.seed;
  r.quiet = a.quiet;
  r.command_line = command;
  return r;
}

void add_config_argument(CLI::App* cmd, RunArguments& a) {
  cmd->add_option("config", a.config, "Experiment config (YAML), e.g. experiments/default.yaml")
      ->required();
}

}  // namespace

void register_run_command(CLI::App& app) {
  auto args = std::make_shared<RunArguments>();
  auto* cmd = app.add_subcommand(
      "run",
      "Run an experiment: validate the config and data, then run its stages (KPIs, forecasts, "
      "intervention analyses, service evaluations, models, area designs, scenarios, value for "
      "money); write results.h5, CSV tables and report.html.");
  add_config_argument(cmd, *args);
  cmd->add_option("--out", args->out,
                  "Output folder (default: the config's output_dir, "
                  "or runs/NAME)");
  cmd->add_option("--threads", args->threads,
                  "Worker threads; 0 = all cores. Results do not "
                  "depend on it")
      ->check(kNonNegative);
  cmd->add_option_function<std::uint64_t>(
      "--seed", [args](const std::uint64_t& s) { args->seed = s, args->seed_given = true; },
      "Master seed (overrides the config's seed)");
  cmd->add_flag("--quiet", args->quiet, "No progress bar");
  cmd->callback([args] {
    const RunOutcome outcome = run_experiment(to_request(*args, "harmcast run " + args->config));
    if (!outcome.notes.empty()) {
      std::fprintf(stderr, "%zu note(s): some items were skipped; see the report's run notes.\n",
                   outcome.notes.size());
    }
    std::printf("results: %s\n", outcome.store.string().c_str());
    std::printf("tables:  %s (%zu CSV files)\n", (outcome.out_dir / "tables").string().c_str(),
                outcome.tables.size());
    if (!outcome.report.empty()) std::printf("report:  %s\n", outcome.report.string().c_str());
    std::printf("finished in %.1f s\n", outcome.seconds);
  });
}

void register_validate_command(CLI::App& app) {
  auto args = std::make_shared<RunArguments>();
  auto* cmd = app.add_subcommand(
      "validate",
      "Check an experiment config and its data without running anything; lists every "
      "problem at once.");
  add_config_argument(cmd, *args);
  cmd->callback([args] {
    const ValidationOutcome v =
        validate_experiment(to_request(*args, "harmcast validate " + args->config));
    std::printf("%s: config and data are valid.\n", v.experiment.c_str());
    if (v.series == 0)  // a cohort-only experiment (service evaluations)
      std::printf("data: %s; no crime series\n", v.data_description.c_str());
    else
      std::printf("data: %s; %zu crime series, %s to %s; %s\n", v.data_description.c_str(),
                  v.series, v.first_period.c_str(), v.last_period.c_str(), v.gaps.c_str());
  });
}

}  // namespace harmcast::cli
