#include "engine/config/experiment_config.hpp"

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include "engine/config/config_value_text.hpp"
#include "engine/core/error.hpp"

namespace harmcast {
namespace {

template <typename Enum>
std::optional<Enum> from_words(const std::vector<std::string>& words, std::string_view text) {
  for (std::size_t i = 0; i < words.size(); ++i)
    if (words[i] == text) return static_cast<Enum>(i);
  return std::nullopt;
}

// The line of the key at `keys` (e.g. data, crime, path) below `root`, if every key is present.
std::optional<int> key_line(const YAML::Node& root, const std::vector<std::string>& keys) {
  YAML::Node node = root;
  int line = 0;
  for (const std::string& key : keys) {
    if (!node.IsMap()) return std::nullopt;
    bool found = false;
    for (auto it = node.begin(); it != node.end(); ++it) {
      if (it->first.IsScalar() && it->first.Scalar() == key) {
        line = yaml_line(it->first);
        node.reset(it->second);  // reset, not =: Node assignment would overwrite root
        found = true;
        break;
      }
    }
    if (!found) return std::nullopt;
  }
  return line;
}

// Resolves a relative data path against the config's folder and checks that the file exists.
void resolve_data_path(std::filesystem::path& path, const std::string& key_path,
                       const YAML::Node& root, const std::filesystem::path& base_dir,
                       ConfigIssues& issues) {
  if (path.empty()) return;
  if (path.is_relative()) path = (base_dir / path).lexically_normal();
  std::error_code error;
  if (!std::filesystem::is_regular_file(path, error)) {
    std::vector<std::string> keys;
    std::stringstream parts(key_path);
    for (std::string part; std::getline(parts, part, '.');) keys.push_back(part);
    issues.add(key_path, key_line(root, keys).value_or(0),
               "no such file: " + path.string() +
                   " (relative paths are taken from the folder of the config file)");
  }
}

// Every key path of nested mappings below `node` (not inside lists).
void collect_keys(const YAML::Node& node, const std::string& prefix, std::set<std::string>& keys) {
  if (!node.IsMap()) return;
  for (auto it = node.begin(); it != node.end(); ++it) {
    if (!it->first.IsScalar()) continue;
    const std::string path =
        prefix.empty() ? it->first.Scalar() : prefix + "." + it->first.Scalar();
    keys.insert(path);
    collect_keys(it->second, path, keys);
  }
}

}  // namespace

// ---- words ----

const std::vector<std::string>& data_source_words() {
  static const std::vector<std::string> words{"synthetic", "files"};
  return words;
}

const std::vector<std::string>& forecast_model_words() {
  static const std::vector<std::string> words{"auto",   "arima", "ets",   "count", "structural",
                                              "snaive", "naive", "drift", "mean"};
  return words;
}

const std::vector<std::string>& change_direction_words() {
  static const std::vector<std::string> words{"fall", "rise"};
  return words;
}

std::string to_string(DataSource source) {
  return data_source_words().at(static_cast<std::size_t>(source));
}
std::string to_string(ForecastModel model) {
  return forecast_model_words().at(static_cast<std::size_t>(model));
}
std::string to_string(ChangeDirection direction) {
  return change_direction_words().at(static_cast<std::size_t>(direction));
}
std::optional<DataSource> data_source_from_string(std::string_view text) {
  return from_words<DataSource>(data_source_words(), text);
}
std::optional<ForecastModel> forecast_model_from_string(std::string_view text) {
  return from_words<ForecastModel>(forecast_model_words(), text);
}
std::optional<ChangeDirection> change_direction_from_string(std::string_view text) {
  return from_words<ChangeDirection>(change_direction_words(), text);
}

ChangeDirection KpiConfig::direction_for(const std::string& crime_type) const {
  const auto found = direction.find(crime_type);
  return found == direction.end() ? ChangeDirection::Fall : found->second;
}

// ---- declarations: the single source of keys, types, defaults, rules and help ----

void declare_options(ConfigReader& r, SyntheticDataConfig& c) {
  r.key("seed", "Seed of the synthetic city generator.")
      .shown_default("the experiment seed")
      .unsigned_integer(c.seed);
  r.key("scale", "Size of the synthetic city relative to the standard one.")
      .number(c.scale, positive());
}

void declare_options(ConfigReader& r, CrimeDataConfig& c) {
  r.key("path", "CSV of recorded crime counts; needed when data.source is files.").path(c.path);
  r.key("id_columns", "Columns that identify one series.").text_list(c.id_columns);
  r.key("time_column", "Column holding the period (e.g. 2024-04).").text(c.time_column);
  r.key("value_column", "Column holding the count.").text(c.value_column);
}

void declare_options(ConfigReader& r, CohortDataConfig& c) {
  r.key("path", "CSV of the offender cohort (one row per person).").path(c.path);
}

void declare_options(ConfigReader& r, ServicesDataConfig& c) {
  r.key("path", "CSV of service participation (one row per person and service).").path(c.path);
}

void declare_options(ConfigReader& r, DataConfig& c) {
  r.key("source", "Generate the synthetic city, or read the files named below.")
      .choice(c.source, data_source_words());
  r.key("synthetic", "Synthetic city settings (data.source: synthetic).").section(c.synthetic);
  r.key("crime", "Recorded crime counts (data.source: files).").section(c.crime);
  r.key("cohort", "Offender cohort for service evaluations.").section(c.cohort);
  r.key("services", "Service participation for service evaluations.").section(c.services);
  r.key("disclosure_threshold", "Counts below this are suppressed in published tables.")
      .integer(c.disclosure_threshold, non_negative());
  if (r.mode() != ConfigReader::Mode::Describe && c.source == DataSource::Files &&
      c.crime.path.empty() && c.cohort.path.empty()) {
    r.report("crime.path",
             "missing required key (needed when data.source is files, unless a cohort is "
             "given for service evaluations only)");
  }
}

void declare_options(ConfigReader& r, KpiConfig& c) {
  r.key("recent_months", "Length of the recent window, in months.")
      .integer(c.recent_months, positive());
  r.key("baseline_years", "Years of history the recent window is compared with.")
      .integer(c.baseline_years, positive());
  r.key("group_by", "Columns the KPIs are computed by.").text_list(c.group_by);
  r.key("level", "Confidence level of KPI intervals.").number(c.level, open_range(0.0, 1.0));
  r.key("direction", "Which change is an improvement, per crime type (unlisted: fall).")
      .choice_map(c.direction, change_direction_words());
}

void declare_options(ConfigReader& r, ForecastConfig& c) {
  r.key("enabled", "Run the forecasting stage.").boolean(c.enabled);
  r.key("horizon", "Number of periods to forecast ahead.").integer(c.horizon, positive());
  r.key("model", "Model family; auto chooses per series by AICc.")
      .choice(c.model, forecast_model_words());
  r.key("levels", "Prediction interval levels, in percent.")
      .integer_list(c.levels, open_range(0.0, 100.0));
  r.key("holdout", "Final periods held back to score forecast accuracy.")
      .integer(c.holdout, non_negative());
  r.key("group_by",
        "Series to forecast: [crime_type] = city totals by crime type; [] = every "
        "series as stored.")
      .text_list(c.group_by);
  r.key("count", "Count model form (also auto's count candidate).").section(c.count);
  r.key("structural", "Structural model form (also auto's candidate).").section(c.structural);
  r.key("interventions", "Dated steps/ramps/pulses added as regressors to every series' model.")
      .section_list(c.interventions);
  if (r.mode() != ConfigReader::Mode::Describe &&
      std::set<int>(c.levels.begin(), c.levels.end()).size() != c.levels.size()) {
    r.report("levels", "expected distinct levels, got a repeated value");
  }
  check_forecast_interventions(r, to_string(c.model), c.interventions.size());
}

void declare_options(ConfigReader& r, ReportConfig& c) {
  r.key("title", "Heading of the report.").shown_default("the experiment name").text(c.title);
  r.key("enabled", "Write the HTML report and CSV tables.").boolean(c.enabled);
  r.keep_other_keys(c.raw);
}

void declare_options(ConfigReader& r, ExperimentConfig& c) {
  r.key("name", "Experiment name; names the output folder and the report.").required().text(c.name);
  r.key("description", "Free text shown at the top of the report.").text(c.description);
  r.key("seed", "Master seed; every random stream derives from it.").unsigned_integer(c.seed);
  r.key("threads", "Worker threads; 0 = all cores. Results do not depend on it.")
      .integer(c.threads, non_negative());
  r.key("output_dir", "Folder for the results store and report, relative to the working folder.")
      .shown_default("runs/<name>")
      .path(c.output_dir);
  r.key("data", "Where the data come from.").section(c.data);
  r.key("kpi", "Headline indicators: recent period against the baseline.").section(c.kpi);
  r.key("forecast", "Forecasts with prediction intervals.").section(c.forecast);
  r.key("evaluations", "Service evaluations (validated by the evaluation stage).")
      .raw(c.evaluations);
  r.key("area_evaluations", "Area designs: ITS, DiD, synthetic control (the area stage).")
      .raw(c.area_evaluations);
  r.key("models", "Regression models of the cohort (validated by the models stage).").raw(c.models);
  r.key("scenarios", "What-if scenarios (validated by the scenario stage).").raw(c.scenarios);
  r.key("value", "Value for money (validated by the value stage).").raw(c.value);
  r.key("intervention_analysis", "Effects of dated events on a series (intervention stage).")
      .raw(c.intervention_analysis);
  r.key("report", "The HTML report and CSV tables.").section(c.report);
  if (r.mode() != ConfigReader::Mode::Describe && !c.name.empty() &&
      (c.name.find_first_of("/\\") != std::string::npos || c.name == "." || c.name == "..")) {
    r.report("name",
             "expected a name usable as a folder name (no / or \\), got " + in_quotes(c.name));
  }
}

// ---- entry points ----

ExperimentConfig parse_experiment_config(std::string_view yaml_text, const std::string& source_name,
                                         const std::filesystem::path& base_dir) {
  const YAML::Node root = parse_yaml_text(yaml_text, source_name);
  if (!root.IsDefined() || root.IsNull()) {
    throw Error(source_name, "the config is empty",
                "an experiment needs at least a line `name: my_experiment`");
  }
  if (!root.IsMap()) {
    throw Error(source_name + ":" + std::to_string(yaml_line(root)),
                "expected a mapping of keys to values at the top level, got " + describe_node(root),
                "write one `key: value` per line, starting with `name: my_experiment`");
  }

  ExperimentConfig config;
  ConfigIssues issues;
  read_options(
      root, [&config](ConfigReader& r) { declare_options(r, config); }, issues);

  collect_keys(root, "", config.keys_given);
  if (!config.given("data.synthetic.seed")) config.data.synthetic.seed = config.seed;
  if (config.output_dir.empty() && !config.name.empty()) config.output_dir = "runs/" + config.name;
  if (!base_dir.empty()) {
    resolve_data_path(config.data.crime.path, "data.crime.path", root, base_dir, issues);
    resolve_data_path(config.data.cohort.path, "data.cohort.path", root, base_dir, issues);
    resolve_data_path(config.data.services.path, "data.services.path", root, base_dir, issues);
  }
  issues.throw_if_any(source_name);

  config.source_text = std::string(yaml_text);
  config.source_name = source_name;
  config.base_dir = base_dir;
  return config;
}

ExperimentConfig load_experiment_config(const std::filesystem::path& file) {
  std::error_code error;
  if (!std::filesystem::exists(file, error)) {
    throw Error(file.string(), "no such config file", "check the path and the working folder");
  }
  if (std::filesystem::is_directory(file, error)) {
    throw Error(file.string(), "is a folder, not a config file",
                "name the YAML file, e.g. experiments/default.yaml");
  }
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in.good() && !in.eof()) {
    throw Error(file.string(), "cannot read the config file", "check its permissions");
  }
  const std::filesystem::path base_dir = std::filesystem::absolute(file, error).parent_path();
  return parse_experiment_config(text.str(), file.string(), base_dir);
}

YAML::Node section_as_written(const ExperimentConfig& config, const std::string& key,
                              const RawYaml& raw) {
  if (!config.source_text.empty()) {
    const YAML::Node root = YAML::Load(config.source_text);
    if (root.IsMap() && root[key]) return root[key];
  }
  return raw.node;
}

void set_experiment_seed(ExperimentConfig& config, std::uint64_t seed) {
  config.seed = seed;
  if (!config.given("data.synthetic.seed")) config.data.synthetic.seed = seed;
}

void validate_experiment_config(const ExperimentConfig& config) {
  ExperimentConfig copy = config;  // Check mode reads only, but declarations take references
  const ConfigIssues issues = check_options([&copy](ConfigReader& r) { declare_options(r, copy); });
  issues.throw_if_any(config.source_name.empty() ? "experiment config" : config.source_name);
}

std::string experiment_config_to_yaml(const ExperimentConfig& config) {
  ExperimentConfig copy = config;  // Emit mode reads only, but declarations take references
  const YAML::Node values = emit_options([&copy](ConfigReader& r) { declare_options(r, copy); });
  YAML::Emitter out;
  out << values;
  return std::string(out.c_str()) + "\n";
}

std::vector<OptionRow> describe_experiment_options() {
  ExperimentConfig defaults;
  return describe_options([&defaults](ConfigReader& r) { declare_options(r, defaults); });
}

}  // namespace harmcast
