// harmcast: the command line. Every failure ends as one clear paragraph on stderr and an exit code:
// 0 success, 1 a problem the user can fix (bad data, config or arguments), 2 an internal error.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <exception>
#include <string>

#include "engine/cli/command_area.hpp"
#include "engine/cli/command_calibrate.hpp"
#include "engine/cli/command_cox.hpp"
#include "engine/cli/command_evaluate.hpp"
#include "engine/cli/command_glm.hpp"
#include "engine/cli/commands.hpp"
#include "engine/core/error.hpp"

namespace {

constexpr int kUserError = 1;
constexpr int kInternalError = 2;

void print_error(const std::string& message) {
  std::fprintf(stderr, "error: %s\n", message.c_str());
}

// CLI11 would only say "a subcommand is required"; name the word and list the commands instead.
void reject_unknown_command(CLI::App& app, const std::string& word) {
  std::string known;
  for (const CLI::App* sub : app.get_subcommands({})) {
    if (sub->get_name() == word) return;
    known += (known.empty() ? "" : ", ") + sub->get_name();
  }
  throw harmcast::Error("harmcast " + word, "unknown command \"" + word + "\"",
                        "The commands are: " + known + ". Run 'harmcast --help' for more.");
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "harmcast: forecasting, service evaluation and value for money for community safety "
      "partnerships.",
      "harmcast"};
  app.require_subcommand(1);
  app.fallthrough(false);
  app.footer("Run 'harmcast COMMAND --help' for the options of a command.");

  using namespace harmcast::cli;
  register_run_command(app);
  register_validate_command(app);
  register_synth_command(app);
  register_inspect_command(app);
  register_forecast_command(app);
  register_scenario_command(app);
  register_glm_command(app);
  register_cox_command(app);
  register_evaluate_command(app);
  register_calibrate_command(app);
  register_area_command(app);
  register_version_command(app);

  try {
    if (argc > 1 && argv[1][0] != '-') reject_unknown_command(app, argv[1]);
    app.parse(argc, argv);
    return 0;
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    print_error(std::string(e.what()) +
                ". Run 'harmcast --help' (or 'harmcast COMMAND --help') "
                "for usage.");
    return kUserError;
  } catch (const harmcast::Error& e) {
    print_error(e.what());
    return kUserError;
  } catch (const std::bad_alloc&) {
    print_error(
        "out of memory. Try a smaller data set, fewer threads (--threads) or a machine "
        "with more memory.");
    return kInternalError;
  } catch (const std::exception& e) {
    print_error(std::string("internal error: ") + e.what() +
                ". This is a bug in harmcast; please report it with the command you ran.");
    return kInternalError;
  }
}
