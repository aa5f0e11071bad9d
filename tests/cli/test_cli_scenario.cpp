// The scenarios section through the command line: every mistake listed with key path and line
// before anything runs (harmcast validate and run alike), and `harmcast scenario --config`
// writing the tables the value-for-money stage reads.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/support/command.hpp"
#include "tests/support/paths.hpp"

namespace fs = std::filesystem;
using harmcast::testing::fresh_temp_dir;
using harmcast::testing::run_harmcast;

namespace {

void write(const fs::path& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

std::string read(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Two wards x two types, 2017-01 to 2020-12.
std::string crime_csv() {
  std::string text = "ward,crime_type,month,count\n";
  for (const char* ward : {"W01", "W02"})
    for (const char* type : {"burglary", "theft"})
      for (int m = 0; m < 48; ++m)
        text += std::string(ward) + "," + type + "," + std::to_string(2017 + m / 12) + "-" +
                (m % 12 < 9 ? "0" : "") + std::to_string(m % 12 + 1) + "," +
                std::to_string(10 + (m * 7) % 5) + "\n";
  return text;
}

std::string config(const std::string& plans) {
  return "name: scenario_case\n"
         "forecast:\n  enabled: false\n"
         "data:\n  source: files\n  crime:\n    path: crime.csv\n"
         "scenarios:\n"
         "  horizon: 24\n"
         "  paths: 500\n"
         "  baseline: {model: snaive}\n"
         "  targets:\n"
         "    - name: Burglary below 2020\n"
         "      crime_types: [burglary]\n"
         "      from: 2021-01\n"
         "      to: 2021-12\n"
         "      below_recorded: {from: 2020-01, to: 2020-12}\n"
         "  plans:\n" +
         plans;
}

const std::string kGoodPlan =
    "    - name: Burglary in W01\n"
    "      interventions:\n"
    "        - target: {crime_types: [burglary], wards: [W01]}\n"
    "          start: 2021-01\n"
    "          effect: {distribution: fixed, change: -0.2}\n"
    "          costs: {price_year: 2024, annual: 12000}\n";

TEST(CliScenario, MistakesListedWithKeyPathAndLine) {
  const fs::path dir = fresh_temp_dir("cli_scenario_bad");
  write(dir / "crime.csv", crime_csv());
  write(dir / "config.yaml",
        config("    - name: Bad\n"  // line 19
               "      interventions:\n"
               "        - target: {crime_types: [burglary], wards: [W09]}\n"
               "          start: 2020-06\n"  // line 22
               "          effect: {distribution: rate_ratio, rate_ratio: 0.9}\n"
               "          costs: {annual: -100}\n"  // line 24
               "        - target: {crime_types: [burglery]}\n"
               "          start: 2021-02\n"
               "          effect: {distribution: normal, change: -0.1}\n"
               "          costs: {one_off: 5000}\n"));  // line 28
  const std::string out = " --out " + (dir / "out").string();
  for (const std::string command : {"validate ", "run --quiet "}) {
    SCOPED_TRACE(command);
    // Structural mistakes come first (before the data are read).
    auto r = run_harmcast(command + (dir / "config.yaml").string() +
                          (command == "validate " ? "" : out));
    EXPECT_EQ(r.exit_code, 1) << r.err;
    EXPECT_NE(r.err.find("scenarios.plans[0].interventions[0].costs.annual at line 24"),
              std::string::npos)
        << r.err;
    EXPECT_NE(r.err.find("expected a non-negative number, got -100"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("scenarios.plans[0].interventions[1].costs.price_year at line 28"),
              std::string::npos)
        << r.err;
  }
  // With the costs fixed, the data checks: an unknown ward, a start before the data end, a typo.
  std::string text = read(dir / "config.yaml");
  text.replace(text.find("{annual: -100}"), 14, "{}");
  text.replace(text.find("{one_off: 5000}"), 15, "{}");
  write(dir / "config.yaml", text);
  for (const std::string command : {"validate ", "run --quiet "}) {
    SCOPED_TRACE(command);
    auto r = run_harmcast(command + (dir / "config.yaml").string() +
                          (command == "validate " ? "" : out));
    EXPECT_EQ(r.exit_code, 1) << r.err;
    EXPECT_NE(r.err.find("scenarios.plans[0].interventions[0].target.wards at line 21"),
              std::string::npos)
        << r.err;
    EXPECT_NE(r.err.find("no series has ward \"W09\""), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("scenarios.plans[0].interventions[0].start at line 22"), std::string::npos)
        << r.err;
    EXPECT_NE(r.err.find("starts in 2020-06, before the data end (last recorded month 2020-12)"),
              std::string::npos)
        << r.err;
    EXPECT_NE(r.err.find("interventions[1].target.crime_types at line 25"), std::string::npos)
        << r.err;
    EXPECT_NE(r.err.find("did you mean \"burglary\""), std::string::npos) << r.err;
  }
  EXPECT_FALSE(fs::exists(dir / "out" / "results.h5"));
}

TEST(CliScenario, EffectsFromEvaluationsCheckedAgainstThemWithLines) {
  const fs::path dir = fresh_temp_dir("cli_scenario_from_evaluation");
  write(dir / "crime.csv", crime_csv());
  auto intervention = [](const std::string& effect) {
    return "        - target: {crime_types: [burglary]}\n"
           "          start: 2021-01\n"
           "          effect: " +
           effect + "\n";
  };
  write(dir / "config.yaml",
        config("    - name: Fed\n"  // line 19
               "      interventions:\n" +
               intervention("{from_evaluation: Burglary pilott, design: did}") +   // line 23
               intervention("{from_evaluation: Burglary pilot}") +                 // line 26
               intervention("{from_evaluation: Burglary pilot, design: synth}") +  // line 29
               intervention("{from_evaluation: Gang exit}") +  // target at line 30
               intervention("{from_evaluation: Burglary pilot, design: did, distribution: "
                            "rate_ratio, rate_ratio: 0.9}") +  // line 35
               "area_evaluations:\n"
               "  - {name: Burglary pilot, treated: [W01], start: 2019-01, "
               "crime_types: [burglary]}\n"
               "evaluations:\n"
               "  - {name: Gang exit, service: gang_exit, covariates: [age]}\n"));
  const auto r = run_harmcast("validate " + (dir / "config.yaml").string());
  EXPECT_EQ(r.exit_code, 1) << r.err;
  const std::string at = "scenarios.plans[0].interventions";
  for (const std::string& expected :
       {at + "[0].effect.from_evaluation at line 23: no evaluation named \"Burglary pilott\" "
             "under evaluations: or area_evaluations:; did you mean \"Burglary pilot\"?",
        at + "[1].effect.from_evaluation at line 26: area evaluation \"Burglary pilot\" runs "
             "its, did, synth: say which with design: its or did",
        at + "[2].effect.design at line 29: the synthetic control's interval comes from placebo "
             "areas and has no standard error",
        at + "[3].target at line 30: a service evaluation's effect is on its participants' "
             "reoffending: target a cohort segment",
        at + "[4].effect at line 35: give either from_evaluation or a distribution"})
    EXPECT_NE(r.err.find(expected), std::string::npos) << expected << "\n" << r.err;
}

// The value section against the scenarios it values: an uncosted crime type a scenario
// targets, and costs in a price year the deflator does not have, both found before the run.
TEST(CliScenario, ValuedScenarioNeedsUnitCostsAndDeflatorYears) {
  const fs::path dir = fresh_temp_dir("cli_scenario_value");
  std::string csv = crime_csv();
  for (auto at = csv.find("theft"); at != std::string::npos; at = csv.find("theft", at))
    csv.replace(at, 5, "fraud");  // no Home Office unit cost
  write(dir / "crime.csv", csv);
  write(dir / "config.yaml",
        "name: scenario_value_case\n"
        "forecast: {enabled: false}\n"
        "data: {source: files, crime: {path: crime.csv}}\n"
        "scenarios:\n"
        "  horizon: 12\n"
        "  paths: 200\n"
        "  baseline: {model: snaive}\n"
        "  plans:\n"
        "    - name: Fraud\n"
        "      interventions:\n"
        "        - target: {crime_types: [fraud]}\n"  // line 11
        "          start: 2021-01\n"
        "          effect: {distribution: fixed, change: -0.1}\n"
        "          costs: {price_year: 1985, annual: 1000}\n"  // line 14
        "value:\n"
        "  price_year: 2023/24\n");
  const auto r = run_harmcast("validate " + (dir / "config.yaml").string());
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find("scenarios.plans[0].interventions[0].target.crime_types at line 11: unit "
                       "cost missing for crime type \"fraud\""),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("scenarios.plans[0].interventions[0].costs.price_year at line 14: price "
                       "year 1985/86 has no deflator value"),
            std::string::npos)
      << r.err;
}

TEST(CliScenario, ScenarioCommandWritesTheValueForMoneyTables) {
  const fs::path dir = fresh_temp_dir("cli_scenario_run");
  write(dir / "crime.csv", crime_csv());
  write(dir / "config.yaml", config(kGoodPlan));
  const auto r = run_harmcast("scenario --quiet --config " + (dir / "config.yaml").string() +
                              " --out " + (dir / "out").string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(fs::exists(dir / "out" / "results.h5"));
  EXPECT_FALSE(fs::exists(dir / "out" / "report.html"));  // scenarios only
  EXPECT_FALSE(fs::exists(dir / "out" / "tables" / "kpi_summary.csv"));
  const std::string averted = read(dir / "out" / "tables" / "scenarios_averted.csv");
  EXPECT_EQ(averted.substr(0, averted.find('\n')),
            "scenario,crime_type,year,mean,sd,lo_95,hi_95,lo_80,hi_80,median,months,baseline_mean,"
            "cohort");
  EXPECT_NE(averted.find("Burglary in W01,burglary,1,"), std::string::npos) << averted;
  EXPECT_NE(averted.find("Burglary in W01,burglary,2,"), std::string::npos) << averted;
  const std::string costs = read(dir / "out" / "tables" / "scenarios_costs.csv");
  EXPECT_NE(costs.find("scenario,year,cost,price_year\nBurglary in W01,1,12000.0,2024\n"
                       "Burglary in W01,2,12000.0,2024"),
            std::string::npos)
      << costs;
  EXPECT_NE(read(dir / "out" / "tables" / "scenarios_targets.csv").find("Burglary below 2020"),
            std::string::npos);
}

}  // namespace
