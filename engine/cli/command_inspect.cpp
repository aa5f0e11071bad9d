// harmcast inspect FILE.h5
#include <cstdio>
#include <memory>

#include "engine/cli/commands.hpp"
#include "engine/store/store_reader.hpp"

namespace harmcast::cli {

void register_inspect_command(CLI::App& app) {
  auto path = std::make_shared<std::string>();
  auto* cmd = app.add_subcommand(
      "inspect",
      "List what a results store (results.h5) or city.h5 holds: provenance, tables "
      "with their columns, arrays and texts.");
  cmd->add_option("file", *path, "HDF5 file written by harmcast")->required();
  cmd->callback([path] { std::fputs(describe_store(*path).c_str(), stdout); });
}

}  // namespace harmcast::cli
