// Disclosure control of the scenario tables the report shows (disclosure_control.hpp). A
// reoffending scenario over a small cohort segment turns a handful of people's recorded offences
// into its baseline, so its counts (expected offences, events averted, their intervals) can point
// at individuals. The published copies /scenarios/averted_published and
// /scenarios/targets_published blank every such count of a cohort row below
// data.disclosure_threshold, and the sd with its mean. Area rows (recorded crime in places) are
// published as they are; the full tables stay for the value stage and the results store.
#include "engine/runner/disclosure_control.hpp"
#include "engine/runner/stage_scenario.hpp"

namespace harmcast {

void add_published_scenario_tables(RunResults& results, int disclosure_threshold) {
  if (const Table* averted = results.find_table("/scenarios/averted")) {
    SuppressionRule rule;
    rule.counts = {"mean", "lo_95", "hi_95", "lo_80", "hi_80", "median", "baseline_mean"};
    rule.linked = {"sd"};
    results.add_table("/scenarios/averted_published",
                      suppressed_copy(*averted, rule, disclosure_threshold));
  }
  if (const Table* targets = results.find_table("/scenarios/targets")) {
    SuppressionRule rule;
    rule.counts = {"mean", "lo_95", "hi_95"};
    results.add_table("/scenarios/targets_published",
                      suppressed_copy(*targets, rule, disclosure_threshold));
  }
}

}  // namespace harmcast
