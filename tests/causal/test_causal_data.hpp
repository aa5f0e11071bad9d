#pragma once
// Readers for the reference files in tests/data/causal (written by make_reference.R).
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "engine/core/error.hpp"
#include "models/causal/causal_common.hpp"
#include "tests/support/paths.hpp"

namespace harmcast::causal::testdata {

inline std::vector<std::vector<std::string>> read_csv(const std::string& relative) {
  std::ifstream in(harmcast::testing::test_data(relative));
  if (!in) throw Error("causal test data", "cannot open " + relative);
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

// case -> name -> value from a (case, name, value) file.
inline std::map<std::string, std::map<std::string, double>> read_reference(
    const std::string& relative) {
  std::map<std::string, std::map<std::string, double>> ref;
  for (const auto& row : read_csv(relative)) ref[row.at(0)][row.at(1)] = std::stod(row.at(2));
  return ref;
}

// A long (unit, period, value) file as a UnitPanel, units in first-seen order.
inline UnitPanel read_unit_panel(const std::string& relative) {
  UnitPanel panel;
  std::map<std::string, std::vector<double>> values;
  std::vector<Period> periods;
  for (const auto& row : read_csv(relative)) {
    if (!values.count(row.at(0))) panel.unit_ids.push_back(row.at(0));
    values[row.at(0)].push_back(std::stod(row.at(2)));
    if (panel.unit_ids.size() == 1) periods.push_back(Period::parse(row.at(1)));
  }
  panel.start = periods.front();
  panel.values.resize(static_cast<Eigen::Index>(panel.unit_ids.size()),
                      static_cast<Eigen::Index>(periods.size()));
  for (std::size_t i = 0; i < panel.unit_ids.size(); ++i) {
    const auto& v = values[panel.unit_ids[i]];
    for (std::size_t t = 0; t < v.size(); ++t) panel.values(i, t) = v[t];
  }
  return panel;
}

}  // namespace harmcast::causal::testdata
