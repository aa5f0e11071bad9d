// Internals of the ARIMA likelihood checked against independent computations:
//  * the stationary state covariance solves P = T P T' + R R' (Lyapunov equation);
//  * the fast Chandrasekhar filter on the differenced series equals R's formulation (differences
//    inside the state, diffuse kappa) as kappa grows;
//  * the Jones transform round-trips and yields stationary AR polynomials;
//  * ARMA(1,1) parameters are recovered from a long simulated series (known truth);
//  * the Ceres wrapper minimises a known function and reports its status.
#include <gtest/gtest.h>

#include <cmath>

#include "engine/core/error.hpp"
#include "engine/core/random.hpp"
#include "models/optim/minimize.hpp"
#include "models/timeseries/arima.hpp"
#include "models/timeseries/arima_params.hpp"
#include "models/timeseries/kalman_arima.hpp"

namespace harmcast::timeseries {
namespace {

TEST(StationaryCovariance, SolvesTheLyapunovEquation) {
  const std::vector<double> phi = {0.5, -0.2, 0.1};
  const std::vector<double> theta = {0.4, 0.0, 0.0, 0.3};
  Eigen::MatrixXd P;
  ASSERT_TRUE(detail::stationary_state_covariance(phi, theta, P));
  const int r = 5;
  ASSERT_EQ(P.rows(), r);
  Eigen::MatrixXd T = Eigen::MatrixXd::Zero(r, r);
  for (int i = 0; i < 3; ++i) T(i, 0) = phi[i];
  for (int i = 0; i + 1 < r; ++i) T(i, i + 1) = 1.0;
  Eigen::VectorXd R(r);
  R << 1.0, 0.4, 0.0, 0.0, 0.3;
  const Eigen::MatrixXd residual = P - (T * P * T.transpose() + R * R.transpose());
  EXPECT_LT(residual.cwiseAbs().maxCoeff(), 1e-12);
}

TEST(Likelihood, ChandrasekharFilterEqualsTheDiffuseStateSpaceFilter) {
  RandomStream stream(7, 1);
  std::vector<double> y(120);
  double level = 10, e_prev = 0;
  for (double& v : y) {
    const double e = stream.normal();
    level += e - 0.6 * e_prev;  // ARIMA(0,1,1)
    e_prev = e;
    v = level;
  }
  const std::vector<double> phi = {0.3};
  const std::vector<double> theta = {-0.5};
  const auto w = detail::difference(y, 1, 0, 1);
  detail::ArmaWorkspace work;
  const auto fast = detail::arma_likelihood(w.data(), static_cast<int>(w.size()), phi, theta, work);
  detail::ArimaStateSpace exact(phi, theta, detail::differencing_polynomial(1, 0, 1), 1e9);
  const auto slow = exact.filter(y, nullptr);
  EXPECT_EQ(fast.n_used, slow.n_used);
  EXPECT_NEAR(fast.objective(), slow.objective(), 1e-7);
}

TEST(JonesTransform, RoundTripsAndIsStationary) {
  const double raw[3] = {0.9, -1.7, 2.5};
  double ar[3], back[3];
  detail::pacf_to_ar(3, raw, ar);
  EXPECT_TRUE(detail::ar_is_stationary({ar[0], ar[1], ar[2]}));
  detail::ar_to_pacf(3, ar, back);
  for (int i = 0; i < 3; ++i) EXPECT_NEAR(back[i], raw[i], 1e-10);
}

TEST(ArimaRecovery, Arma11ParametersFromASimulatedSeries) {
  // y_t = 0.6 y_{t-1} + e_t + 0.3 e_{t-1} + 5, sigma = 2, n = 3000 (seed fixed).
  RandomStream stream(2024, 3);
  std::vector<double> y(3000);
  double prev = 0, e_prev = 0;
  for (int t = -200; t < 3000; ++t) {
    const double e = stream.normal(0, 2);
    const double v = 0.6 * prev + e + 0.3 * e_prev;
    prev = v;
    e_prev = e;
    if (t >= 0) y[t] = v + 5;
  }
  Series series;
  series.values = y;
  ArimaOptions options;
  options.order = {1, 0, 1, 0, 0, 0};
  const auto model = fit_arima(series, options);
  ASSERT_TRUE(model->summary().usable());
  const auto& c = model->coefficients();
  EXPECT_NEAR(c[0].estimate, 0.6, 4 * c[0].std_error);
  EXPECT_NEAR(c[1].estimate, 0.3, 4 * c[1].std_error);
  EXPECT_NEAR(c[2].estimate, 5.0, 4 * c[2].std_error);
  EXPECT_NEAR(model->sigma2(), 4.0, 0.3);
}

TEST(Minimize, FindsTheRosenbrockMinimumAndReportsConvergence) {
  Objective rosenbrock = [](const double* x) {
    return 100 * std::pow(x[1] - x[0] * x[0], 2) + std::pow(1 - x[0], 2);
  };
  std::vector<double> x = {-1.2, 1.0};
  const FitSummary summary = minimize(rosenbrock, x, MinimizeOptions{});
  EXPECT_TRUE(summary.usable()) << summary.brief();
  EXPECT_NEAR(x[0], 1.0, 1e-4);
  EXPECT_NEAR(x[1], 1.0, 1e-4);
  EXPECT_GT(summary.iterations, 0);
  EXPECT_LT(summary.objective_final, summary.objective_initial);
}

TEST(Minimize, NonFiniteStartAndBadOptionsAreErrors) {
  Objective f = [](const double*) { return NAN; };
  std::vector<double> x = {0.0};
  EXPECT_THROW(minimize(f, x, MinimizeOptions{}), Error);
  MinimizeOptions bad;
  bad.max_iterations = 0;
  EXPECT_THROW(bad.validate(), Error);
  EXPECT_EQ(fit_status_from_string(to_string(FitStatus::kUsable)), FitStatus::kUsable);
  EXPECT_THROW(fit_status_from_string("fine"), Error);
}

}  // namespace
}  // namespace harmcast::timeseries
