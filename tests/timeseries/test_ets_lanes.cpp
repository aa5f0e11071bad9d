// The two-at-a-time evaluations the ETS optimiser uses for speed (ets_lanes.hpp) must decide
// exactly what the one-at-a-time ones do, or the Nelder-Mead path (and so the agreement with
// R's ets in test_ets_reference) would drift: the paired objective gives the same bits as two
// ets_objective calls on every model form, the seasonal root test run inside the recursion the
// same decisions as the separate check (including points bisected onto the boundary of the
// region), and Nelder-Mead with a pair objective the same path as without.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>

#include "models/timeseries/ets_admissible.hpp"
#include "models/timeseries/ets_core.hpp"
#include "models/timeseries/ets_init.hpp"
#include "models/timeseries/ets_nelder_mead.hpp"
#include "tests/timeseries/test_arima_reference_data.hpp"

namespace harmcast::timeseries {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr EtsType kTypes[] = {EtsType::kNone, EtsType::kAdditive, EtsType::kMultiplicative};

// Same value bit for bit, or both NaN.
void expect_same_bits(double a, double b) {
  if (std::isnan(a))
    EXPECT_TRUE(std::isnan(b)) << b;
  else
    EXPECT_EQ(a, b);
}

EtsSmoothing random_smoothing(std::mt19937& rng, const EtsStructure& s) {
  std::uniform_real_distribution<double> u(0.0, 1.0);
  EtsSmoothing p;
  p.alpha = 0.01 + 0.9 * u(rng);
  if (s.has_trend()) p.beta = 0.001 + (p.alpha - 0.001) * u(rng);
  if (s.has_season()) p.gamma = 0.001 + (1 - p.alpha - 0.002) * u(rng);
  if (s.damped) p.phi = 0.8 + 0.18 * u(rng);
  return p;
}

// R's starting states with a random relative perturbation.
std::vector<double> random_states(std::mt19937& rng, const std::vector<double>& y,
                                  const EtsStructure& s) {
  std::vector<double> x = ets_initial_states(y, s);
  std::uniform_real_distribution<double> u(-0.05, 0.05);
  for (double& v : x) v *= 1 + u(rng);
  double sum = 0;  // the last seasonal state, as the optimiser fills it
  for (std::size_t i = 1 + s.has_trend(); i < x.size(); ++i) sum += x[i];
  if (s.has_season()) x.push_back((s.season == EtsType::kMultiplicative ? s.period : 0) - sum);
  return x;
}

TEST(EtsLanes, PairedObjectiveEqualsTwoSingleEvaluations) {
  const std::vector<double> air = testing::classic_series("AirPassengers").values;
  // Scaled by 1e40, the running product of |f_t| overflows within 8 steps: the paths that fall
  // back to one lane and to the sum of logs.
  std::vector<double> huge = air;
  for (double& v : huge) v *= 1e40;
  std::mt19937 rng(20240611);
  for (const auto& y : {air, huge})
    for (EtsType error : {EtsType::kAdditive, EtsType::kMultiplicative})
      for (EtsType trend : kTypes)
        for (EtsType season : kTypes)
          for (bool damped : {false, true}) {
            if (trend == EtsType::kNone && damped) continue;
            const EtsStructure s{error, trend, season, damped, season == EtsType::kNone ? 1 : 12};
            for (int trial = 0; trial < 20; ++trial) {
              const EtsSmoothing a = random_smoothing(rng, s), b = random_smoothing(rng, s);
              const auto xa = random_states(rng, y, s), xb = random_states(rng, y, s);
              const double single_a = ets_objective(y, s, a, xa.data());
              const double single_b = ets_objective(y, s, b, xb.data());
              double pair[2];
              ets_objective_pair(y, s, a, b, xa.data(), xb.data(), kInf, pair);
              SCOPED_TRACE(::testing::Message()
                           << "form " << static_cast<int>(error) << static_cast<int>(trend)
                           << static_cast<int>(season) << damped << " trial " << trial);
              expect_same_bits(pair[0], single_a);
              expect_same_bits(pair[1], single_b);
              // With a bound between the two values: the better one exactly, the worse above it.
              if (!std::isfinite(single_a) || !std::isfinite(single_b) || single_a == single_b)
                continue;
              const double bound = 0.5 * (single_a + single_b);
              ets_objective_pair(y, s, a, b, xa.data(), xb.data(), bound, pair);
              EXPECT_EQ(single_a < bound ? pair[0] : pair[1], std::min(single_a, single_b));
              EXPECT_GT(single_a < bound ? pair[1] : pair[0], bound);
            }
          }
}

TEST(EtsLanes, RootTestInsideTheRecursionDecidesAsTheSeparateCheck) {
  const std::vector<double> y = testing::classic_series("AirPassengers").values;
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  const EtsLimits limits;
  int accepted = 0, refused_by_roots = 0;
  for (int m : {4, 12})
    for (EtsType trend : {EtsType::kNone, EtsType::kAdditive})
      for (bool damped : {false, true})
        for (EtsBounds bounds : {EtsBounds::kBoth, EtsBounds::kAdmissible}) {
          if (trend == EtsType::kNone && damped) continue;
          const EtsStructure s{EtsType::kAdditive, trend, EtsType::kAdditive, damped, m};
          const auto x = random_states(rng, y, s);
          auto draw = [&] {  // a wide box around the usual region
            EtsSmoothing p;
            p.alpha = -0.2 + 1.6 * u(rng);
            if (s.has_trend()) p.beta = -0.2 + 1.2 * u(rng);
            p.gamma = -0.2 + 1.4 * u(rng);
            if (damped) p.phi = 0.7 + 0.35 * u(rng);
            return p;
          };
          // The value the optimiser must see: +inf outside the space, else the objective.
          auto expected = [&](const EtsSmoothing& p) {
            return ets_parameters_allowed(s, p, bounds, limits) ? ets_objective(y, s, p, x.data())
                                                                : kInf;
          };
          auto check = [&](const EtsSmoothing& a, const EtsSmoothing& b) {
            EtsRootTest ra, rb;
            if (!ets_parameters_allowed_except_roots(s, a, bounds, limits, &ra) ||
                !ets_parameters_allowed_except_roots(s, b, bounds, limits, &rb))
              return;
            const bool allowed_a = ets_parameters_allowed(s, a, bounds, limits);
            EXPECT_EQ(ets_root_test_passes(ra), allowed_a);
            ++(allowed_a ? accepted : refused_by_roots);
            expect_same_bits(ets_objective(y, s, a, x.data(), kInf, &ra), expected(a));
            double pair[2];
            ets_objective_pair(y, s, a, b, x.data(), x.data(), kInf, pair, &ra, &rb);
            expect_same_bits(pair[0], expected(a));
            expect_same_bits(pair[1], expected(b));
          };
          for (int trial = 0; trial < 400; ++trial) check(draw(), draw());
          // Points on the boundary: bisect gamma between an accepted and a refused point.
          for (int trial = 0; trial < 40; ++trial) {
            EtsSmoothing in = draw(), out = in;
            in.gamma = 1e-3;
            out.gamma = 1.2;
            if (!ets_parameters_allowed(s, in, bounds, limits)) continue;
            for (int step = 0; step < 60; ++step) {
              EtsSmoothing mid = in;
              mid.gamma = 0.5 * (in.gamma + out.gamma);
              (ets_parameters_allowed(s, mid, bounds, limits) ? in : out) = mid;
            }
            check(in, out);
            check(out, in);
          }
        }
  EXPECT_GT(accepted, 500);
  EXPECT_GT(refused_by_roots, 100);
}

TEST(EtsLanes, NelderMeadWithAPairObjectiveFollowsTheSamePath) {
  // Rosenbrock with an infeasible region (+inf), so that reflections are refused as in ETS.
  const auto f = [](const double* x, double) {
    if (x[0] > 1.3) return kInf;
    return 100 * (x[1] - x[0] * x[0]) * (x[1] - x[0] * x[0]) + (1 - x[0]) * (1 - x[0]);
  };
  int pair_calls = 0, skipped = 0;
  const auto f_pair = [&](const double* x, const double* z, double bound, double* fx, double* fz) {
    ++pair_calls;
    *fx = f(x, bound);
    if (!(*fx < bound)) return ++skipped, false;
    *fz = f(z, bound);
    return true;
  };
  const NelderMeadResult plain = nelder_mead(f, {-1.2, 1.0});
  const NelderMeadResult paired = nelder_mead(f, {-1.2, 1.0}, {}, f_pair);
  EXPECT_GT(pair_calls, 20);
  EXPECT_GT(skipped, 0);
  EXPECT_EQ(paired.evaluations, plain.evaluations);
  EXPECT_EQ(paired.x, plain.x);
  EXPECT_EQ(paired.value, plain.value);
  EXPECT_EQ(paired.converged, plain.converged);
}

}  // namespace
}  // namespace harmcast::timeseries
