// Difference-in-differences against R 4.2.2 (sandwich 3.0-2) on the panel stored by
// tests/data/causal/make_reference.R (8 units x 24 months, U1-U3 treated from 2019-01):
//   fit <- glm(y ~ factor(unit) + factor(period) + D, family = poisson); vcovCL(fit, ~unit)
//   glm(..., family = quasipoisson) model-based SE
//   event study: y ~ factor(unit) + factor(period) + relf, relf = treated period - 13 with
//   reference -1 (controls coded -1), vcovCL by unit;
//   randomization inference over combn(units, 3) treated sets.
#include <gtest/gtest.h>

#include <cmath>

#include "engine/core/error.hpp"
#include "models/causal/difference_in_differences.hpp"
#include "tests/causal/test_causal_data.hpp"

namespace harmcast::causal {
namespace {

DidInput input() {
  DidInput in;
  in.panel = testdata::read_unit_panel("causal/did_panel.csv");
  in.treated = {"U1", "U2", "U3"};
  in.intervention_start = Period::month(2019, 1);
  return in;
}

const auto& reference() {
  static const auto ref = testdata::read_reference("causal/did_reference.csv");
  return ref;
}

double rel(double a, double b) { return std::fabs(a - b) / std::max(std::fabs(b), 1e-12); }

TEST(CausalDid, ClusterRobustMatchesVcovCL) {
  const DidResult r = fit_difference_in_differences(input(), DidOptions{});
  ASSERT_NE(r.status, FitStatus::kFailed) << r.message;
  const auto& ref = reference().at("did_cluster");
  EXPECT_LT(rel(std::log(r.effect.estimate), ref.at("coef:D")), 1e-6);
  EXPECT_LT(rel(r.effect.std_error, ref.at("se:D")), 1e-6);
  const double z = 1.959963984540054;
  EXPECT_LT(rel(r.effect.conf_low, std::exp(ref.at("coef:D") - z * ref.at("se:D"))), 1e-6);
  EXPECT_EQ(r.treated_units, 3);
  EXPECT_EQ(r.pre_periods, 12);
  // 3 treated clusters: warned about
  EXPECT_EQ(r.status, FitStatus::kUsable);
}

TEST(CausalDid, ClusterTDistributionOnUnitsMinusOne) {
  // coeftest(fit, vcov = vcovCL(fit, cluster = ~unit), df = 7): qt(0.975, 7) = 2.364624251592785
  DidOptions options;
  options.cluster_t_df = true;
  const DidResult r = fit_difference_in_differences(input(), options);
  const auto& ref = reference().at("did_cluster");
  const double q = 2.364624251592785;
  EXPECT_LT(rel(r.effect.conf_low, std::exp(ref.at("coef:D") - q * ref.at("se:D"))), 1e-6);
  EXPECT_LT(rel(r.effect.conf_high, std::exp(ref.at("coef:D") + q * ref.at("se:D"))), 1e-6);
}

TEST(CausalDid, QuasiPoissonMatchesR) {
  DidOptions options;
  options.standard_errors = DidStandardErrors::QuasiPoisson;
  const DidResult r = fit_difference_in_differences(input(), options);
  const auto& ref = reference().at("did_quasi");
  EXPECT_LT(rel(std::log(r.effect.estimate), ref.at("coef:D")), 1e-6);
  EXPECT_LT(rel(r.effect.std_error, ref.at("se:D")), 1e-6);
}

TEST(CausalDid, EventStudyPathMatchesR) {
  const EventStudyResult r = fit_event_study(input(), DidOptions{});
  ASSERT_NE(r.status, FitStatus::kFailed) << r.message;
  const auto& ref = reference().at("event_study");
  ASSERT_EQ(r.relative_period.size(), 23u);  // -12..11 without -1
  for (std::size_t k = 0; k < r.path.size(); ++k) {
    const std::string e = std::to_string(r.relative_period[k]);
    EXPECT_LT(std::fabs(std::log(r.path[k].estimate) - ref.at("coef:" + e)), 1e-6) << e;
    EXPECT_LT(rel(r.path[k].std_error, ref.at("se:" + e)), 1e-5) << e;
  }
}

TEST(CausalDid, EventStudyBinsEndpoints) {
  DidOptions options;
  options.max_lead = 3;
  options.max_lag = 2;
  const EventStudyResult r = fit_event_study(input(), options);
  EXPECT_EQ(r.relative_period, (std::vector<int>{-3, -2, 0, 1, 2}));
}

TEST(CausalDid, PermutationInferenceExhaustive) {
  // C(8, 3) = 56 assignments. Independent check: refit each one here by hand with the plain
  // two-way design through fit_difference_in_differences on relabelled treated sets.
  DidOptions options;
  options.permutations = 100;
  const DidResult r = fit_difference_in_differences(input(), options);
  EXPECT_TRUE(r.permutations_exhaustive);
  EXPECT_EQ(r.permutations_done, 56);
  const double observed = std::fabs(std::log(r.effect.estimate));
  int extreme = 0;
  const auto ids = input().panel.unit_ids;
  for (int a = 0; a < 8; ++a) {
    for (int b = a + 1; b < 8; ++b) {
      for (int c = b + 1; c < 8; ++c) {
        DidInput in = input();
        in.treated = {ids[a], ids[b], ids[c]};
        const DidResult p = fit_difference_in_differences(in, DidOptions{});
        extreme += std::fabs(std::log(p.effect.estimate)) >= observed - 1e-10;
      }
    }
  }
  EXPECT_NEAR(r.permutation_p_value, extreme / 56.0, 1e-12);
  // R: mean over combn(units, 3) of |coef(glm(...))["D"]| >= observed (make_reference.R)
  EXPECT_NEAR(r.permutation_p_value, reference().at("did_permutation").at("p_value"), 1e-12);
  EXPECT_GE(r.permutation_p_value, 1.0 / 56.0);
}

TEST(CausalDid, PlainLanguageSentence) {
  EffectEstimate e;
  e.estimate = 0.85;
  e.conf_low = 0.79;
  e.conf_high = 0.92;
  e.p_value = 0.00012;
  EXPECT_EQ(describe_rate_ratio(e, "violence with injury"),
            "violence with injury was 15% lower than expected (95% interval: 8% to 21% lower; "
            "p = 0.00012)");
  e.conf_high = 1.04;
  e.p_value = 0.2;
  EXPECT_EQ(describe_rate_ratio(e, "robbery"),
            "robbery was 15% lower than expected (95% interval: from 21% lower to 4% higher; "
            "p = 0.2)");
}

TEST(CausalDid, AllZeroControlUnitIsReportedNotFatal) {
  // A control unit with no events has an unbounded fixed effect (-inf). It carries no
  // information on delta, so the estimate must equal the fit without that unit.
  DidInput with_zero = input();
  with_zero.panel.values.row(7).setZero();
  DidInput without = input();
  without.panel.unit_ids.pop_back();
  without.panel.values.conservativeResize(7, Eigen::NoChange);
  const DidResult a = fit_difference_in_differences(with_zero, DidOptions{});
  const DidResult b = fit_difference_in_differences(without, DidOptions{});
  ASSERT_NE(a.status, FitStatus::kFailed) << a.message;
  EXPECT_NEAR(std::log(a.effect.estimate), std::log(b.effect.estimate), 1e-6);
  std::printf("%s\n%s\n", a.message.c_str(), a.warnings.empty() ? "" : a.warnings[0].c_str());
}

TEST(CausalDid, ClearErrors) {
  DidInput in = input();
  in.treated = {};
  EXPECT_THROW(fit_difference_in_differences(in, DidOptions{}), Error);
  in = input();
  in.treated = {"U9"};
  EXPECT_THROW(fit_difference_in_differences(in, DidOptions{}), Error);
  in = input();
  in.intervention_start = Period::month(2017, 1);
  EXPECT_THROW(fit_difference_in_differences(in, DidOptions{}), Error);
  in = input();
  in.panel.values(2, 3) = std::nan("");
  EXPECT_THROW(fit_difference_in_differences(in, DidOptions{}), Error);
}

}  // namespace
}  // namespace harmcast::causal
