#pragma once
// harmcast cox --data FILE --formula "Surv(t, e) ~ ..." [--ties efron|breslow] [--robust]
//              [--weights COL] [--cluster COL] [--out coef.csv]
#include <CLI/CLI.hpp>

namespace harmcast::cli {

void register_cox_command(CLI::App& app);

}  // namespace harmcast::cli
