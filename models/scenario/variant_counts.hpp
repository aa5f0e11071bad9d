#pragma once
// Internal to simulate_scenarios (simulation.cpp): the counts of one series' baseline and of the
// scenarios acting on it, for a block of paths, from its rates, the scenarios' rate multipliers
// and one uniform per cell (simulation.hpp gives the model).
#include <cstdint>
#include <vector>

#include "models/scenario/simulation.hpp"

namespace harmcast::scenario::plan_detail {

// One block of paths x months of a series (cells path-major, p * horizon + t), reused from
// series to series so a block's arrays stay in cache.
struct VariantCells {
  std::vector<double> uniforms, rate;              // per cell
  std::vector<std::vector<double>> multiplier;     // per scenario: M_s per cell
  std::vector<double> base;                        // baseline counts
  std::vector<std::vector<double>> with_scenario;  // per scenario: its counts

  void resize(std::size_t cells, std::size_t n_scenarios);
};

// Fills `base` and with_scenario[s] for every s in `acting` over the first `cells` cells: Poisson
// quantiles of the shared uniform (all variants of a cell at once), the rates themselves without
// noise, or, with common random numbers off, each scenario from its own stream
// RandomStream(seed, kIndependentStream + 64 series + s) drawn cell after cell (the caller then
// passes every path in one block).
void count_variants(const SimulationOptions& options, std::size_t series,
                    const std::vector<std::size_t>& acting, std::size_t cells, VariantCells& v);

}  // namespace harmcast::scenario::plan_detail
