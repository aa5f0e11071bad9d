#pragma once
// Shared by the GLM/negbin reference tests: loading R's stored values (tests/data/regression,
// written by make_reference.R with R 4.2.2, MASS 7.3-58.2, sandwich 3.0-2) and relative checks.
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "engine/io/csv_reader.hpp"
#include "models/regression/glm.hpp"
#include "tests/support/paths.hpp"

namespace harmcast::testing {

struct RCoefficients {
  std::vector<std::string> term;
  std::map<std::string, std::vector<double>> column;  // estimate, se_model, se_hc0, ...
};

inline RCoefficients load_r_coefficients(const std::string& model) {
  const Table t = read_csv(test_data("regression/ref_" + model + "_coef.csv"));
  RCoefficients out;
  for (std::size_t i = 0; i < t.rows(); ++i) out.term.push_back(t.column("term").text(i));
  for (const char* c : {"estimate", "se_model", "se_hc0", "se_hc1", "se_hc3", "se_cluster"})
    out.column[c] = t.column(c).to_doubles();
  return out;
}

inline std::map<std::string, double> load_r_fit(const std::string& model) {
  const Table t = read_csv(test_data("regression/ref_" + model + "_fit.csv"));
  std::map<std::string, double> out;
  const auto values = t.column("value").to_doubles();
  for (std::size_t i = 0; i < t.rows(); ++i) out[t.column("statistic").text(i)] = values[i];
  return out;
}

// |ours - R| <= rel * |R| (+ a floor of rel * 1e-3 for values near zero, whose relative error
// is meaningless at R's 15 printed digits).
inline void expect_close(double ours, double r, double rel, const std::string& what) {
  if (std::isnan(r)) {
    EXPECT_TRUE(std::isnan(ours)) << what << ": R has NA, we have " << ours;
    return;
  }
  EXPECT_NEAR(ours, r, rel * std::max(std::fabs(r), 1e-3)) << what;
}

inline void expect_coefficients(const GlmResult& fit, const RCoefficients& r,
                                const std::string& se_column, const Eigen::VectorXd& se,
                                double rel) {
  ASSERT_EQ(fit.names, r.term);
  for (std::size_t j = 0; j < r.term.size(); ++j) {
    const auto jj = static_cast<Eigen::Index>(j);
    expect_close(fit.coefficients(jj), r.column.at("estimate")[j], rel, "estimate " + r.term[j]);
    expect_close(se(jj), r.column.at(se_column)[j], rel, se_column + " " + r.term[j]);
  }
}

}  // namespace harmcast::testing
