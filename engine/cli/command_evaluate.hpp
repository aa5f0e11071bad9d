#pragma once
// harmcast evaluate --data FILE --formula "treat ~ age + sex + ..." --outcome COL[,COL...]
//   [--method nearest] [--ratio K] [--caliper C] [--replace] [--exact COL,...]
//   [--order largest|smallest|random|data] [--preset jdl] [--out evaluation.json]
// Propensity-score matching (as MatchIt's classic nearest-neighbour matcher), balance table and
// effects on the treated; see models/matching/evaluation.hpp.
#include <CLI/CLI.hpp>

namespace harmcast::cli {

void register_evaluate_command(CLI::App& app);

}  // namespace harmcast::cli
