// Bad scenario input ends in a harmcast::Error naming the field, what was wrong and what to do.
#include <gtest/gtest.h>

#include "engine/core/error.hpp"
#include "models/scenario/simulation.hpp"

namespace harmcast::scenario {
namespace {

const Period kFirst = Period::month(2021, 4);

std::vector<BaselineGroup> two_wards() {
  BaselineGroup g;
  g.name = "burglary";
  g.rates = std::make_shared<KnownRatePaths>(std::vector<double>(12, 10.0));
  g.members = {{"W01 | burglary", "burglary", "W01", ""},
               {"W02 | burglary", "burglary", "W02", ""}};
  return {g};
}

Scenario one_cut() {
  Intervention i;
  i.target.wards = {"W01"};
  i.start = kFirst;
  i.effect.change = -0.1;
  return {"cut", {i}};
}

SimulationOptions options() {
  SimulationOptions o;
  o.paths = 10;
  o.first = kFirst;
  o.horizon = 12;
  return o;
}

std::string error_of(const std::vector<Scenario>& scenarios,
                     const std::vector<Target>& targets = {}) {
  try {
    simulate_scenarios(two_wards(), scenarios, targets, options());
  } catch (const Error& e) {
    return e.what();
  }
  return "no error";
}

TEST(ScenarioBadInput, TargetSeriesThatDoesNotExist) {
  Scenario s = one_cut();
  s.interventions[0].target.wards = {"W1"};
  const std::string m = error_of({s});
  EXPECT_NE(m.find("interventions[0].target.wards"), std::string::npos) << m;
  EXPECT_NE(m.find("no series has ward \"W1\""), std::string::npos) << m;
  EXPECT_NE(m.find("did you mean \"W01\""), std::string::npos) << m;
  s.interventions[0].target.wards = {};
  s.interventions[0].target.crime_types = {"burglery"};
  EXPECT_NE(error_of({s}).find("did you mean \"burglary\""), std::string::npos);
  s.interventions[0].target.crime_types = {};
  s.interventions[0].target.cohort = "gang";
  EXPECT_NE(error_of({s}).find("no series has cohort \"gang\""), std::string::npos);
}

TEST(ScenarioBadInput, StartBeforeTheDataEnds) {
  Scenario s = one_cut();
  s.interventions[0].start = kFirst - 3;
  const std::string m = error_of({s});
  EXPECT_NE(m.find("interventions[0].start"), std::string::npos) << m;
  EXPECT_NE(m.find("starts in 2021-01, before the data end"), std::string::npos) << m;
  EXPECT_NE(m.find("start at or after 2021-04"), std::string::npos) << m;
  s.interventions[0].start = kFirst + 12;
  EXPECT_NE(error_of({s}).find("after the simulated horizon ends (2022-03)"), std::string::npos);
}

TEST(ScenarioBadInput, NegativeCostAndMissingPriceYear) {
  Scenario s = one_cut();
  s.interventions[0].costs.annual = -5000;
  s.interventions[0].costs.price_year = 2024;
  std::string m = error_of({s});
  EXPECT_NE(m.find("costs.annual"), std::string::npos) << m;
  EXPECT_NE(m.find("expected a non-negative amount, got -5000"), std::string::npos) << m;
  s.interventions[0].costs.annual = 5000;
  s.interventions[0].costs.price_year = 0;
  m = error_of({s});
  EXPECT_NE(m.find("costs.price_year"), std::string::npos) << m;
}

TEST(ScenarioBadInput, EffectsCoverageAndTargets) {
  Scenario s = one_cut();
  s.interventions[0].coverage = 1.5;
  EXPECT_NE(error_of({s}).find("coverage is a share of the target in (0, 1], got 1.5"),
            std::string::npos);
  s = one_cut();
  s.interventions[0].effect.kind = EffectKind::RateRatio;
  s.interventions[0].effect.rate_ratio = -0.85;
  EXPECT_NE(error_of({s}).find("effect.rate_ratio"), std::string::npos);
  s = one_cut();
  s.interventions[0].effect.kind = EffectKind::Difference;
  EXPECT_NE(error_of({s}).find("cohort targets only"), std::string::npos);
  Target t{"late", {}, kFirst + 6, kFirst + 14, 100, ""};
  EXPECT_NE(error_of({one_cut()}, {t}).find("must lie inside the horizon 2021-04 to 2022-03"),
            std::string::npos);
}

}  // namespace
}  // namespace harmcast::scenario
