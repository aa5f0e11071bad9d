#pragma once
// The HTML report of an experiment run, rendered from its RunResults (so it can be rebuilt from a
// results store at any time). Sections appear when their stage produced results: summary of KPIs
// against baseline, forecasts, scenarios, service evaluations, value for money, and a methods and
// provenance appendix.
#include <string>

#include "engine/results/run_results.hpp"

namespace harmcast::report {

struct ReportSettings {
  std::string title = "harmcast report";
  std::string description;       // the experiment's description
  int disclosure_threshold = 5;  // counts of people below this are shown as "<N"
};

std::string render_experiment_report(const RunResults& results, const ReportSettings& settings);

}  // namespace harmcast::report
