#pragma once
// TruthRecorder: collects every true parameter of the synthetic city as (component, parameter,
// value) rows, so an estimator run on the generated data can be checked against what generated it.
//
// Components are dotted names ("crime.burglary", "cohort.logit", "service.idva", "pilot"); a
// parameter is a short name unique within its component (R model-matrix term names for the cohort
// outcome models, so truth rows line up with R's coefficient names). Values are doubles; months
// are stored as Period ordinals (year * 12 + month - 1) and also spelled out in the parameter name
// where a reader needs them.
#include <string>
#include <vector>

#include "engine/table/table.hpp"

namespace harmcast::synthetic {

class TruthRecorder {
 public:
  void add(std::string component, std::string parameter, double value);
  // Appends all rows of `other` after this recorder's rows (used to merge per-part recorders in a
  // fixed order, so the truth table does not depend on thread scheduling).
  void append(const TruthRecorder& other);
  std::size_t size() const { return components_.size(); }

  // Columns: component (categorical), parameter (categorical), value (float).
  Table to_table() const;

 private:
  std::vector<std::string> components_;
  std::vector<std::string> parameters_;
  std::vector<double> values_;
};

// Looks up one truth value in a truth table built by TruthRecorder::to_table(); throws
// harmcast::Error naming the component and parameter when absent.
double truth_value(const Table& truth, const std::string& component, const std::string& parameter);

}  // namespace harmcast::synthetic
