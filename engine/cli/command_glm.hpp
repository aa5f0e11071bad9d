#pragma once
// harmcast glm --data FILE --formula "..." --family binomial|poisson|negbin|gaussian [--link L]
//              [--weights COL] [--se model|hc0|hc1|hc3|cluster --cluster COL] [--out coef.csv]
#include <CLI/CLI.hpp>

namespace harmcast::cli {

void register_glm_command(CLI::App& app);

}  // namespace harmcast::cli
