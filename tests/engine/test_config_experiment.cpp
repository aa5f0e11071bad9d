// ExperimentConfig: reading whole experiment files. Expected values come from the YAML files in
// tests/data/config/ (read them side by side with these tests); line numbers are counted in
// those files by hand, 1-based, comment lines included.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <set>

#include "engine/config/experiment_config.hpp"
#include "engine/core/error.hpp"
#include "tests/support/paths.hpp"

namespace harmcast {
namespace {

using testing::test_data;

std::string error_message(const std::function<void()>& action) {
  try {
    action();
  } catch (const Error& error) {
    return error.what();
  }
  ADD_FAILURE() << "expected a harmcast::Error";
  return {};
}

TEST(ConfigExperiment, ValidConfigRoundTrip) {
  const std::filesystem::path file = test_data("config/valid_full.yaml");
  const ExperimentConfig c = load_experiment_config(file);

  EXPECT_EQ(c.name, "full_example");
  EXPECT_EQ(c.description, "Every option set, none left at its default");
  EXPECT_EQ(c.seed, 123456789012u);
  EXPECT_EQ(c.threads, 3);
  EXPECT_EQ(c.output_dir, std::filesystem::path("out/full"));

  EXPECT_EQ(c.data.source, DataSource::Synthetic);
  EXPECT_EQ(c.data.synthetic.seed, 99u);
  EXPECT_EQ(c.data.synthetic.scale, 0.25);
  EXPECT_TRUE(c.data.crime.path.empty());
  EXPECT_EQ(c.data.crime.id_columns, (std::vector<std::string>{"ward", "offence"}));
  EXPECT_EQ(c.data.crime.time_column, "period");
  EXPECT_EQ(c.data.crime.value_column, "offences");
  EXPECT_EQ(c.data.disclosure_threshold, 10);

  EXPECT_EQ(c.kpi.recent_months, 6);
  EXPECT_EQ(c.kpi.baseline_years, 5);
  EXPECT_EQ(c.kpi.group_by, (std::vector<std::string>{"ward", "crime_type"}));
  EXPECT_EQ(c.kpi.level, 0.9);
  EXPECT_EQ(c.kpi.direction.size(), 2u);
  EXPECT_EQ(c.kpi.direction_for("burglary"), ChangeDirection::Fall);
  EXPECT_EQ(c.kpi.direction_for("hate_crime"), ChangeDirection::Rise);
  EXPECT_EQ(c.kpi.direction_for("robbery"), ChangeDirection::Fall);  // unlisted: fall

  EXPECT_FALSE(c.forecast.enabled);
  EXPECT_EQ(c.forecast.horizon, 24);
  EXPECT_EQ(c.forecast.model, ForecastModel::SeasonalNaive);
  EXPECT_EQ(c.forecast.levels, (std::vector<int>{50, 80, 99}));
  EXPECT_EQ(c.forecast.holdout, 6);
  EXPECT_TRUE(c.forecast.group_by.empty());

  // Raw sections are carried as written, for their stages.
  ASSERT_TRUE(c.evaluations.node.IsSequence());
  EXPECT_EQ(c.evaluations.node[0]["outcome"].as<std::string>(), "reoffended_12m");
  EXPECT_EQ(c.scenarios.node[0]["effect"].as<double>(), -0.1);
  EXPECT_EQ(c.value.node["discount_rate"].as<double>(), 0.035);

  EXPECT_EQ(c.report.title, "Full example");
  EXPECT_FALSE(c.report.enabled);
  EXPECT_EQ(c.report.raw.node["formats"][1].as<std::string>(), "csv");

  // Provenance: the text exactly as in the file.
  std::ifstream in(file);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(c.source_text, text);
  EXPECT_EQ(c.source_name, file.string());

  // Round trip: the stored text parses to the same values, and the parsed struct passes the
  // code-side check of the same rules.
  const ExperimentConfig again = parse_experiment_config(c.source_text, "again");
  EXPECT_EQ(again.seed, c.seed);
  EXPECT_EQ(again.forecast.levels, c.forecast.levels);
  EXPECT_EQ(again.kpi.direction, c.kpi.direction);
  EXPECT_NO_THROW(validate_experiment_config(c));
}

// Field-by-field equality of two configs (raw sections compared as emitted YAML).
void expect_same_config(const ExperimentConfig& a, const ExperimentConfig& b) {
  auto yaml = [](const YAML::Node& node) {
    YAML::Emitter out;
    out << node;
    return std::string(out.c_str());
  };
  EXPECT_EQ(a.name, b.name);
  EXPECT_EQ(a.description, b.description);
  EXPECT_EQ(a.seed, b.seed);
  EXPECT_EQ(a.threads, b.threads);
  EXPECT_EQ(a.output_dir, b.output_dir);
  EXPECT_EQ(a.data.source, b.data.source);
  EXPECT_EQ(a.data.synthetic.seed, b.data.synthetic.seed);
  EXPECT_EQ(a.data.synthetic.scale, b.data.synthetic.scale);
  EXPECT_EQ(a.data.crime.path, b.data.crime.path);
  EXPECT_EQ(a.data.crime.id_columns, b.data.crime.id_columns);
  EXPECT_EQ(a.data.crime.time_column, b.data.crime.time_column);
  EXPECT_EQ(a.data.crime.value_column, b.data.crime.value_column);
  EXPECT_EQ(a.data.cohort.path, b.data.cohort.path);
  EXPECT_EQ(a.data.services.path, b.data.services.path);
  EXPECT_EQ(a.data.disclosure_threshold, b.data.disclosure_threshold);
  EXPECT_EQ(a.kpi.recent_months, b.kpi.recent_months);
  EXPECT_EQ(a.kpi.baseline_years, b.kpi.baseline_years);
  EXPECT_EQ(a.kpi.group_by, b.kpi.group_by);
  EXPECT_EQ(a.kpi.level, b.kpi.level);
  EXPECT_EQ(a.kpi.direction, b.kpi.direction);
  EXPECT_EQ(a.forecast.enabled, b.forecast.enabled);
  EXPECT_EQ(a.forecast.horizon, b.forecast.horizon);
  EXPECT_EQ(a.forecast.model, b.forecast.model);
  EXPECT_EQ(a.forecast.levels, b.forecast.levels);
  EXPECT_EQ(a.forecast.holdout, b.forecast.holdout);
  EXPECT_EQ(a.forecast.group_by, b.forecast.group_by);
  EXPECT_EQ(yaml(a.evaluations.node), yaml(b.evaluations.node));
  EXPECT_EQ(yaml(a.scenarios.node), yaml(b.scenarios.node));
  EXPECT_EQ(yaml(a.value.node), yaml(b.value.node));
  EXPECT_EQ(a.report.title, b.report.title);
  EXPECT_EQ(a.report.enabled, b.report.enabled);
  // The keys the report stage owns (raw also holds title and enabled, once the section exists).
  auto stage_keys = [&](const YAML::Node& raw) {
    std::string text;
    if (raw.IsMap())
      for (auto it = raw.begin(); it != raw.end(); ++it)
        if (it->first.Scalar() != "title" && it->first.Scalar() != "enabled")
          text += it->first.Scalar() + "=" + yaml(it->second) + ";";
    return text;
  };
  EXPECT_EQ(stage_keys(a.report.raw.node), stage_keys(b.report.raw.node));
}

TEST(ConfigExperiment, EffectiveConfigTextParsesBackToTheSameConfig) {
  const ExperimentConfig original = load_experiment_config(test_data("config/valid_full.yaml"));
  const std::string text = experiment_config_to_yaml(original);
  const ExperimentConfig again = parse_experiment_config(text, "effective.yaml");
  expect_same_config(original, again);

  // Defaults are spelled out: the minimal config's effective text names every option.
  const ExperimentConfig minimal = load_experiment_config(test_data("config/minimal.yaml"));
  const std::string minimal_text = experiment_config_to_yaml(minimal);
  for (const char* line : {"seed: 20240601", "horizon: 12", "levels: [80, 95]", "model: auto",
                           "level: 0.95", "output_dir: runs/minimal", "group_by: [crime_type]"}) {
    EXPECT_NE(minimal_text.find(line), std::string::npos) << line << " in\n" << minimal_text;
  }
  expect_same_config(minimal, parse_experiment_config(minimal_text, "effective.yaml"));
}

TEST(ConfigExperiment, MinimalConfigTakesDocumentedDefaults) {
  const ExperimentConfig c = load_experiment_config(test_data("config/minimal.yaml"));
  EXPECT_EQ(c.name, "minimal");
  EXPECT_EQ(c.seed, 20240601u);
  EXPECT_EQ(c.threads, 0);
  EXPECT_EQ(c.output_dir, std::filesystem::path("runs/minimal"));
  EXPECT_EQ(c.data.source, DataSource::Synthetic);
  EXPECT_EQ(c.data.synthetic.seed, 20240601u);  // the experiment seed
  EXPECT_EQ(c.data.synthetic.scale, 1.0);
  EXPECT_EQ(c.data.crime.id_columns, (std::vector<std::string>{"ward", "crime_type"}));
  EXPECT_EQ(c.data.crime.time_column, "month");
  EXPECT_EQ(c.data.crime.value_column, "count");
  EXPECT_EQ(c.data.disclosure_threshold, 5);
  EXPECT_EQ(c.kpi.recent_months, 12);
  EXPECT_EQ(c.kpi.baseline_years, 3);
  EXPECT_EQ(c.kpi.group_by, (std::vector<std::string>{"crime_type"}));
  EXPECT_EQ(c.kpi.level, 0.95);
  EXPECT_TRUE(c.forecast.enabled);
  EXPECT_EQ(c.forecast.horizon, 12);
  EXPECT_EQ(c.forecast.model, ForecastModel::Auto);
  EXPECT_EQ(c.forecast.levels, (std::vector<int>{80, 95}));
  EXPECT_EQ(c.forecast.holdout, 0);
  EXPECT_EQ(c.forecast.group_by, (std::vector<std::string>{"crime_type"}));
  EXPECT_TRUE(c.report.enabled);
  EXPECT_FALSE(c.evaluations.present());
}

TEST(ConfigExperiment, SeedOverrideReachesTheSyntheticCityUnlessItsSeedWasGiven) {
  ExperimentConfig minimal = load_experiment_config(test_data("config/minimal.yaml"));
  EXPECT_FALSE(minimal.given("data.synthetic.seed"));
  EXPECT_TRUE(minimal.given("name"));
  set_experiment_seed(minimal, 5);
  EXPECT_EQ(minimal.seed, 5u);
  EXPECT_EQ(minimal.data.synthetic.seed, 5u);

  ExperimentConfig full = load_experiment_config(test_data("config/valid_full.yaml"));
  EXPECT_TRUE(full.given("data.synthetic.seed"));
  EXPECT_TRUE(full.given("report.formats"));
  set_experiment_seed(full, 5);
  EXPECT_EQ(full.seed, 5u);
  EXPECT_EQ(full.data.synthetic.seed, 99u);  // as written in valid_full.yaml
}

TEST(ConfigExperiment, FiveMistakesAreReportedTogetherWithTheirLines) {
  const std::string message =
      error_message([] { load_experiment_config(test_data("config/five_mistakes.yaml")); });
  const std::string file = test_data("config/five_mistakes.yaml").string();
  EXPECT_EQ(message, file +
                         ": 5 problems in the config:\n"
                         "name at line 2: missing required key\n"
                         "data.source at line 5: expected one of synthetic, files, got "
                         "\"synthetc\"; did you mean \"synthetic\"?\n"
                         "kpi.basline_years at line 8: unknown key; did you mean "
                         "\"baseline_years\"?\n"
                         "kpi.level at line 9: expected a number in (0, 1), got 1.5\n"
                         "forecast.horizon at line 11: expected a positive integer, got \"36m\"");
}

TEST(ConfigExperiment, UnknownTopLevelKeySuggestsTheNearestKey) {
  const std::string text = "name: demo\nseed: 3\nforcast:\n  horizon: 6\n";
  const std::string message = error_message([&] { parse_experiment_config(text, "demo.yaml"); });
  EXPECT_EQ(message,
            "demo.yaml: 1 problem in the config:\n"
            "forcast at line 3: unknown key; did you mean \"forecast\"?");
}

TEST(ConfigExperiment, MisplacedKeySuggestsWhereItBelongs) {
  const std::string text =
      "name: demo\nhorizon: 6\nkpi:\n  group_by: [ward]\n  disclosure_threshold: 3\n"
      "group_by: [ward]\n";
  const std::string message = error_message([&] { parse_experiment_config(text, "demo.yaml"); });
  EXPECT_EQ(message,
            "demo.yaml: 3 problems in the config:\n"
            "horizon at line 2: unknown key here; did you mean \"forecast.horizon\"?\n"
            "kpi.disclosure_threshold at line 5: unknown key here; did you mean "
            "\"data.disclosure_threshold\"?\n"
            "group_by at line 6: unknown key here; did you mean \"kpi.group_by\" or "
            "\"forecast.group_by\"?");
}

TEST(ConfigExperiment, FarOffUnknownKeyListsTheKnownKeys) {
  const std::string text = "name: demo\nforecast:\n  zzz: 1\n";
  const std::string message = error_message([&] { parse_experiment_config(text, "demo.yaml"); });
  EXPECT_EQ(message,
            "demo.yaml: 1 problem in the config:\n"
            "forecast.zzz at line 3: unknown key; expected one of enabled, horizon, "
            "model, levels, holdout, group_by, count, structural, interventions");
}

TEST(ConfigExperiment, SyntaxErrorGivesFileLineAndColumn) {
  const std::filesystem::path file = test_data("config/syntax_error.yaml");
  try {
    load_experiment_config(file);
    FAIL() << "expected a harmcast::Error";
  } catch (const Error& error) {
    // Line 5 is "   model: arima", indented one space more than "horizon"; column 9 is its colon.
    EXPECT_EQ(error.where(), file.string() + ":5:9");
    EXPECT_EQ(error.problem(), "YAML syntax error: illegal map value");
  }
}

TEST(ConfigExperiment, EmptyFileIsAnError) {
  const std::filesystem::path file = test_data("config/empty.yaml");
  try {
    load_experiment_config(file);
    FAIL() << "expected a harmcast::Error";
  } catch (const Error& error) {
    EXPECT_EQ(error.where(), file.string());
    EXPECT_EQ(error.problem(), "the config is empty");
  }
  EXPECT_THROW(parse_experiment_config("# only a comment\n", "comment.yaml"), Error);
  EXPECT_THROW(parse_experiment_config("- a\n- b\n", "list.yaml"), Error);
}

TEST(ConfigExperiment, WindowsByteOrderMarkAndLineEndingsAreAccepted) {
  // A file saved by Notepad: UTF-8 byte order mark and CRLF line ends; the mistake is on line 3.
  const std::string text = "\xEF\xBB\xBFname: demo\r\nforecast:\r\n  horizon: -2\r\n";
  const std::string message = error_message([&] { parse_experiment_config(text, "win.yaml"); });
  EXPECT_EQ(message,
            "win.yaml: 1 problem in the config:\n"
            "forecast.horizon at line 3: expected a positive integer, got -2");
  EXPECT_EQ(parse_experiment_config("\xEF\xBB\xBFname: demo\r\n", "win.yaml").name, "demo");
}

TEST(ConfigExperiment, MissingFileIsNamed) {
  const std::filesystem::path file = test_data("config/no_such_file.yaml");
  try {
    load_experiment_config(file);
    FAIL() << "expected a harmcast::Error";
  } catch (const Error& error) {
    EXPECT_EQ(error.where(), file.string());
    EXPECT_EQ(error.problem(), "no such config file");
  }
}

TEST(ConfigExperiment, RelativeDataPathsAreResolvedAgainstTheConfigFolder) {
  const std::filesystem::path dir = testing::fresh_temp_dir("config_paths");
  std::filesystem::create_directories(dir / "experiments" / "data");
  std::ofstream(dir / "experiments" / "data" / "crime.csv") << "ward,crime_type,month,count\n";
  const std::filesystem::path config = dir / "experiments" / "demo.yaml";
  std::ofstream(config) << "name: demo\n"
                           "data:\n"
                           "  source: files\n"
                           "  crime:\n"
                           "    path: data/crime.csv\n"
                           "  cohort:\n"
                           "    path: data/missing_cohort.csv\n";
  const std::string message = error_message([&] { load_experiment_config(config); });
  const std::filesystem::path absolute_dir = std::filesystem::absolute(dir / "experiments");
  EXPECT_EQ(message, config.string() +
                         ": 1 problem in the config:\ndata.cohort.path at line 7: "
                         "no such file: " +
                         (absolute_dir / "data" / "missing_cohort.csv").string() +
                         " (relative paths are taken from the folder of the config file)");

  std::ofstream(config)
      << "name: demo\ndata:\n  source: files\n  crime:\n    path: data/crime.csv\n";
  const ExperimentConfig c = load_experiment_config(config);
  EXPECT_EQ(c.data.crime.path, absolute_dir / "data" / "crime.csv");
  EXPECT_EQ(c.base_dir, absolute_dir);
  std::filesystem::remove_all(dir);
}

TEST(ConfigExperiment, FilesSourceNeedsACrimePath) {
  const std::string text = "name: demo\n\ndata:\n  source: files\n";
  const std::string message = error_message([&] { parse_experiment_config(text, "demo.yaml"); });
  EXPECT_EQ(message,
            "demo.yaml: 1 problem in the config:\n"
            "data.crime.path at line 3: missing required key (needed when data.source "
            "is files, unless a cohort is given for service evaluations only)");
}

TEST(ConfigExperiment, ValidateChecksAStructBuiltInCode) {
  ExperimentConfig c;
  c.name = "in_code";
  c.forecast.horizon = 0;
  c.forecast.levels = {80, 100};
  c.kpi.level = 95;
  const std::string message = error_message([&] { validate_experiment_config(c); });
  EXPECT_EQ(message,
            "experiment config: 3 problems in the config:\n"
            "kpi.level: expected a number in (0, 1), got 95\n"
            "forecast.horizon: expected a positive integer, got 0\n"
            "forecast.levels[1]: expected an integer in (0, 100), got 100");
}

TEST(ConfigExperiment, DescribeOptionsListsEveryKey) {
  const std::vector<OptionRow> rows = describe_experiment_options();
  std::set<std::string> keys;
  for (const OptionRow& row : rows) {
    EXPECT_FALSE(row.help.empty()) << row.key;
    EXPECT_FALSE(row.type.empty()) << row.key;
    keys.insert(row.key);
  }
  // Every key of the brief, written out by hand (not taken from the declarations).
  const std::vector<std::string> expected{"name",
                                          "description",
                                          "seed",
                                          "threads",
                                          "output_dir",
                                          "data",
                                          "data.source",
                                          "data.synthetic",
                                          "data.synthetic.seed",
                                          "data.synthetic.scale",
                                          "data.crime",
                                          "data.crime.path",
                                          "data.crime.id_columns",
                                          "data.crime.time_column",
                                          "data.crime.value_column",
                                          "data.cohort",
                                          "data.cohort.path",
                                          "data.services",
                                          "data.services.path",
                                          "data.disclosure_threshold",
                                          "kpi",
                                          "kpi.recent_months",
                                          "kpi.baseline_years",
                                          "kpi.group_by",
                                          "kpi.level",
                                          "kpi.direction",
                                          "forecast",
                                          "forecast.enabled",
                                          "forecast.horizon",
                                          "forecast.model",
                                          "forecast.levels",
                                          "forecast.holdout",
                                          "forecast.group_by",
                                          "forecast.count",
                                          "forecast.count.distribution",
                                          "forecast.count.past_obs",
                                          "forecast.count.past_mean",
                                          "forecast.count.harmonics",
                                          "forecast.count.trend",
                                          "forecast.structural",
                                          "forecast.structural.trend",
                                          "forecast.structural.seasonal",
                                          "forecast.interventions",
                                          "forecast.interventions[].name",
                                          "forecast.interventions[].start",
                                          "forecast.interventions[].shape",
                                          "evaluations",
                                          "area_evaluations",
                                          "models",
                                          "scenarios",
                                          "value",
                                          "intervention_analysis",
                                          "report",
                                          "report.title",
                                          "report.enabled",
                                          "report.*"};
  for (const std::string& key : expected) EXPECT_TRUE(keys.count(key)) << key;
  EXPECT_EQ(keys.size(), expected.size());
  EXPECT_EQ(rows.size(), expected.size());

  auto row = [&](const std::string& key) {
    return *std::find_if(rows.begin(), rows.end(),
                         [&](const OptionRow& r) { return r.key == key; });
  };
  EXPECT_EQ(row("name").default_value, "(required)");
  EXPECT_EQ(row("output_dir").default_value, "runs/<name>");
  EXPECT_EQ(row("forecast.horizon").type, "integer > 0");
  EXPECT_EQ(row("forecast.horizon").default_value, "12");
  EXPECT_EQ(row("forecast.levels").type, "list of integers in (0, 100)");
  EXPECT_EQ(row("forecast.levels").default_value, "[80, 95]");
  EXPECT_EQ(row("forecast.model").type,
            "one of auto, arima, ets, count, structural, snaive, naive, drift, mean");
  EXPECT_EQ(row("kpi.level").default_value, "0.95");
  EXPECT_EQ(row("seed").default_value, "20240601");

  const std::string table = format_options_table(rows);
  EXPECT_NE(table.find("| forecast.horizon | integer > 0 | 12 |"), std::string::npos);
}

TEST(ConfigExperiment, EnumWordsConvertBothWays) {
  for (const std::string& word : forecast_model_words())
    EXPECT_EQ(to_string(*forecast_model_from_string(word)), word);
  EXPECT_EQ(to_string(ForecastModel::SeasonalNaive), "snaive");
  EXPECT_EQ(to_string(ForecastModel::Mean), "mean");
  EXPECT_EQ(to_string(DataSource::Files), "files");
  EXPECT_EQ(to_string(ChangeDirection::Rise), "rise");
  EXPECT_FALSE(forecast_model_from_string("ARIMA").has_value());
}

}  // namespace
}  // namespace harmcast
