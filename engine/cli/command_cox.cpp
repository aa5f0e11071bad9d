// harmcast cox: fit a Cox model to a CSV file and print a summary laid out like R's
// summary(coxph(...)); --out writes term,estimate,std_error,statistic,p_value,conf_low,conf_high
// (log hazard-ratio scale; NA for aliased terms) atomically.
#include "engine/cli/command_cox.hpp"

#include <cmath>
#include <cstdio>
#include <memory>

#include "engine/io/atomic_file.hpp"
#include "engine/io/csv_reader.hpp"
#include "engine/table/table.hpp"
#include "models/regression/cox_formula.hpp"

namespace harmcast::cli {
namespace {

struct CoxCommandArgs {
  std::string data, formula, ties = "efron", weights, cluster, out;
  bool robust = false;
  double conf_level = 0.95;
};

std::string cell(double x) { return std::isnan(x) ? "NA" : format_double(x); }

std::string coefficient_csv(const CoxResult& fit) {
  std::string out = "term,estimate,std_error,statistic,p_value,conf_low,conf_high\n";
  for (const auto& t : fit.terms) {
    // conf limits on the coefficient scale: log of the hazard-ratio limits
    const double low = t.aliased ? std::nan("") : std::log(t.conf_low);
    const double high = t.aliased ? std::nan("") : std::log(t.conf_high);
    std::string name = t.name;
    if (name.find_first_of(",\"") != std::string::npos) {
      std::string quoted = "\"";
      for (char c : name) quoted += (c == '"') ? std::string("\"\"") : std::string(1, c);
      name = quoted + "\"";
    }
    out += name + "," + cell(t.estimate) + "," + cell(t.std_error) + "," + cell(t.z) + "," +
           cell(t.p_value) + "," + cell(low) + "," + cell(high) + "\n";
  }
  return out;
}

}  // namespace

void register_cox_command(CLI::App& app) {
  auto args = std::make_shared<CoxCommandArgs>();
  auto* cmd = app.add_subcommand(
      "cox",
      "Fit a Cox proportional hazards model (as R's survival::coxph) to a CSV file and "
      "print a summary like R's summary(); optionally write the coefficients as CSV.");
  cmd->add_option("--data", args->data, "CSV file with a header row")->required();
  cmd->add_option("--formula", args->formula,
                  "R formula, e.g. \"Surv(time, event) ~ age + factor(region) + strata(site)\"")
      ->required();
  cmd->add_option("--ties", args->ties, "Tied event times: efron (R's default) or breslow")
      ->capture_default_str();
  cmd->add_flag("--robust", args->robust, "Robust (sandwich) standard errors");
  cmd->add_option("--weights", args->weights, "Column of case weights (> 0)");
  cmd->add_option("--cluster", args->cluster, "Column of cluster ids (implies --robust)");
  cmd->add_option("--conf-level", args->conf_level, "Level of the hazard-ratio intervals")
      ->capture_default_str();
  cmd->add_option("--out", args->out, "Write coefficients to this CSV file");
  cmd->callback([args] {
    CoxOptions options;
    options.ties = cox_ties_from_string(args->ties);
    options.robust = args->robust;
    options.conf_level = args->conf_level;
    options.validate();
    const Table table = read_csv(args->data);
    CoxFormulaOptions columns;
    columns.weights_column = args->weights;
    columns.cluster_column = args->cluster;
    const CoxResult fit = fit_cox(table, args->formula, options, columns);
    std::printf("Call:\ncoxph(formula = %s, ties = \"%s\"%s)\n\n", args->formula.c_str(),
                args->ties.c_str(), fit.robust ? ", robust = TRUE" : "");
    std::string text = format_cox_summary(fit, options);
    if (fit.rows_dropped > 0)
      std::printf("  (%zu observations deleted due to missingness: %s)\n", fit.rows_dropped,
                  fit.dropped_detail.c_str());
    std::fputs(text.c_str(), stdout);
    for (const auto& w : fit.warnings) std::printf("Warning: %s\n", w.c_str());
    if (!args->out.empty()) {
      write_file_atomically(args->out, coefficient_csv(fit));
      std::printf("wrote %s\n", args->out.c_str());
    }
  });
}

}  // namespace harmcast::cli
