#pragma once
// ExperimentConfig: the typed form of an experiment YAML file (experiments/NAME.yaml).
//
// Every section is a plain struct whose fields carry their defaults, plus one
// `declare_options(ConfigReader&, Section&)` that drives parsing, validation and documentation
// (see config_reader.hpp). To add a section: write its struct and declare_options, add a member to
// ExperimentConfig, and add one `r.key("name", "help").section(c.member);` line in
// declare_options(ConfigReader&, ExperimentConfig&).
//
// The evaluations, scenarios and value sections are carried as raw YAML for now and are
// validated by their stage; the report section has typed title/enabled and keeps any other keys
// raw for the report stage.
//
// Paths: relative data paths (data.crime.path, data.cohort.path, data.services.path) are resolved
// against the folder of the config file by load_experiment_config (so a config and its data can
// move together); output_dir stays relative to the working directory the run starts in.
#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "engine/config/config_reader.hpp"
#include "engine/config/forecast_options.hpp"

namespace harmcast {

// ---- words used in YAML; enum values are in the same order as their word lists ----

enum class DataSource { Synthetic, Files };
enum class ForecastModel { Auto, Arima, Ets, Count, Structural, SeasonalNaive, Naive, Drift, Mean };
enum class ChangeDirection { Fall, Rise };  // which way counts as an improvement for a KPI

const std::vector<std::string>& data_source_words();       // synthetic, files
const std::vector<std::string>& forecast_model_words();    // auto, arima, ..., snaive, ..., mean
const std::vector<std::string>& change_direction_words();  // fall, rise
std::string to_string(DataSource source);
std::string to_string(ForecastModel model);
std::string to_string(ChangeDirection direction);
std::optional<DataSource> data_source_from_string(std::string_view text);
std::optional<ForecastModel> forecast_model_from_string(std::string_view text);
std::optional<ChangeDirection> change_direction_from_string(std::string_view text);

// ---- sections ----

struct SyntheticDataConfig {
  std::uint64_t seed = 20240601;  // generator seed; default: the experiment's seed
  double scale = 1.0;             // size of the synthetic city relative to the standard one (> 0)
};

struct CrimeDataConfig {
  std::filesystem::path path;  // CSV of counts; required when data.source is files
  std::vector<std::string> id_columns{"ward", "crime_type"};  // columns identifying a series
  std::string time_column = "month";                          // period column
  std::string value_column = "count";                         // count column
};

struct CohortDataConfig {
  std::filesystem::path path;  // offender cohort CSV; empty = none
};

struct ServicesDataConfig {
  std::filesystem::path path;  // service participation CSV; empty = none
};

struct DataConfig {
  DataSource source = DataSource::Synthetic;  // generate the synthetic city, or read files
  SyntheticDataConfig synthetic;
  CrimeDataConfig crime;
  CohortDataConfig cohort;
  ServicesDataConfig services;
  int disclosure_threshold = 5;  // counts below this are suppressed in published tables (>= 0)
};

struct KpiConfig {
  int recent_months = 12;  // length of the "recent" window (> 0)
  int baseline_years = 3;  // years of history the recent window is compared to (> 0)
  std::vector<std::string> group_by{"crime_type"};   // columns the KPIs are computed by
  double level = 0.95;                               // confidence level of intervals, in (0, 1)
  std::map<std::string, ChangeDirection> direction;  // per crime type; unlisted types: fall

  ChangeDirection direction_for(const std::string& crime_type) const;
};

struct ForecastConfig {
  bool enabled = true;                        // run the forecasting stage
  int horizon = 12;                           // periods ahead (> 0)
  ForecastModel model = ForecastModel::Auto;  // model family; auto = chosen per series
  std::vector<int> levels{80, 95};            // prediction interval levels in percent, in (0, 100)
  int holdout = 0;                            // final periods held back to score accuracy (>= 0)
  // Series to forecast: [crime_type] = city totals by crime type; [] = every series as stored.
  std::vector<std::string> group_by{"crime_type"};
  ForecastCountConfig count;            // count model form (engine/config/forecast_options.hpp)
  ForecastStructuralConfig structural;  // structural model form
  std::vector<ForecastInterventionConfig> interventions;  // regressors of every series' model
};

struct ReportConfig {
  std::string title;    // report heading; empty = the experiment's name
  bool enabled = true;  // write the HTML report and CSV tables
  RawYaml raw;          // the whole section as written, for keys owned by the report stage
};

struct ExperimentConfig {
  std::string name;                  // required; names the output folder
  std::string description;           // free text shown in the report
  std::uint64_t seed = 20240601;     // master seed: every random stream derives from it
  int threads = 0;                   // worker threads; 0 = all cores (>= 0)
  std::filesystem::path output_dir;  // default runs/<name>, relative to the working directory
  DataConfig data;
  KpiConfig kpi;
  ForecastConfig forecast;
  RawYaml evaluations;       // validated by the evaluation stage
  RawYaml area_evaluations;  // validated by the area stage (engine/runner/stage_area.hpp)
  RawYaml models;            // validated by the models stage (engine/runner/stage_models.cpp)
  RawYaml scenarios;         // validated by the scenario stage
  RawYaml value;             // validated by the value-for-money stage
  // validated by the intervention stage
  RawYaml intervention_analysis;
  ReportConfig report;

  // Provenance: the text exactly as read, where it came from, and the folder relative data paths
  // were resolved against (empty when parsed from text without one).
  std::string source_text;
  std::string source_name;
  std::filesystem::path base_dir;
  // Key paths written in the file (e.g. "forecast.horizon"), so a default can be told apart
  // from the same value given explicitly. Keys inside lists are not listed.
  std::set<std::string> keys_given;

  bool given(const std::string& key_path) const { return keys_given.count(key_path) > 0; }
};

// Sets the master seed after loading (e.g. `harmcast run --seed`), and with it the synthetic
// city's seed unless data.synthetic.seed was written in the file. Assigning config.seed alone
// would leave the synthetic seed at the value copied from the file's seed at parse time.
void set_experiment_seed(ExperimentConfig& config, std::uint64_t seed);

// A raw section (e.g. "evaluations") as written, re-read from the source text so its nodes keep
// their line marks for the stage that validates it (the stored RawYaml copy has lost them).
// Falls back to `raw` when there is no source text.
YAML::Node section_as_written(const ExperimentConfig& config, const std::string& key,
                              const RawYaml& raw);

void declare_options(ConfigReader& r, SyntheticDataConfig& c);
void declare_options(ConfigReader& r, CrimeDataConfig& c);
void declare_options(ConfigReader& r, CohortDataConfig& c);
void declare_options(ConfigReader& r, ServicesDataConfig& c);
void declare_options(ConfigReader& r, DataConfig& c);
void declare_options(ConfigReader& r, KpiConfig& c);
void declare_options(ConfigReader& r, ForecastConfig& c);
void declare_options(ConfigReader& r, ReportConfig& c);
void declare_options(ConfigReader& r, ExperimentConfig& c);

// Reads and validates a config file; throws harmcast::Error naming the file if it cannot be
// read, with file:line:column for a YAML syntax error, or listing every problem found.
ExperimentConfig load_experiment_config(const std::filesystem::path& file);

// As load_experiment_config for text already in memory. `source_name` names it in messages.
// With a non-empty `base_dir`, relative data paths are resolved against it and files named by
// data.* paths must exist.
ExperimentConfig parse_experiment_config(std::string_view yaml_text, const std::string& source_name,
                                         const std::filesystem::path& base_dir = {});

// Re-checks a config built or changed in code against the declared rules; throws one
// harmcast::Error listing every problem (key paths without line numbers).
void validate_experiment_config(const ExperimentConfig& config);

// The effective config as YAML: every option with its value, defaults filled in and data paths
// as resolved (for the results store's provenance and `harmcast validate --print`). Parsing the
// text gives back an equal config.
std::string experiment_config_to_yaml(const ExperimentConfig& config);

// Documentation rows for every key of an experiment config, in declaration order.
std::vector<OptionRow> describe_experiment_options();

}  // namespace harmcast
