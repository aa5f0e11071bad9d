// harmcast synth --out DIR [--seed N] [--scale X]
#include <cstdio>
#include <memory>

#include "datasets/synthetic/synthetic_city.hpp"
#include "engine/cli/commands.hpp"
#include "engine/cli/option_checks.hpp"

namespace harmcast::cli {

void register_synth_command(CLI::App& app) {
  auto options = std::make_shared<SyntheticCityOptions>();
  auto out = std::make_shared<std::string>();
  auto* cmd = app.add_subcommand(
      "synth",
      "Write the synthetic city (crime by ward and type, offender cohort, services, "
      "area pilot and the true parameters) as CSV files and city.h5. The same seed gives "
      "byte-identical files.");
  cmd->add_option("--out", *out, "Output folder (created if needed)")->required();
  cmd->add_option("--seed", options->seed, "Generator seed")->capture_default_str();
  cmd->add_option("--scale", options->scale, "Size relative to the standard city (> 0)")
      ->capture_default_str();
  cmd->add_option("--threads", options->threads, "Worker threads; 0 = all cores")
      ->check(kNonNegative);
  cmd->callback([options, out] {
    options->validate();
    const SyntheticCity city = generate_synthetic_city(*options);
    write_synthetic_city(city, *out);
    std::printf("wrote the synthetic city (seed %llu, scale %g) to %s:\n",
                static_cast<unsigned long long>(options->seed), options->scale, out->c_str());
    for (const auto& name : synthetic_city_table_names()) {
      std::printf("  %-14s %8zu rows\n", (name + ".csv").c_str(),
                  synthetic_city_table(city, name).rows());
    }
    std::printf("  city.h5        (all tables)\n");
  });
}

}  // namespace harmcast::cli
