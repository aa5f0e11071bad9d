// "Scenarios": what each scenario does, a baseline-versus-scenario chart for every targeted crime
// type, the events averted per year with intervals, the costs, and the chance of meeting targets.
#include <fmt/format.h>

#include <cmath>
#include <map>
#include <set>

#include "reports/charts/line_chart.hpp"
#include "reports/html/number_format.hpp"
#include "reports/sections/sections.hpp"

namespace harmcast::report {
namespace {

std::vector<std::string> distinct(const Table& t, const std::string& column) {
  std::vector<std::string> out;
  std::set<std::string> seen;
  for (std::size_t r = 0; r < t.rows(); ++r)
    if (seen.insert(text_cell(t, column, r)).second) out.push_back(text_cell(t, column, r));
  return out;
}

void add_interventions_table(HtmlDocument& doc, const Table& interventions) {
  HtmlTable table;
  table.caption = "What each scenario does";
  table.header = {"Scenario", "Intervention",       "Target",   "Start",
                  "Ramp-up",  "Effect on the rate", "Coverage", "Half-life after year 1"};
  table.align = {Align::Left,  Align::Left, Align::Left,  Align::Left,
                 Align::Right, Align::Left, Align::Right, Align::Right};
  for (std::size_t r = 0; r < interventions.rows(); ++r) {
    const double half_life = cell(interventions, "half_life_months", r);
    table.rows.push_back(
        {text_cell(interventions, "scenario", r), text_cell(interventions, "intervention", r),
         text_cell(interventions, "target", r), text_cell(interventions, "start", r),
         format_number(cell(interventions, "ramp_months", r)) + " months",
         text_cell(interventions, "effect", r),
         format_percent(cell(interventions, "coverage", r), 0),
         half_life > 0 ? format_number(half_life) + " months" : "lasting"});
  }
  doc.table(table);
}

// Which evaluation of this run gave which intervention its effect (provenance of the numbers).
void add_effect_sources(HtmlDocument& doc, const Table& sources) {
  for (std::size_t r = 0; r < sources.rows(); ++r)
    doc.paragraph(fmt::format(
        "The effect of \"{}\" in \"{}\" is not typed in: it is the estimate of the evaluation "
        "\"{}\" ({}) in this run, {} with standard error {} ({}), drawn as {}.",
        text_cell(sources, "intervention", r), text_cell(sources, "scenario", r),
        text_cell(sources, "evaluation", r), text_cell(sources, "result", r),
        format_number(cell(sources, "estimate", r), 4),
        format_number(cell(sources, "std_error", r), 4), text_cell(sources, "scale", r),
        text_cell(sources, "effect", r)));
}

// Recorded months, then the baseline and the scenario (medians with 80% bands) over the horizon.
// Only for area series (with recorded history); cohort offences are shown in the table alone.
// Returns whether a chart was drawn.
bool add_scenario_chart(HtmlDocument& doc, const Table& paths, const Table* history,
                        const std::string& scenario, const std::string& type) {
  LineChartSpec chart;
  chart.title = scenario + ": " + humanise(type) + " in the targeted areas";
  chart.x_label = "month";
  chart.y_label = "offences per month";
  std::vector<double> recorded;
  if (history != nullptr) {
    for (std::size_t r = 0; r < history->rows(); ++r) {
      if (text_cell(*history, "scenario", r) != scenario ||
          text_cell(*history, "crime_type", r) != type)
        continue;
      chart.x_labels.push_back(text_cell(*history, "period", r));
      recorded.push_back(cell(*history, "value", r));
    }
  }
  const std::size_t n_history = chart.x_labels.size();
  if (n_history == 0) return false;  // cohort offences: too few a month to chart
  std::vector<double> base(n_history, NAN), with(n_history, NAN);
  std::vector<double> base_lo(n_history, NAN), base_hi(n_history, NAN);
  std::vector<double> with_lo(n_history, NAN), with_hi(n_history, NAN);
  for (std::size_t r = 0; r < paths.rows(); ++r) {
    if (text_cell(paths, "scenario", r) != scenario || text_cell(paths, "crime_type", r) != type)
      continue;
    chart.x_labels.push_back(text_cell(paths, "period", r));
    recorded.push_back(NAN);
    base.push_back(cell(paths, "baseline_median", r));
    with.push_back(cell(paths, "scenario_median", r));
    base_lo.push_back(cell(paths, "baseline_lo_80", r));
    base_hi.push_back(cell(paths, "baseline_hi_80", r));
    with_lo.push_back(cell(paths, "scenario_lo_80", r));
    with_hi.push_back(cell(paths, "scenario_hi_80", r));
  }
  if (chart.x_labels.size() == n_history) return false;
  chart.bands = {{"baseline 80% interval", base_lo, base_hi, "#7f7f7f", 0.18},
                 {"scenario 80% interval", with_lo, with_hi, "#009E73", 0.22}};
  chart.lines = {{"recorded", recorded, "#1f2328"},
                 {"baseline (median)", base, "#555555", true},
                 {"scenario (median)", with, "#009E73"}};
  chart.marker_at = n_history;
  chart.marker_label = "simulation starts";
  doc.chart(render_line_chart(chart),
            fmt::format("{}: recorded offences, then the simulated baseline and scenario "
                        "(medians and 80% intervals over the sample paths).",
                        humanise(type)));
  return true;
}

void add_averted_table(HtmlDocument& doc, const Table& averted, const Table* costs, int threshold) {
  std::map<std::pair<std::string, std::string>, std::pair<double, std::string>> cost_of;
  if (costs != nullptr) {
    for (std::size_t r = 0; r < costs->rows(); ++r) {
      const double price_year = cell(*costs, "price_year", r);
      cost_of[{text_cell(*costs, "scenario", r), text_cell(*costs, "year", r)}] = {
          cell(*costs, "cost", r),
          price_year > 0 ? fmt::format("{}/{:02d}", price_year, int(price_year + 1) % 100) : ""};
    }
  }
  HtmlTable table;
  table.caption = "Offences averted by year (positive = fewer offences than the baseline)";
  table.header = {"Scenario",          "Crime type",      "Year",
                  "Baseline offences", "Averted",         "95% interval",
                  "Share of baseline", "Cost in the year"};
  table.align = {Align::Left,  Align::Left,  Align::Right, Align::Right,
                 Align::Right, Align::Right, Align::Right, Align::Right};
  for (std::size_t r = 0; r < averted.rows(); ++r) {
    const std::string scenario = text_cell(averted, "scenario", r);
    const std::string year = text_cell(averted, "year", r);
    const double months = cell(averted, "months", r);
    const double baseline = cell(averted, "baseline_mean", r);
    const double mean = cell(averted, "mean", r);
    std::string cost = "\u2013";
    if (auto it = cost_of.find({scenario, year}); it != cost_of.end() && it->second.first > 0)
      cost = format_pounds(it->second.first) + " (" + it->second.second + " prices)";
    table.rows.push_back(
        {scenario, humanise(text_cell(averted, "crime_type", r)),
         year + (months < 12 ? fmt::format(" ({} months)", months) : ""),
         published_count(averted, "baseline_mean", r, 0, threshold),
         published_count(averted, "mean", r, 1, threshold),
         published_count(averted, "lo_95", r, 1, threshold) + " to " +
             published_count(averted, "hi_95", r, 1, threshold),
         baseline > 0 && std::isfinite(mean) ? format_percent(mean / baseline, 1) : "\u2013",
         cost});
  }
  table.note =
      "Year 1 is the first 12 months from the scenario's start. Intervals come from the sample "
      "paths: they carry the uncertainty of the baseline forecast, of the effect size and of "
      "the counts; the scenario and its baseline share their random numbers, so the difference "
      "is not swamped by noise. Costs are undiscounted, in the stated prices. Offences of a "
      "cohort segment below " +
      std::to_string(threshold) + " are shown as \"<" + std::to_string(threshold) +
      "\" (disclosure control).";
  doc.table(table);
}

void add_targets_table(HtmlDocument& doc, const Table& targets) {
  const auto variants = distinct(targets, "variant");
  HtmlTable table;
  table.caption = "Chance of meeting each target";
  table.header = {"Target", "Window", "Threshold"};
  for (const auto& v : variants) table.header.push_back(v == "baseline" ? "Baseline" : v);
  table.align.assign(table.header.size(), Align::Right);
  table.align[0] = table.align[1] = Align::Left;
  for (const auto& name : distinct(targets, "target")) {
    std::vector<std::string> row = {name, "", ""};
    for (const auto& v : variants) {
      for (std::size_t r = 0; r < targets.rows(); ++r) {
        if (text_cell(targets, "target", r) != name || text_cell(targets, "variant", r) != v)
          continue;
        row[1] = text_cell(targets, "window", r);
        row[2] = "below " + format_number(cell(targets, "threshold", r)) + " (" +
                 text_cell(targets, "threshold_note", r) + ")";
        row.push_back(format_percent(cell(targets, "probability", r), 0));
      }
    }
    table.rows.push_back(std::move(row));
  }
  table.note = "The share of simulated futures in which the window's total is below the threshold.";
  doc.table(table);
}

}  // namespace

void add_scenario_section(HtmlDocument& doc, const RunResults& results,
                          const ReportSettings& settings) {
  // The published copies (small cohort counts blanked) when the run made them.
  const Table* averted = results.find_table("/scenarios/averted_published");
  if (averted == nullptr) averted = results.find_table("/scenarios/averted");
  const Table* paths = results.find_table("/scenarios/paths");
  if (averted == nullptr || paths == nullptr) return;
  doc.section("scenarios", "Scenarios");
  doc.paragraph(
      "What if the partnership did something different? Each scenario's interventions change "
      "the expected number of offences in the areas or cohort they target, building up over a "
      "ramp-up period and for the share of the target they reach. Thousands of possible futures "
      "are simulated from the baseline forecasts, once as they are and once with the scenario, "
      "and compared future by future.");
  if (const std::string* method = results.find_text("/scenarios/method")) {
    doc.paragraph("Simulation: " + *method);
  }
  if (const Table* interventions = results.find_table("/scenarios/interventions")) {
    add_interventions_table(doc, *interventions);
  }
  if (const Table* sources = results.find_table("/scenarios/effect_sources")) {
    add_effect_sources(doc, *sources);
  }
  const Table* history = results.find_table("/scenarios/history");
  for (const auto& scenario : distinct(*paths, "scenario")) {
    doc.subheading(scenario);
    std::vector<std::string> types;
    std::set<std::string> seen;
    for (std::size_t r = 0; r < paths->rows(); ++r)
      if (text_cell(*paths, "scenario", r) == scenario &&
          seen.insert(text_cell(*paths, "crime_type", r)).second)
        types.push_back(text_cell(*paths, "crime_type", r));
    bool charted = false;
    for (const auto& type : types)
      charted = add_scenario_chart(doc, *paths, history, scenario, type) || charted;
    if (!charted) {
      doc.paragraph(
          "This scenario changes the reoffending of a cohort: its offences are too few a month "
          "to chart, so its effect is in the table of offences averted below.");
    }
  }
  add_averted_table(doc, *averted, results.find_table("/scenarios/costs"),
                    settings.disclosure_threshold);
  if (const Table* targets = results.find_table("/scenarios/targets_published");
      targets != nullptr && targets->rows() > 0) {
    add_targets_table(doc, *targets);
  }
}

}  // namespace harmcast::report
