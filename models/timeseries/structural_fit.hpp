#pragma once
// Internal to the structural model: the fitted-model record behind StructuralModel and the
// builders shared by the fit (structural.cpp) and the simulation with parameter uncertainty
// (structural_simulate.cpp).
#include <string>
#include <vector>

#include "models/timeseries/structural.hpp"
#include "models/timeseries/structural_kalman.hpp"

namespace harmcast::timeseries {

// Where each component sits in the state vector.
struct StructuralLayout {
  int slope = -1;       // state index of nu (-1: no slope)
  int seasonal = -1;    // first seasonal state (-1: none)
  int n_seasonal = 0;   // s - 1 seasonal states
  int regression = -1;  // first regression state
  int n_regression = 0;
  int dim = 1;          // total states (level is state 0)
  int n_variances = 2;  // level, [slope], [seasonal], irregular
};

struct StructuralModel::Fit {
  StructuralOptions options;
  StructuralLayout layout;
  StructuralSeasonal seasonal = StructuralSeasonal::kNone;
  int period = 1;
  std::string id;
  std::vector<double> y;
  Regressors xreg;
  detail::StateSpace model;  // at the estimates (model.regressors points into xreg)
  detail::FilterOutput filter;
  StructuralVariances variances;
  std::vector<double> fitted, residuals, coefficients, coefficient_se;
  double scale = 1.0;  // var(y) / 100
  FitSummary summary;
};

namespace detail {

StructuralLayout make_layout(const StructuralOptions& options, StructuralSeasonal seasonal,
                             int period, int n_regressors);
// System matrices for the given variances; the initial state is fully diffuse.
StateSpace make_state_space(const StructuralLayout& l, StructuralSeasonal seasonal, int period,
                            const StructuralVariances& s2, const Regressors& xreg);
// The variances of the optimiser's vector x (variance = x^2 scale, in layout order: level,
// [slope], [seasonal], irregular).
StructuralVariances variances_from(const StructuralLayout& l, const double* x, double scale);
// Z_{n+h} for the forecast steps: the fixed part plus the future regressor values. Throws
// harmcast::Error (naming `where`) for missing or misshaped future regressors.
std::vector<Eigen::VectorXd> future_observation(const StructuralModel::Fit& fit, int horizon,
                                                const Regressors& future, const std::string& where);

}  // namespace detail
}  // namespace harmcast::timeseries
