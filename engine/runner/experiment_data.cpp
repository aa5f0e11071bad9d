#include "engine/runner/experiment_data.hpp"

#include <fmt/format.h>

#include "datasets/synthetic/synthetic_city.hpp"
#include "engine/core/error.hpp"
#include "engine/core/sha256.hpp"
#include "engine/io/csv_reader.hpp"
#include "engine/io/csv_writer.hpp"

namespace harmcast {
namespace {

// `source` names the data in errors (the file, or the synthetic city).
Panel crime_panel(const Table& table, const CrimeDataConfig& crime, const std::string& source) {
  PanelOptions options;
  options.frequency = Frequency::Month;
  options.common_span = true;  // KPIs and totals need every series on the same months
  try {
    return Panel::from_table(table, crime.id_columns, crime.time_column, crime.value_column,
                             options);
  } catch (const Error& e) {
    const bool generic = e.where().empty() || e.where() == "panel";
    throw Error(
        generic ? source : source + ": " + e.where(), e.problem(),
        e.hint().empty() ? "Check the columns named under data.crime in the config." : e.hint());
  }
}

ExperimentData load_synthetic(const ExperimentConfig& config, const std::filesystem::path& dir) {
  SyntheticCityOptions options;
  options.seed = config.data.synthetic.seed;
  options.scale = config.data.synthetic.scale;
  options.threads = config.threads;
  options.validate();
  SyntheticCity city = generate_synthetic_city(options);

  ExperimentData data;
  data.description =
      fmt::format("the synthetic city (generator seed {}, scale {})", options.seed, options.scale);
  if (!dir.empty()) {
    write_synthetic_city(city, dir);
    for (const auto& name : synthetic_city_table_names()) {
      data.inputs.push_back(fingerprint_input(dir / (name + ".csv")));
      data.inputs.back().path = "data/" + name + ".csv";
    }
  } else {
    for (const auto& name : synthetic_city_table_names()) {
      const std::string text = to_csv_text(synthetic_city_table(city, name));
      data.inputs.push_back({"synthetic:" + name, sha256_text(text), text.size()});
    }
  }
  CrimeDataConfig crime_config;  // the generator's columns are the defaults
  data.crime = crime_panel(city.crime, crime_config, "synthetic city");
  data.crime_table = std::move(city.crime);
  data.cohort = std::move(city.cohort);
  data.services = std::move(city.services);
  data.service_costs = std::move(city.service_costs);
  data.pilot = std::move(city.pilot);
  data.truth = std::move(city.truth);
  return data;
}

Table read_input(const std::filesystem::path& path, std::vector<InputFingerprint>& inputs) {
  inputs.push_back(fingerprint_input(path));
  return read_csv(path);
}

ExperimentData load_files(const ExperimentConfig& config) {
  const DataConfig& d = config.data;
  if (d.crime.path.empty() && !d.cohort.path.empty()) {  // service evaluations only
    ExperimentData data;
    data.description = "files: " + d.cohort.path.string();
    data.cohort = read_input(d.cohort.path, data.inputs);
    if (!d.services.path.empty()) data.services = read_input(d.services.path, data.inputs);
    return data;
  }
  if (d.crime.path.empty()) {
    throw Error(config.source_name + ": data.crime.path",
                "data.source is \"files\" but no crime data file is given",
                "Add data.crime.path (a CSV of counts by area, crime type and month), or use "
                "data.source: synthetic.");
  }
  ExperimentData data;
  data.description = "files: " + d.crime.path.string();
  CsvReadOptions csv;
  csv.period_frequencies[d.crime.time_column] = Frequency::Month;
  data.inputs.push_back(fingerprint_input(d.crime.path));
  data.crime_table = read_csv(d.crime.path, csv);
  for (const auto& column : d.crime.id_columns) data.crime_table.column(column);
  data.crime = crime_panel(data.crime_table, d.crime, d.crime.path.string());
  if (!d.cohort.path.empty()) data.cohort = read_input(d.cohort.path, data.inputs);
  if (!d.services.path.empty()) data.services = read_input(d.services.path, data.inputs);
  return data;
}

}  // namespace

ExperimentData load_experiment_data(const ExperimentConfig& config,
                                    const std::filesystem::path& data_dir) {
  ExperimentData data = config.data.source == DataSource::Synthetic
                            ? load_synthetic(config, data_dir)
                            : load_files(config);
  const bool crime_given =
      config.data.source == DataSource::Synthetic || !config.data.crime.path.empty();
  if (crime_given && data.crime.empty()) {
    throw Error(data.description, "the crime data has no rows",
                "Check that the file holds counts below its header row.");
  }
  return data;
}

}  // namespace harmcast
