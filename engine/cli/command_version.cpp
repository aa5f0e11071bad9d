#include <H5public.h>
#include <ceres/version.h>

#include <Eigen/Core>
#include <cstdio>

#include "engine/cli/commands.hpp"
#include "engine/core/build_info.hpp"

namespace harmcast::cli {

void register_version_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("version",
                                 "Print the harmcast version, git commit and the "
                                 "versions of the numerical libraries it was built with.");
  cmd->callback([] {
    std::printf("harmcast %s (commit %s)\n", harmcast_version(), harmcast_git_commit());
    std::printf("Eigen %d.%d.%d, Ceres %s, HDF5 %d.%d.%d\n", EIGEN_WORLD_VERSION,
                EIGEN_MAJOR_VERSION, EIGEN_MINOR_VERSION, CERES_VERSION_STRING, H5_VERS_MAJOR,
                H5_VERS_MINOR, H5_VERS_RELEASE);
  });
}

}  // namespace harmcast::cli
