// harmcast area: interrupted time series, difference-in-differences and synthetic control for a
// place-based intervention, printed as rate ratios with intervals.
#include "engine/cli/command_area.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>

#include "engine/core/error.hpp"
#include "engine/io/csv_reader.hpp"
#include "engine/runner/area_designs.hpp"
#include "engine/time/panel.hpp"

namespace harmcast::cli {
namespace {

struct AreaArgs {
  std::string data, id, time, value, start;
  std::vector<std::string> treated, designs{"its", "did", "synth"}, where;
  bool slope_change = false;
  int permutations = 0;
  std::uint64_t seed = 1;
};

Table apply_where(const Table& data, const std::vector<std::string>& where) {
  std::vector<std::uint8_t> keep(data.rows(), 1);
  for (const auto& condition : where) {
    const auto eq = condition.find('=');
    if (eq == std::string::npos || eq == 0)
      throw Error("--where " + condition, "expected COLUMN=VALUE",
                  "e.g. --where crime_type=violence_with_injury");
    const std::string column = condition.substr(0, eq), value = condition.substr(eq + 1);
    if (!data.has_column(column))
      throw Error("--where " + condition, fmt::format("the data have no column '{}'", column));
    const Column& col = data.column(column);
    std::size_t kept = 0;
    for (std::size_t r = 0; r < data.rows(); ++r) {
      keep[r] = keep[r] && !col.is_missing(r) && col.text(r) == value;
      kept += keep[r];
    }
    if (kept == 0)
      throw Error("--where " + condition, "no rows are left",
                  fmt::format("check the value against the '{}' column", column));
  }
  return data.filter(keep);
}

void run_area(const AreaArgs& a) {
  AreaDesignOptions options;
  options.treated = a.treated;
  options.start = Period::parse(a.start, Frequency::Month, "--start");
  options.designs.clear();
  for (const auto& d : a.designs) options.designs.push_back(parse_area_design(d));
  options.slope_change = a.slope_change;
  options.permutations = a.permutations;
  options.seed = a.seed;
  options.validate();  // fail fast, before reading the data
  const Table data = apply_where(read_csv(a.data), a.where);
  for (const auto* column : {&a.id, &a.time, &a.value})
    if (!data.has_column(*column))
      throw Error(a.data, fmt::format("no column '{}'", *column),
                  "name the area id, period and count columns with --id, --time and --value");
  PanelOptions panel_options;
  panel_options.common_span = true;
  Panel panel;
  try {
    panel = Panel::from_table(data, {a.id}, a.time, a.value, panel_options);
  } catch (const Error& e) {
    // Two rows for one area and month: the file has a breakdown (crime types) to select.
    const bool duplicates = e.problem().find("two rows for") != std::string::npos;
    throw Error(a.data + ": " + e.where(), e.problem(),
                duplicates ? "harmcast area needs one row per area and month: select one "
                             "breakdown with --where COLUMN=VALUE (e.g. --where "
                             "crime_type=burglary), or sum the rows first"
                           : e.hint());
  }
  const causal::UnitPanel units = causal::unit_panel_from(panel, a.id);
  // The outcome in sentences: the last --where value ("violence with injury"), else the column.
  std::string outcome =
      a.where.empty() ? a.value : a.where.back().substr(a.where.back().find('=') + 1);
  std::replace(outcome.begin(), outcome.end(), '_', ' ');
  std::printf("%zu areas (%zu treated), %zu periods from %s; intervention from %s\n", units.units(),
              a.treated.size(), units.periods(), units.start.to_string().c_str(),
              options.start.to_string().c_str());
  bool any = false;
  for (const AreaDesignResult& r : run_area_designs(units, options, outcome)) {
    if (r.status == FitStatus::kFailed) {
      std::printf("\n%s: could not be fitted: %s\n", to_string(r.design).c_str(),
                  r.message.c_str());
      continue;
    }
    any = true;
    std::printf("\n%s: rate ratio %.4f (95%% %.4f to %.4f), p = %.3g; %d pre, %d post periods\n",
                to_string(r.design).c_str(), r.effect.estimate, r.effect.conf_low,
                r.effect.conf_high, r.effect.p_value, r.pre_periods, r.post_periods);
    if (std::isfinite(r.permutation_p_value))
      std::printf("  randomization p = %.4f\n", r.permutation_p_value);
    std::printf("  %s\n  %s.\n", r.method.c_str(), r.sentence.c_str());
    for (const auto& w : r.warnings) std::printf("  warning: %s\n", w.c_str());
  }
  if (!any) throw Error("harmcast area", "no design could be fitted", "see the messages above");
}

}  // namespace

void register_area_command(CLI::App& app) {
  auto args = std::make_shared<AreaArgs>();
  auto* cmd = app.add_subcommand(
      "area",
      "Evaluate a place-based intervention in some areas from a start month: interrupted time "
      "series, difference-in-differences and synthetic control, each as a rate ratio with a "
      "95% interval.");
  cmd->add_option("--data", args->data, "CSV file, one row per area and month")->required();
  cmd->add_option("--id", args->id, "Column with the area id")->required();
  cmd->add_option("--time", args->time, "Column with the month (YYYY-MM)")->required();
  cmd->add_option("--value", args->value, "Column with the count")->required();
  cmd->add_option("--treated", args->treated, "Treated area ids")->required()->delimiter(',');
  cmd->add_option("--start", args->start, "First month under the intervention (YYYY-MM)")
      ->required();
  cmd->add_option("--design", args->designs, "its, did and/or synth")
      ->delimiter(',')
      ->capture_default_str();
  cmd->add_option("--where", args->where, "Keep rows with COLUMN=VALUE (repeatable)");
  cmd->add_flag("--slope-change", args->slope_change, "ITS: also a change of trend");
  cmd->add_option("--permutations", args->permutations, "DiD randomization inference draws")
      ->capture_default_str();
  cmd->add_option("--seed", args->seed, "Seed for sampled permutations")->capture_default_str();
  cmd->callback([args] { run_area(*args); });
}

}  // namespace harmcast::cli
