#include "engine/runner/stage_kpi.hpp"

#include <algorithm>
#include <cmath>

#include "engine/core/error.hpp"
#include "models/kpi/baseline_comparison.hpp"

namespace harmcast {
namespace {

std::string assessment(const kpi::BaselineComparison& c, kpi::Direction desired) {
  switch (c.verdict) {
    case kpi::ChangeVerdict::NotAssessed:
      return "not assessed";
    case kpi::ChangeVerdict::NoClearChange:
      return "no clear change";
    case kpi::ChangeVerdict::RealDecrease:
      return desired == kpi::Direction::Fall ? "improving" : "worsening";
    case kpi::ChangeVerdict::RealIncrease:
      return desired == kpi::Direction::Rise ? "improving" : "worsening";
  }
  return "not assessed";
}

struct KpiRow {
  std::string group;
  kpi::Direction desired;
  kpi::BaselineComparison comparison;
};

}  // namespace

void run_kpi_stage(const Panel& crime, const KpiConfig& config, RunResults& results) {
  const auto& keys = crime.key_names();
  for (const auto& g : config.group_by) {
    if (std::find(keys.begin(), keys.end(), g) == keys.end()) {
      std::string known;
      for (const auto& k : keys) known += (known.empty() ? "" : ", ") + k;
      throw Error("kpi.group_by", "\"" + g + "\" is not a column identifying the crime series",
                  "Use one of: " + known + ", or [] for all recorded crime only.");
    }
  }
  std::vector<std::string> summed;
  for (const auto& k : keys) {
    if (std::find(config.group_by.begin(), config.group_by.end(), k) == config.group_by.end()) {
      summed.push_back(k);
    }
  }

  kpi::BaselineComparisonOptions options;
  options.recent_periods = config.recent_months;
  options.baseline_periods = config.baseline_years * 12;
  options.periods_per_year = 12;
  options.level = config.level;

  std::vector<KpiRow> rows;
  auto assess = [&](const PanelSeries& s, const std::string& label, kpi::Direction desired) {
    options.desired = desired;
    const int first_season = s.start.position_in_year() - 1;
    rows.push_back({label, desired, kpi::compare_with_baseline(s.values, first_season, options)});
  };
  if (!config.group_by.empty()) {
    const Panel grouped = summed.empty() ? crime : crime.sum_over(summed);
    for (const auto& s : grouped.all_series()) {
      const bool rise = config.group_by.size() == 1 &&
                        config.direction_for(s.key.front()) == ChangeDirection::Rise;
      assess(s, s.id, rise ? kpi::Direction::Rise : kpi::Direction::Fall);
    }
  }
  const Panel total = crime.sum_over(keys);
  assess(total.series(0), "all recorded crime", kpi::Direction::Fall);

  const Period last = crime.last_period();
  const Period recent_start = last - (config.recent_months - 1);
  const Period baseline_start = recent_start - config.baseline_years * 12;
  std::vector<std::string> group, desired, verdict, judged, note;
  std::vector<double> recent, baseline, change, low, high, p, phi;
  for (const auto& r : rows) {
    const auto& c = r.comparison;
    const bool ok = c.verdict != kpi::ChangeVerdict::NotAssessed;
    group.push_back(r.group);
    desired.push_back(kpi::to_string(r.desired));
    verdict.push_back(kpi::to_string(c.verdict));
    judged.push_back(assessment(c, r.desired));
    note.push_back(c.message);
    recent.push_back(ok ? c.recent_total : NAN);
    baseline.push_back(ok ? c.baseline_mean_total : NAN);
    change.push_back(ok ? c.change : NAN);
    low.push_back(ok ? c.ratio_low - 1 : NAN);
    high.push_back(ok ? c.ratio_high - 1 : NAN);
    p.push_back(ok ? c.p_value : NAN);
    phi.push_back(ok ? c.dispersion : NAN);
  }
  const std::size_t n = rows.size();
  Table t;
  t.add_column(Column::categorical_from_strings(
      config.group_by.empty() ? "group" : config.group_by.front(), group));
  t.add_column(Column::periods("baseline_start", Frequency::Month,
                               std::vector<std::int64_t>(n, baseline_start.ordinal())));
  t.add_column(Column::periods("recent_start", Frequency::Month,
                               std::vector<std::int64_t>(n, recent_start.ordinal())));
  t.add_column(Column::periods("recent_end", Frequency::Month,
                               std::vector<std::int64_t>(n, last.ordinal())));
  t.add_column(result_floats("recent_total", recent));
  t.add_column(result_floats("baseline_mean_total", baseline));
  t.add_column(result_floats("change", change));
  t.add_column(result_floats("change_low", low));
  t.add_column(result_floats("change_high", high));
  t.add_column(result_floats("p_value", p));
  t.add_column(result_floats("dispersion", phi));
  t.add_column(Column::categorical_from_strings("verdict", verdict));
  t.add_column(Column::categorical_from_strings("desired", desired));
  t.add_column(Column::categorical_from_strings("assessment", judged));
  t.add_column(Column::categorical_from_strings("note", note));
  for (const auto& r : rows) {
    if (r.comparison.verdict == kpi::ChangeVerdict::NotAssessed) {
      results.add_note({"kpi", r.group, r.comparison.message});
    }
  }
  results.add_table("/kpi/summary", std::move(t));
}

}  // namespace harmcast
