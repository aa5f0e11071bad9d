#include "engine/runner/stage_scenario.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>

#include "engine/core/error.hpp"
#include "engine/core/parallel.hpp"
#include "engine/runner/stage_forecast.hpp"
#include "models/timeseries/auto_arima.hpp"
#include "models/timeseries/benchmarks.hpp"

namespace harmcast {

namespace ts = timeseries;
namespace sc = scenario;

namespace {

std::string key_label(const Panel& panel, const PanelSeries& s, const std::string& key) {
  const auto& names = panel.key_names();
  const auto it = std::find(names.begin(), names.end(), key);
  return it == names.end() ? std::string() : s.key[it - names.begin()];
}

// The area series grouped by the baseline's group_by labels (in panel order), with the total
// each group's model is fitted to.
struct AreaGroup {
  std::string name;
  std::vector<std::size_t> members;  // panel indices
  std::vector<double> total;         // summed over the members, NaN where any is missing
};

std::vector<AreaGroup> area_groups(const Panel& crime, const ScenarioBaselineConfig& b) {
  std::vector<AreaGroup> groups;
  std::map<std::string, std::size_t> index;
  const Period first = crime.first_period();
  const std::size_t n = static_cast<std::size_t>(crime.last_period() - first) + 1;
  for (std::size_t i = 0; i < crime.size(); ++i) {
    const PanelSeries& s = crime.series(i);
    std::vector<std::string> labels;
    for (const auto& key : b.group_by) labels.push_back(key_label(crime, s, key));
    const std::string name = fmt::format("{}", fmt::join(labels, " | "));
    auto [it, added] = index.emplace(name, groups.size());
    if (added) groups.push_back({name, {}, std::vector<double>(n, 0.0)});
    AreaGroup& g = groups[it->second];
    g.members.push_back(i);
    for (std::size_t t = 0; t < n; ++t) {
      const std::int64_t k = (first + static_cast<std::int64_t>(t)) - s.start;
      g.total[t] += (k >= 0 && k < static_cast<std::int64_t>(s.size())) ? s.values[k] : NAN;
    }
  }
  return groups;
}

double recent_total(const PanelSeries& s, int months) {
  double total = 0;
  for (std::size_t t = s.size() > std::size_t(months) ? s.size() - months : 0; t < s.size(); ++t)
    if (!std::isnan(s.values[t])) total += s.values[t];
  return total;
}

std::map<std::string, sc::BaselineGroup> cohort_groups(const ScenarioStageConfig& s,
                                                       const Table* cohort) {
  std::map<std::string, sc::BaselineGroup> out;
  if (s.cohorts.empty()) return out;
  if (cohort == nullptr)
    throw Error("scenarios.cohorts", "cohort segments need an offender cohort",
                "Set data.cohort.path, or use the synthetic city.");
  for (const auto& segment : s.cohorts) out[segment.name] = sc::cohort_baseline(*cohort, segment);
  return out;
}

sc::Intervention to_model(const InterventionConfig& c) {
  return {c.name,   c.target,   *c.start,           c.ramp_months,
          c.effect, c.coverage, c.half_life_months, c.costs};
}

bool selected(const std::vector<sc::Scenario>& scenarios, const std::vector<sc::Target>& targets,
              const sc::SeriesLabels& l) {
  for (const auto& s : scenarios)
    for (const auto& i : s.interventions)
      if (i.target.matches(l.crime_type, l.ward, l.cohort)) return true;
  for (const auto& t : targets)
    if (t.series.matches(l.crime_type, l.ward, l.cohort)) return true;
  return false;
}

// The recorded months up to `last` (a scenario simulated from an origin in the past).
Panel recorded_until(const Panel& crime, Period last) {
  std::vector<PanelSeries> kept;
  for (const auto& s : crime.all_series()) {
    if (s.start > last) continue;
    PanelSeries cut = s;
    cut.values.resize(
        std::min<std::size_t>(s.size(), static_cast<std::size_t>(last - s.start) + 1));
    kept.push_back(std::move(cut));
  }
  return Panel(crime.key_names(), crime.frequency(), std::move(kept), crime.time_name(),
               crime.value_name());
}

}  // namespace

sc::SeriesLabels scenario_area_labels(const Panel& crime, const PanelSeries& s) {
  std::string type = key_label(crime, s, "crime_type");
  return {s.id, type.empty() ? s.id : type, key_label(crime, s, "ward"), ""};
}

// All series a scenario could select (area series and cohort segments), in simulation order.
std::vector<sc::SeriesLabels> scenario_series_labels(const Panel& crime,
                                                     const ScenarioStageConfig& s,
                                                     const Table* cohort) {
  std::vector<sc::SeriesLabels> labels;
  for (const auto& series : crime.all_series())
    labels.push_back(scenario_area_labels(crime, series));
  for (const auto& [name, group] : cohort_groups(s, cohort))
    labels.insert(labels.end(), group.members.begin(), group.members.end());
  return labels;
}

void run_scenario_stage(const Panel& recorded, const Table* cohort,
                        const ScenarioStageConfig& config, std::uint64_t seed, int threads,
                        int disclosure_threshold, RunResults& results) {
  const ScenarioStageConfig s = with_evaluated_effects(config, results);
  const Panel crime = s.origin ? recorded_until(recorded, *s.origin) : recorded;
  sc::SimulationOptions options;
  options.paths = s.paths;
  options.seed = seed;
  options.threads = threads;
  options.noise = s.noise;
  options.first = crime.last_period() + 1;
  options.horizon = s.horizon;

  std::vector<sc::Scenario> scenarios;
  for (const auto& plan : s.plans) {
    sc::Scenario scenario{plan.name, {}};
    for (const auto& i : plan.interventions) scenario.interventions.push_back(to_model(i));
    scenarios.push_back(std::move(scenario));
  }
  std::vector<sc::Target> targets;
  for (const auto& t : s.targets) {
    sc::Target target{t.name, t.series, *t.from, *t.to, t.below, ""};
    if (std::isnan(t.below)) {
      const auto& w = t.below_recorded;
      double recorded = 0;
      for (const auto& series : crime.all_series()) {
        const auto l = scenario_area_labels(crime, series);
        if (!t.series.matches(l.crime_type, l.ward, l.cohort)) continue;
        for (Period p = *w.from; p <= *w.to; p = p + 1) {
          const std::int64_t k = p - series.start;
          const double v = k >= 0 && k < std::int64_t(series.size()) ? series.values[k] : NAN;
          if (std::isnan(v))
            throw Error("scenarios.targets: " + t.name,
                        fmt::format("{} has no recorded value in {}", series.id, p.to_string()),
                        "Choose a recorded window without missing months.");
          recorded += v;
        }
      }
      target.threshold = w.factor * recorded;
      target.threshold_note = fmt::format("{}recorded total {} to {}",
                                          w.factor == 1 ? "" : fmt::format("{} x ", w.factor),
                                          w.from->to_string(), w.to->to_string());
    } else {
      target.threshold_note = "a set number";
    }
    targets.push_back(std::move(target));
  }

  // Baselines: the area groups that hold a selected series, fitted in parallel, then cohorts.
  std::vector<AreaGroup> area;
  for (auto& g : area_groups(crime, s.baseline)) {
    const bool needed = std::any_of(g.members.begin(), g.members.end(), [&](std::size_t i) {
      return selected(scenarios, targets, scenario_area_labels(crime, crime.series(i)));
    });
    if (needed) area.push_back(std::move(g));
  }
  std::vector<std::shared_ptr<const ts::ForecastModel>> models(area.size());
  std::vector<std::string> failures(area.size());
  const int period = periods_per_year(crime.frequency());
  parallel_for(area.size(), threads, [&](std::size_t g) {
    ts::Series series;
    series.values = area[g].total;
    series.period = period;
    series.id = area[g].name;
    try {
      models[g] = fit_forecast_model(series, s.baseline.model).model;
    } catch (const Error& e) {
      failures[g] = e.what();
    }
  });
  std::vector<sc::BaselineGroup> groups;
  std::vector<std::string> m_group, m_model, m_status, m_parameters;
  for (std::size_t g = 0; g < area.size(); ++g) {
    if (!failures[g].empty())
      throw Error("scenarios.baseline: " + area[g].name,
                  "the baseline model could not be fitted: " + failures[g],
                  "Choose another scenarios.baseline.model.");
    sc::BaselineGroup group;
    group.name = area[g].name;
    group.rates =
        std::make_shared<sc::ForecastRatePaths>(models[g], s.noise == sc::CountNoise::Poisson);
    for (std::size_t i : area[g].members) {
      group.members.push_back(scenario_area_labels(crime, crime.series(i)));
      group.share_weights.push_back(recent_total(crime.series(i), s.baseline.share_months));
    }
    group.uncertain_shares = area[g].members.size() > 1;
    groups.push_back(std::move(group));
    m_group.push_back(area[g].name);
    m_model.push_back(models[g]->description());
    m_status.push_back(to_string(models[g]->summary().status));
    m_parameters.push_back(models[g]->has_parameter_uncertainty() ? "drawn per path" : "fixed");
  }
  for (auto& [name, group] : cohort_groups(s, cohort)) {
    m_group.push_back("cohort " + name);
    m_model.push_back("cohort reoffending rate x offence mix");
    m_status.push_back("ok");
    m_parameters.push_back("drawn per path");  // reoffending proportion and frequency
    groups.push_back(std::move(group));
  }

  const sc::ScenarioResult r = sc::simulate_scenarios(groups, scenarios, targets, options);

  add_scenario_tables(r, scenarios, targets, crime, options.first, results);
  add_published_scenario_tables(results, disclosure_threshold);

  Table baselines;
  baselines.add_column(Column::categorical_from_strings("group", m_group));
  baselines.add_column(Column::categorical_from_strings("model", m_model));
  baselines.add_column(Column::categorical_from_strings("status", m_status));
  baselines.add_column(Column::categorical_from_strings("parameters", m_parameters));

  results.add_table("/scenarios/baselines", std::move(baselines));
  results.add_text("/scenarios/method",
                   fmt::format("{} paths, {} months from {}{}; baseline {} by {}; counts {}; "
                               "scenarios compared with the baseline on common random numbers.",
                               s.paths, s.horizon, options.first.to_string(),
                               s.origin ? " (simulated from the data up to " +
                                              s.origin->to_string() + ", the origin set)"
                                        : "",
                               to_string(s.baseline.model), fmt::join(s.baseline.group_by, " x "),
                               to_string(s.noise)));
}

}  // namespace harmcast
