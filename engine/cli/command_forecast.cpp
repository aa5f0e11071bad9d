// harmcast forecast --data FILE --id COL --time COL --value COL --horizon H --model M ...
#include <algorithm>
#include <cstdio>
#include <memory>
#include <sstream>

#include "engine/cli/commands.hpp"
#include "engine/cli/option_checks.hpp"
#include "engine/core/error.hpp"
#include "engine/io/csv_reader.hpp"
#include "engine/io/csv_writer.hpp"
#include "engine/runner/stage_forecast.hpp"

namespace harmcast::cli {
namespace {

struct ForecastArguments {
  std::string data, time = "month", value = "count", out = "forecasts.csv", accuracy;
  std::vector<std::string> ids;
  std::string model = "auto";
  std::string levels = "80,95";
  int horizon = 12;
  int holdout = 0;
  int threads = 0;
  // Model forms (engine/config/forecast_options.hpp) and intervention regressors.
  ForecastCountConfig count;
  std::string count_past_obs = "1", count_past_mean = "1";
  ForecastStructuralConfig structural;
  std::vector<std::string> interventions;  // START[:SHAPE[:NAME]]
};

// "1,12" -> {1, 12}; "none" -> {}.
std::vector<int> parse_lags(const std::string& text, const std::string& flag) {
  std::vector<int> lags;
  if (text == "none") return lags;
  std::stringstream stream(text);
  std::string item;
  while (std::getline(stream, item, ',')) {
    std::size_t used = 0;
    int lag = 0;
    try {
      lag = std::stoi(item, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used == 0 || used != item.size() || lag < 1 || lag > 60 ||
        std::find(lags.begin(), lags.end(), lag) != lags.end())
      throw Error(
          flag, "expected distinct lags from 1 to 60 such as 1,12 (or none), got \"" + text + "\"");
    lags.push_back(lag);
  }
  return lags;
}

// "2019-04", "2019-04:ramp", "2019-04:step:Pilot".
ForecastInterventionConfig parse_intervention(const std::string& text) {
  ForecastInterventionConfig c;
  const auto first = text.find(':');
  c.start = Period::parse(text.substr(0, first), std::nullopt, "--intervention");
  if (first != std::string::npos) {
    const auto second = text.find(':', first + 1);
    c.shape = text.substr(first + 1,
                          second == std::string::npos ? std::string::npos : second - first - 1);
    if (second != std::string::npos) c.name = text.substr(second + 1);
    const auto& words = forecast_intervention_shape_words();
    if (std::find(words.begin(), words.end(), c.shape) == words.end())
      throw Error("--intervention", "unknown shape \"" + c.shape + "\" in \"" + text + "\"",
                  "Use START[:step|ramp|pulse[:NAME]], e.g. 2019-04:step:Pilot.");
  }
  return c;
}

std::vector<int> parse_levels(const std::string& text) {
  std::vector<int> levels;
  std::stringstream stream(text);
  std::string item;
  while (std::getline(stream, item, ',')) {
    try {
      std::size_t used = 0;
      const int level = std::stoi(item, &used);
      if (used != item.size() || level <= 0 || level >= 100) throw std::invalid_argument(item);
      levels.push_back(level);
    } catch (const std::exception&) {
      throw Error("--levels",
                  "expected interval levels in percent between 0 and 100, such as "
                  "80,95, got \"" +
                      text + "\"");
    }
  }
  return levels;
}

// The points table with its first column called `id`, as the command promises.
Table with_id_column(const Table& table) {
  Table out;
  for (std::size_t c = 0; c < table.cols(); ++c) {
    Column column = table.column(c);
    if (c == 0) column.rename("id");
    out.add_column(std::move(column));
  }
  return out;
}

}  // namespace

void register_forecast_command(CLI::App& app) {
  auto a = std::make_shared<ForecastArguments>();
  auto* cmd = app.add_subcommand(
      "forecast",
      "Forecast every series of a long CSV (one row per series and period) with "
      "prediction intervals; optionally hold out the last K periods and score them.");
  cmd->add_option("--data", a->data, "CSV file, one row per series and period")->required();
  cmd->add_option("--id", a->ids, "Column(s) identifying a series, e.g. --id ward --id crime_type")
      ->required()
      ->delimiter(',');
  cmd->add_option("--time", a->time, "Period column (2019-04, 2019-Q2, ...)")
      ->capture_default_str();
  cmd->add_option("--value", a->value, "Value column")->capture_default_str();
  cmd->add_option("--horizon", a->horizon, "Periods ahead")
      ->check(kPositive)
      ->capture_default_str();
  cmd->add_option(
         "--model", a->model,
         "auto (chosen per series by rolling-origin MASE)|arima|ets|count|structural|snaive|"
         "naive|drift|mean")
      ->capture_default_str();
  cmd->add_option("--levels", a->levels, "Interval levels in percent")->capture_default_str();
  cmd->add_option("--holdout", a->holdout,
                  "Hold out the last K periods of each series and score "
                  "the forecasts against them")
      ->check(kNonNegative);
  cmd->add_option("--out", a->out, "Forecasts CSV: id,period,model,mean,lo_L,hi_L[,actual]")
      ->capture_default_str();
  cmd->add_option("--accuracy", a->accuracy, "Accuracy CSV, one row per series (needs --holdout)");
  cmd->add_option("--threads", a->threads, "Worker threads; 0 = all cores")->check(kNonNegative);
  cmd->add_option("--count-distribution", a->count.distribution, "Count model: poisson|negbin")
      ->check(CLI::IsMember(count_distribution_words()))
      ->capture_default_str();
  cmd->add_option("--count-past-obs", a->count_past_obs,
                  "Count model: lags of log(y + 1), e.g. 1,12, or none")
      ->capture_default_str();
  cmd->add_option("--count-past-mean", a->count_past_mean,
                  "Count model: lags of the log-mean (feedback), or none")
      ->capture_default_str();
  cmd->add_option("--count-harmonics", a->count.harmonics, "Count model: Fourier pairs; 0 = none")
      ->check(CLI::Range(0, 26))
      ->capture_default_str();
  cmd->add_option("--count-trend", a->count.trend, "Count model: linear trend (true|false)")
      ->capture_default_str();
  cmd->add_option("--structural-trend", a->structural.trend, "Structural model: level|trend")
      ->check(CLI::IsMember(structural_trend_words()))
      ->capture_default_str();
  cmd->add_option("--structural-seasonal", a->structural.seasonal,
                  "Structural model: none|dummy|trigonometric")
      ->check(CLI::IsMember(structural_seasonal_words()))
      ->capture_default_str();
  cmd->add_option("--intervention", a->interventions,
                  "Intervention regressor START[:step|ramp|pulse[:NAME]] in every series' model "
                  "(auto, arima, count, structural); repeat for several");
  cmd->callback([a] {
    ForecastConfig config;
    config.horizon = a->horizon;
    config.holdout = a->holdout;
    config.levels = parse_levels(a->levels);
    config.group_by = a->ids;  // every series as stored
    const auto model = forecast_model_from_string(a->model);
    if (!model) {
      throw Error("--model", "unknown model \"" + a->model + "\"",
                  "Use auto, arima, ets, count, structural, snaive, naive, drift or mean.");
    }
    config.model = *model;
    config.count = a->count;
    config.count.past_obs = parse_lags(a->count_past_obs, "--count-past-obs");
    config.count.past_mean = parse_lags(a->count_past_mean, "--count-past-mean");
    config.structural = a->structural;
    for (const auto& text : a->interventions)
      config.interventions.push_back(parse_intervention(text));
    if (!config.interventions.empty() && !forecast_model_takes_regressors(a->model))
      throw Error("--intervention", "model " + a->model + " takes no regressors",
                  "Use --model auto, arima, count or structural with interventions.");
    if (!a->accuracy.empty() && a->holdout == 0) {
      throw Error("--accuracy", "accuracy needs held-out periods to compare with",
                  "Add --holdout K (for example --holdout 12).");
    }
    const Table table = read_csv(a->data);
    const Panel panel = Panel::from_table(table, a->ids, a->time, a->value);
    RunResults results;
    run_forecast_stage(panel, config, a->threads, results);
    write_csv(with_id_column(*results.find_table("/forecast/points")), a->out);
    std::printf("forecasts for %zu series written to %s\n", panel.size(), a->out.c_str());
    if (!a->accuracy.empty()) {
      write_csv(with_id_column(*results.find_table("/forecast/accuracy")), a->accuracy);
      std::printf("accuracy written to %s\n", a->accuracy.c_str());
    }
    for (const auto& note : results.notes()) {
      std::fprintf(stderr, "warning: series %s was not forecast: %s\n", note.subject.c_str(),
                   note.message.c_str());
    }
  });
}

}  // namespace harmcast::cli
