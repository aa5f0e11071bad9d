#include "tests/support/command.hpp"

#include <sys/wait.h>

#include <cstdlib>
#include <fstream>

#include "tests/support/paths.hpp"

namespace harmcast::testing {
CommandResult run_harmcast(const std::string& arguments) {
  const auto dir = fresh_temp_dir("command");
  const auto out = dir / "stdout", err = dir / "stderr";
  const std::string command = harmcast_binary().string() + " " + arguments + " >" + out.string() +
                              " 2>" + err.string() + " </dev/null";
  const int status = std::system(command.c_str());
  CommandResult result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  result.out = read_file(out);
  result.err = read_file(err);
  std::filesystem::remove_all(dir);
  return result;
}

ExperimentRun::ExperimentRun(const std::string& name)
    : config(source_dir() / "experiments" / (name + ".yaml")), out(fresh_temp_dir(name + "_run")) {
  result = run_harmcast("run --quiet " + config.string() + " --out " + out.string());
}

ExperimentRun::~ExperimentRun() { std::filesystem::remove_all(out); }

}  // namespace harmcast::testing
