#pragma once
// Readers for the stored time-series reference data (tests/data/timeseries, produced by
// tests/data/timeseries/make_reference.R with R 4.2.2 and forecast 8.20).
#include <cmath>
#include <fstream>
#include <limits>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "models/timeseries/forecast_model.hpp"
#include "tests/support/paths.hpp"

namespace harmcast::testing {

inline std::vector<std::vector<std::string>> read_csv_rows(const std::string& relative) {
  std::ifstream in(test_data(relative));
  if (!in) throw std::runtime_error("cannot open test data " + relative);
  std::vector<std::vector<std::string>> rows;
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    std::vector<std::string> fields;
    std::stringstream ss(line);
    std::string field;
    while (std::getline(ss, field, ',')) fields.push_back(field);
    rows.push_back(fields);
  }
  return rows;
}

inline double parse_value(const std::string& text) {
  if (text == "NA" || text.empty()) return std::numeric_limits<double>::quiet_NaN();
  return std::stod(text);
}

// Classic series by name (AirPassengers, USAccDeaths, Nile, lynx, WWWusage, ldeaths, S000xx).
inline timeseries::Series classic_series(const std::string& name) {
  timeseries::Series series;
  series.id = name;
  for (const auto& row : read_csv_rows("timeseries/classic_series.csv"))
    if (row[0] == name) {
      series.period = std::stoi(row[1]);
      series.values.push_back(parse_value(row[3]));
    }
  if (series.values.empty()) throw std::runtime_error("no classic series " + name);
  return series;
}

inline std::vector<std::string> classic_series_names() {
  std::vector<std::string> names;
  for (const auto& row : read_csv_rows("timeseries/classic_series.csv"))
    if (names.empty() || names.back() != row[0]) names.push_back(row[0]);
  return names;
}

// R reference values: reference("seatbelts", "coef") -> vector in R's order.
class RReference {
 public:
  RReference() {
    for (const auto& row : read_csv_rows("timeseries/r_reference.csv"))
      values_[row[0] + "/" + row[1]].push_back(parse_value(row[3]));
  }
  const std::vector<double>& operator()(const std::string& c, const std::string& q) const {
    auto it = values_.find(c + "/" + q);
    if (it == values_.end()) throw std::runtime_error("no reference " + c + "/" + q);
    return it->second;
  }
  bool has(const std::string& c, const std::string& q) const {
    return values_.count(c + "/" + q) > 0;
  }
  double scalar(const std::string& c, const std::string& q) const { return (*this)(c, q).at(0); }

 private:
  std::map<std::string, std::vector<double>> values_;
};

// Relative-or-absolute closeness: |a - b| <= max(rel * |b|, abs).
inline bool close(double a, double b, double rel, double abs_min) {
  return std::abs(a - b) <= std::max(rel * std::abs(b), abs_min);
}

}  // namespace harmcast::testing
