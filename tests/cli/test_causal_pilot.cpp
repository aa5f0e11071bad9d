// Recovery of the synthetic city's violence-reduction pilot (datasets/synthetic/area_pilot.hpp:
// wards W01, W03, W05 from 2019-04, true multiplicative effect 0.85 on the mean of
// violence_with_injury, a step with no ramp) by the three area-level designs of models/causal:
//   ITS   quasi-Poisson segmented regression on the pilot wards' total (month dummies, step only);
//   DiD   Poisson two-way fixed effects, 3 pilot wards vs the 17 others, cluster-robust by ward;
//   SC    outcome-only synthetic control of the pilot total from the 17 wards, pre-mean scaled.
// Each 95% interval must contain 0.85 and each point estimate lie in [0.78, 0.92] (about two
// standard errors of the ITS estimate, the least precise of the three, around the truth).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>

#include "datasets/synthetic/synthetic_city.hpp"
#include "engine/time/panel.hpp"
#include "models/causal/difference_in_differences.hpp"
#include "models/causal/interrupted_time_series.hpp"
#include "models/causal/synthetic_control.hpp"

namespace harmcast::causal {
namespace {

constexpr double kTruth = 0.85;
const std::vector<std::string> kPilot = {"W01", "W03", "W05"};

UnitPanel violence_by_ward(std::uint64_t seed) {
  SyntheticCityOptions options;
  options.seed = seed;
  options.cohort_size = 2000;  // the cohort is not used here; its stream is separate
  const SyntheticCity city = generate_synthetic_city(options);
  PanelOptions panel_options;
  panel_options.common_span = true;
  const Panel crime =
      Panel::from_table(city.crime, {"ward", "crime_type"}, "month", "count", panel_options);
  const Panel violence =
      crime.select([](const PanelSeries& s) { return s.key.at(1) == "violence_with_injury"; });
  return unit_panel_from(violence, "ward");
}

void expect_recovered(const EffectEstimate& e, const std::string& design) {
  SCOPED_TRACE(design);
  std::printf("%-4s estimate %.4f  95%% CI [%.4f, %.4f]  p %.4g\n", design.c_str(), e.estimate,
              e.conf_low, e.conf_high, e.p_value);
  EXPECT_LE(e.conf_low, kTruth);
  EXPECT_GE(e.conf_high, kTruth);
  EXPECT_GE(e.estimate, 0.78);
  EXPECT_LE(e.estimate, 0.92);
}

TEST(CausalPilot, ThreeDesignsRecoverTheTrueEffect) {
  const UnitPanel wards = violence_by_ward(SyntheticCityOptions{}.seed);
  ASSERT_EQ(wards.units(), 20u);
  const Period start = Period::month(2019, 4);

  ItsOptions its_options;
  its_options.slope_change = false;  // the pilot is a pure step
  const ItsResult its =
      fit_interrupted_time_series(its_input_from(wards, kPilot, start), its_options);
  ASSERT_NE(its.status, FitStatus::kFailed) << its.message;
  expect_recovered(its.step, "ITS");
  std::printf("ITS lag-1 residual autocorrelation %.3f\n", its.residual_autocorrelation);
  // With a slope change the post-period average ratio must still cover the truth.
  ItsOptions with_slope;
  const ItsResult its_slope =
      fit_interrupted_time_series(its_input_from(wards, kPilot, start), with_slope);
  expect_recovered(its_slope.post_ratio, "ITS+");

  DidOptions did_options;
  did_options.permutations = 200;  // random treated sets of 3 wards (C(20, 3) = 1140)
  const DidResult did = fit_difference_in_differences({wards, kPilot, start}, did_options);
  ASSERT_NE(did.status, FitStatus::kFailed) << did.message;
  expect_recovered(did.effect, "DiD");
  std::printf("DiD randomization p-value %.4f (%d assignments)\n", did.permutation_p_value,
              did.permutations_done);
  // a 15% cut in 3 of 20 wards is detectable (0.040 with seed 1; 200 draws: sd about 0.014)
  EXPECT_LT(did.permutation_p_value, 0.1);

  // Event study: the leads (pre-pilot months) show no effect: at most 3 of the 24 months
  // before the reference period have a 95% interval excluding 1 (expected about 1.2).
  const EventStudyResult es = fit_event_study({wards, kPilot, start}, DidOptions{});
  int leads = 0, leads_excluding_one = 0;
  for (std::size_t k = 0; k < es.path.size(); ++k) {
    if (es.relative_period[k] < -1 && es.relative_period[k] >= -25) {
      ++leads;
      leads_excluding_one += es.path[k].conf_low > 1.0 || es.path[k].conf_high < 1.0;
    }
  }
  EXPECT_EQ(leads, 24);
  EXPECT_LE(leads_excluding_one, 3);

  SyntheticControlOptions sc_options;
  sc_options.scaling = SyntheticScaling::PrePeriodMean;
  const SyntheticControlResult sc = fit_synthetic_control({wards, kPilot, start}, sc_options);
  ASSERT_NE(sc.status, FitStatus::kFailed) << sc.message;
  expect_recovered(sc.ratio, "SC");
  EXPECT_EQ(sc.placebos.size(), 17u);
}

}  // namespace
}  // namespace harmcast::causal

namespace harmcast::causal {
namespace {

// Coverage over many synthetic cities (seeds 1..N): printed for the record, and checked loosely
// (the designs must not be badly miscalibrated). Set HARMCAST_PILOT_SEEDS to run more. With 100
// seeds (2026-11-25): ITS 92, DiD cluster 81, DiD quasi-Poisson 91, DiD cluster t(G-1) 86,
// SC 99 (conservative: the 95% limits are the extreme placebos of 17); geometric mean estimates
// ITS 0.854, DiD 0.854, SC 0.853.
TEST(CausalPilot, CoverageOverSeeds) {
  const char* env = std::getenv("HARMCAST_PILOT_SEEDS");
  const int seeds = env ? std::atoi(env) : 40;
  const Period start = Period::month(2019, 4);
  int cover_its = 0, cover_did = 0, cover_sc = 0, cover_did_quasi = 0, cover_did_t = 0;
  double sum_its = 0, sum_did = 0, sum_sc = 0;
  auto covers = [](const EffectEstimate& e) {
    return e.conf_low <= kTruth && kTruth <= e.conf_high;
  };
  for (int seed = 1; seed <= seeds; ++seed) {
    const UnitPanel wards = violence_by_ward(static_cast<std::uint64_t>(seed));
    ItsInput its_input;
    its_input.start = wards.start;
    const Eigen::VectorXd total = wards.total(kPilot);
    its_input.counts.assign(total.data(), total.data() + total.size());
    its_input.intervention_start = start;
    ItsOptions its_options;
    its_options.slope_change = false;
    const EffectEstimate its = fit_interrupted_time_series(its_input, its_options).step;
    const EffectEstimate did = fit_difference_in_differences({wards, kPilot, start}, {}).effect;
    DidOptions quasi;
    quasi.standard_errors = DidStandardErrors::QuasiPoisson;
    const EffectEstimate did_quasi =
        fit_difference_in_differences({wards, kPilot, start}, quasi).effect;
    DidOptions cluster_t;
    cluster_t.cluster_t_df = true;
    cover_did_t += covers(fit_difference_in_differences({wards, kPilot, start}, cluster_t).effect);
    SyntheticControlOptions sc_options;
    sc_options.scaling = SyntheticScaling::PrePeriodMean;
    const EffectEstimate sc = fit_synthetic_control({wards, kPilot, start}, sc_options).ratio;
    cover_its += covers(its);
    cover_did += covers(did);
    cover_sc += covers(sc);
    cover_did_quasi += covers(did_quasi);
    sum_its += std::log(its.estimate);
    sum_did += std::log(did.estimate);
    sum_sc += std::log(sc.estimate);
  }
  std::printf(
      "coverage of 0.85 over %d seeds: ITS %d, DiD (cluster) %d, DiD (quasi) %d, "
      "DiD (cluster, t G-1) %d, SC %d\n",
      seeds, cover_its, cover_did, cover_did_quasi, cover_did_t, cover_sc);
  std::printf("geometric mean estimates: ITS %.4f, DiD %.4f, SC %.4f\n", std::exp(sum_its / seeds),
              std::exp(sum_did / seeds), std::exp(sum_sc / seeds));
  EXPECT_GE(cover_its, static_cast<int>(0.8 * seeds));
  // Cluster-robust SEs with 3 treated clusters cover too rarely (81/100 seeds, 86/100 with t on
  // G - 1 df; MacKinnon & Webb 2017): only printed. The quasi-Poisson SEs are checked instead.
  EXPECT_GE(cover_did_quasi, static_cast<int>(0.8 * seeds));
  EXPECT_GE(cover_sc, static_cast<int>(0.8 * seeds));
  for (double s : {sum_its, sum_did, sum_sc}) EXPECT_NEAR(std::exp(s / seeds), kTruth, 0.03);
}

}  // namespace
}  // namespace harmcast::causal
