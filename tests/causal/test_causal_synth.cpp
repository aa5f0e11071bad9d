// Synthetic control: the simplex least-squares weights against quadprog::solve.QP in R 4.2.2
// (quadprog 1.5-8) on the panel stored by tests/data/causal/make_reference.R:
//   solve.QP(Dmat = crossprod(A) + diag(1e-10, J), dvec = crossprod(A, b),
//            Amat = cbind(1, diag(J)), bvec = c(1, rep(0, J)), meq = 1)
// with A the 30 pre-period rows of the 10 donors. Case EXACT: the treated unit is exactly
// 0.5 D2 + 0.3 D5 + 0.2 D7 before 2018-07 and that plus 5 afterwards (known weights and effect).
// Case NOISY: a combination plus noise (weights only from the QP).
#include <gtest/gtest.h>

#include <cmath>

#include "engine/core/error.hpp"
#include "engine/core/random.hpp"
#include "models/causal/synthetic_control.hpp"
#include "tests/causal/test_causal_data.hpp"

namespace harmcast::causal {
namespace {

// The donors plus one of the constructed treated units.
SyntheticControlInput input(const std::string& treated) {
  const UnitPanel all = testdata::read_unit_panel("causal/synth_panel.csv");
  SyntheticControlInput in;
  in.panel.start = all.start;
  std::vector<Eigen::Index> rows;
  for (std::size_t i = 0; i < all.units(); ++i) {
    const std::string& id = all.unit_ids[i];
    if (id == treated || id[0] == 'D') {
      in.panel.unit_ids.push_back(id);
      rows.push_back(static_cast<Eigen::Index>(i));
    }
  }
  in.panel.values = all.values(rows, Eigen::all);
  in.treated = {treated};
  in.intervention_start = Period::month(2018, 7);
  return in;
}

const auto& reference() {
  static const auto ref = testdata::read_reference("causal/synth_reference.csv");
  return ref;
}

TEST(CausalSynth, ExactConvexCombinationRecovered) {
  const SyntheticControlResult r = fit_synthetic_control(input("EXACT"), {});
  ASSERT_TRUE(r.solver.converged) << r.solver.message;
  const std::vector<double> truth = {0, 0.5, 0, 0, 0.3, 0, 0.2, 0, 0, 0};
  ASSERT_EQ(r.weights.size(), 10);
  for (int j = 0; j < 10; ++j) {
    EXPECT_NEAR(r.weights(j), truth[j], 1e-9) << r.donor_ids[j];
    EXPECT_NEAR(r.weights(j), reference().at("exact").at("w:" + r.donor_ids[j]), 1e-7);
  }
  EXPECT_NEAR(r.mean_gap.estimate, 5.0, 1e-8);
  EXPECT_LT(r.pre_rmspe, 1e-8);
  // A perfect pre fit and a real effect: the treated RMSPE ratio is the largest of all 11.
  EXPECT_NEAR(r.placebo_p_value, 1.0 / 11.0, 1e-12);
  EXPECT_EQ(r.placebos.size(), 10u);
}

TEST(CausalSynth, NoisyWeightsMatchQuadprog) {
  const SyntheticControlResult r = fit_synthetic_control(input("NOISY"), {});
  ASSERT_TRUE(r.solver.converged) << r.solver.message;
  const auto& ref = reference().at("noisy");
  for (int j = 0; j < 10; ++j) {
    EXPECT_NEAR(r.weights(j), ref.at("w:" + r.donor_ids[j]), 1e-6) << r.donor_ids[j];
  }
  EXPECT_NEAR(r.pre_rmspe * r.pre_rmspe, ref.at("pre_mse"), 1e-8 * ref.at("pre_mse") + 1e-12);
  EXPECT_NEAR(r.weights.sum(), 1.0, 1e-12);
  EXPECT_GE(r.weights.minCoeff(), 0.0);
}

TEST(CausalSynth, PredictorWeightsWithGivenVMatchQuadprog) {
  // make_reference.R case "predictors": 12 predictors (synth_predictors.csv), V = diag(v), rows
  // scaled by their SD over the 11 units, solve.QP on sqrt(v) X / sd.
  SyntheticControlInput in = input("NOISY");
  const auto rows = testdata::read_csv("causal/synth_predictors.csv");
  in.predictors = Eigen::MatrixXd::Zero(12, static_cast<Eigen::Index>(in.panel.units()));
  for (const auto& row : rows) {
    in.predictors(std::stoi(row.at(1)) - 1,
                  static_cast<Eigen::Index>(in.panel.index_of(row.at(0)))) = std::stod(row.at(2));
  }
  const auto& ref = reference().at("predictors");
  SyntheticControlOptions options;
  for (int h = 1; h <= 12; ++h)
    options.predictor_weights.push_back(ref.at("v" + std::to_string(h)));
  const SyntheticControlResult r = fit_synthetic_control(in, options);
  ASSERT_TRUE(r.solver.converged) << r.solver.message;
  for (int j = 0; j < 10; ++j) {
    EXPECT_NEAR(r.weights(j), ref.at("w:" + r.donor_ids[j]), 1e-6) << r.donor_ids[j];
  }
  EXPECT_NE(r.message.find("predictors"), std::string::npos);
  options.predictor_weights.pop_back();
  EXPECT_THROW(fit_synthetic_control(in, options), Error);  // wrong length of V
}

TEST(CausalSynth, SolverKktOnRandomProblems) {
  // Optimality check independent of R: no feasible pairwise move improves the objective.
  RandomStream stream(5, 0);
  for (int rep = 0; rep < 20; ++rep) {
    const int rows = 6 + rep % 10, cols = 3 + rep;  // from 3x6 to 22x15: more columns than rows
    Eigen::MatrixXd a(rows, cols);
    Eigen::VectorXd b(rows);
    for (int i = 0; i < rows; ++i) {
      b(i) = stream.normal();
      for (int j = 0; j < cols; ++j) a(i, j) = stream.normal();
    }
    if (rep % 3 == 0) a.col(cols - 1) = a.col(0);  // duplicated donor
    const SimplexLsResult s = simplex_least_squares(a, b);
    ASSERT_TRUE(s.converged) << s.message;
    const Eigen::VectorXd g = a.transpose() * (a * s.weights - b);
    double min_all = g.minCoeff(), max_support = -INFINITY;
    for (int j = 0; j < cols; ++j) {
      if (s.weights(j) > 1e-12) max_support = std::max(max_support, g(j));
    }
    EXPECT_LE(max_support - min_all, 1e-8 * std::max(1.0, g.cwiseAbs().maxCoeff())) << rep;
  }
}

TEST(CausalSynth, PreMeanScalingMatchesLevelOutsideHull) {
  // Treated = 3 x (0.5 D2 + 0.3 D5 + 0.2 D7) in level: outside the donors' convex hull. After
  // pre-mean scaling the shape is matched and the ratio effect (no effect here) is 1.
  SyntheticControlInput in = input("EXACT");
  const Eigen::Index t = in.panel.index_of("EXACT");
  Eigen::VectorXd combo = 0.5 * in.panel.values.row(in.panel.index_of("D2")) +
                          0.3 * in.panel.values.row(in.panel.index_of("D5")) +
                          0.2 * in.panel.values.row(in.panel.index_of("D7"));
  in.panel.values.row(t) = 3.0 * combo.transpose();
  SyntheticControlOptions options;
  options.scaling = SyntheticScaling::PrePeriodMean;
  const SyntheticControlResult r = fit_synthetic_control(in, options);
  EXPECT_LT(r.pre_rmspe, 0.02);
  EXPECT_NEAR(r.ratio.estimate, 1.0, 0.02);
  EXPECT_LE(r.ratio.conf_low, 1.0);
  EXPECT_GE(r.ratio.conf_high, 1.0);
}

TEST(CausalSynth, ClearErrors) {
  SyntheticControlInput in = input("EXACT");
  in.intervention_start = Period::month(2030, 1);
  EXPECT_THROW(fit_synthetic_control(in, {}), Error);
  in = input("EXACT");
  in.treated = {"NOPE"};
  EXPECT_THROW(fit_synthetic_control(in, {}), Error);
  SyntheticControlOptions bad;
  bad.placebo_pre_rmspe_cutoff = -1;
  EXPECT_THROW(bad.validate(), Error);
}

}  // namespace
}  // namespace harmcast::causal
