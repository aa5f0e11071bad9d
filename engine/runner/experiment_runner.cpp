#include "engine/runner/experiment_runner.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <chrono>

#include "engine/config/experiment_config.hpp"
#include "engine/core/error.hpp"
#include "engine/core/parallel.hpp"
#include "engine/core/progress.hpp"
#include "engine/io/atomic_file.hpp"
#include "engine/runner/experiment_data.hpp"
#include "engine/runner/methods_table.hpp"
#include "engine/runner/stage_area.hpp"
#include "engine/runner/stage_evaluation.hpp"
#include "engine/runner/stage_forecast.hpp"
#include "engine/runner/stage_intervention.hpp"
#include "engine/runner/stage_kpi.hpp"
#include "engine/runner/stage_models.hpp"
#include "engine/runner/stage_plan.hpp"
#include "engine/runner/stage_scenario.hpp"
#include "engine/runner/stage_value.hpp"
#include "engine/store/results_store.hpp"
#include "reports/experiment_report.hpp"

namespace harmcast {
namespace {

ExperimentConfig load_config(const RunRequest& request) {
  ExperimentConfig config = load_experiment_config(request.config_path);
  if (request.seed) set_experiment_seed(config, *request.seed);
  if (request.threads) config.threads = *request.threads;
  if (request.out_dir) config.output_dir = *request.out_dir;
  if (config.output_dir.empty()) config.output_dir = std::filesystem::path("runs") / config.name;
  return config;
}

Table data_summary(const ExperimentData& data) {
  std::vector<std::string> item, value;
  auto add = [&](std::string i, std::string v) {
    item.push_back(std::move(i));
    value.push_back(std::move(v));
  };
  add("source", data.description);
  if (!data.crime.empty()) {  // a cohort-only experiment has no crime data
    add("crime series",
        fmt::format("{} ({})", data.crime.size(), fmt::join(data.crime.key_names(), " x ")));
    add("months",
        data.crime.first_period().to_string() + " to " + data.crime.last_period().to_string());
    add("rows of crime data", std::to_string(data.crime_table.rows()));
    add("missing values", data.crime.describe_gaps(5));
  }
  if (data.cohort) add("offender cohort", fmt::format("{} people", data.cohort->rows()));
  if (data.services) add("service participants", fmt::format("{} records", data.services->rows()));
  Table t;
  t.add_column(Column::categorical_from_strings("item", item));
  t.add_column(Column::categorical_from_strings("value", value));
  return t;
}

}  // namespace

ValidationOutcome validate_experiment(const RunRequest& request) {
  const ExperimentConfig config = load_config(request);
  const StagePlan plan = plan_stages(config);
  const ExperimentData data = load_experiment_data(config, {});
  check_plan_against_data(plan, data, config);
  ValidationOutcome out;
  out.experiment = config.name;
  out.data_description = data.description;
  out.series = data.crime.size();
  if (!data.crime.empty()) {
    out.first_period = data.crime.first_period().to_string();
    out.last_period = data.crime.last_period().to_string();
    out.gaps = data.crime.describe_gaps(5);
  }
  return out;
}

RunOutcome run_experiment(const RunRequest& request) {
  const auto clock_start = std::chrono::steady_clock::now();
  RunResults results;
  results.provenance.started_at = utc_timestamp_now();

  const ExperimentConfig config = load_config(request);
  const std::filesystem::path out = config.output_dir;
  ensure_writable_directory(out);

  const StagePlan plan = plan_stages(config);
  // `harmcast scenario` runs only what the scenarios need: the data, their baselines, them.
  const bool everything = !request.scenarios_only;
  if (request.scenarios_only && plan.scenarios.empty())
    throw Error(request.config_path.string(), "the config has no scenarios (scenarios.plans)",
                "Add a scenarios section; see experiments/default.yaml.");
  const bool forecasts = everything && config.forecast.enabled;
  // Evaluations run before the scenarios; also under `harmcast scenario` when they feed effects.
  const bool evaluations = everything || plan.scenarios.fed_by_evaluations();
  const auto stage_if = [](bool runs) -> std::size_t { return runs ? 1 : 0; };
  const std::size_t stages =
      (everything ? 3 : 2) + stage_if(forecasts) +
      stage_if(everything && !plan.interventions.empty()) +
      stage_if(evaluations && !plan.evaluations.empty()) +
      stage_if(everything && !plan.models.empty()) + stage_if(evaluations && !plan.areas.empty()) +
      stage_if(!plan.scenarios.empty()) + stage_if(everything && plan.value.present);
  ProgressBar progress("harmcast run", stages,
                       request.quiet ? ProgressMode::Quiet : ProgressMode::Auto);

  ExperimentData data = load_experiment_data(
      config, config.data.source == DataSource::Synthetic ? out / "data" : std::filesystem::path());
  check_plan_against_data(plan, data, config);
  results.add_table("/data/summary", data_summary(data));
  if (data.crime.gaps().size() > 0) {
    results.add_note({"data", "crime", data.crime.describe_gaps(10)});
  }
  progress.advance(1);

  const bool crime = !data.crime.empty();  // a cohort-only experiment has none
  if (everything) {
    if (crime) run_kpi_stage(data.crime, config.kpi, results);
    progress.advance(1);
  }
  if (forecasts) {
    if (crime) run_forecast_stage(data.crime, config.forecast, config.threads, results);
    progress.advance(1);
  }
  if (everything && !plan.interventions.empty()) {
    run_intervention_stage(data, plan.interventions, config, results);
    progress.advance(1);
  }
  if (evaluations && !plan.evaluations.empty()) {
    if (data.cohort) {
      run_evaluation_stage(*data.cohort, plan.evaluations, config.data.disclosure_threshold,
                           results);
    } else {
      results.add_note(
          {"evaluation", "", "no offender cohort (data.cohort.path) to evaluate with"});
    }
    progress.advance(1);
  }
  if (everything && !plan.models.empty()) {
    if (data.cohort) {
      run_models_stage(*data.cohort, plan.models, results);
    } else {
      results.add_note({"models", "", "no offender cohort (data.cohort.path) to fit models to"});
    }
    progress.advance(1);
  }
  if (evaluations && !plan.areas.empty()) {
    if (crime)
      run_area_stage(data.crime, plan.areas, config.seed, results);
    else
      results.add_note({"area", "", "no crime data (data.crime.path) for the area designs"});
    progress.advance(1);
  }
  if (!plan.scenarios.empty()) {
    run_scenario_stage(data.crime, data.cohort ? &*data.cohort : nullptr, plan.scenarios,
                       config.seed, config.threads, config.data.disclosure_threshold, results);
    progress.advance(1);
  }
  if (everything && plan.value.present) {
    run_value_stage(plan.value, results);  // after evaluations and scenarios: values their tables
    progress.advance(1);
  }

  results.add_table("/methods/stages", methods_table(config, plan, crime));
  Provenance& p = results.provenance;
  p.config_text = config.source_text;
  p.config_path = request.config_path.string();
  p.inputs = data.inputs;
  p.seed = config.seed;
  p.threads = resolve_threads(config.threads);
  p.command_line = request.command_line;
  p.hostname = local_hostname();
  p.finished_at = utc_timestamp_now();

  RunOutcome outcome;
  outcome.out_dir = out;
  outcome.store = out / "results.h5";
  {
    ResultsStore store(outcome.store);
    write_run_results(results, store);
    store.commit();
  }
  outcome.tables = write_run_tables_csv(results, out / "tables");
  if (everything && config.report.enabled) {
    report::ReportSettings settings;
    settings.title = config.report.title.empty() ? config.name : config.report.title;
    settings.description = config.description;
    settings.disclosure_threshold = config.data.disclosure_threshold;
    outcome.report = out / "report.html";
    write_file_atomically(outcome.report, report::render_experiment_report(results, settings));
  }
  progress.advance(1);
  progress.finish();
  outcome.notes = results.notes();
  outcome.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - clock_start).count();
  return outcome;
}

}  // namespace harmcast
