#include "datasets/synthetic/truth.hpp"

#include "engine/core/error.hpp"

namespace harmcast::synthetic {

void TruthRecorder::add(std::string component, std::string parameter, double value) {
  components_.push_back(std::move(component));
  parameters_.push_back(std::move(parameter));
  values_.push_back(value);
}

void TruthRecorder::append(const TruthRecorder& other) {
  components_.insert(components_.end(), other.components_.begin(), other.components_.end());
  parameters_.insert(parameters_.end(), other.parameters_.begin(), other.parameters_.end());
  values_.insert(values_.end(), other.values_.begin(), other.values_.end());
}

Table TruthRecorder::to_table() const {
  Table table;
  table.add_column(Column::categorical_from_strings("component", components_));
  table.add_column(Column::categorical_from_strings("parameter", parameters_));
  table.add_column(Column::floats("value", values_));
  return table;
}

double truth_value(const Table& truth, const std::string& component, const std::string& parameter) {
  const Column& components = truth.column("component");
  const Column& parameters = truth.column("parameter");
  const Column& values = truth.column("value");
  for (std::size_t row = 0; row < truth.rows(); ++row) {
    if (components.text(row) == component && parameters.text(row) == parameter) {
      return values.numeric(row);
    }
  }
  throw Error("synthetic city truth table",
              "no true value for component '" + component + "', parameter '" + parameter + "'",
              "see datasets/README.md for the list of components and parameters");
}

}  // namespace harmcast::synthetic
