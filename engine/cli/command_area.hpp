#pragma once
// harmcast area --data FILE --id COL --time COL --value COL --treated A,B --start YYYY-MM
//               [--design its,did,synth] [--where COL=VALUE ...] [--slope-change]
//               [--permutations N] [--seed N]
// Area designs (engine/runner/area_designs.hpp) on a long-form panel of counts: one row per
// area and period. Rows not matching every --where are left out first; what remains must have
// one row per area and period (sum other breakdowns before, or select them with --where).
#include <CLI/CLI.hpp>

namespace harmcast::cli {

void register_area_command(CLI::App& app);

}  // namespace harmcast::cli
