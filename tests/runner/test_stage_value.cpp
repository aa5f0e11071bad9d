// The value-for-money stage end to end on fixture tables: a service valued from a stand-in
// evaluation table and scenarios from stand-ins for the scenario stage's tables (the contract
// in engine/runner/stage_value.hpp), with every figure computed by hand; the Monte Carlo chance
// of loss against its normal closed form; the outputs in the HDF5 store, CSV and the report.
// Expected values: tests/data/value/stage_value_expected.py (exact rational arithmetic).
#include <gtest/gtest.h>

#include <boost/math/distributions/normal.hpp>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "engine/config/experiment_config.hpp"
#include "engine/results/run_results.hpp"
#include "engine/runner/stage_evaluation.hpp"
#include "engine/runner/stage_value.hpp"
#include "engine/store/results_store.hpp"
#include "reports/experiment_report.hpp"
#include "tests/support/paths.hpp"

namespace harmcast {
namespace {

constexpr double kPenny = 0.005;  // "to the penny"

// The hand computations below use a financial-year fixture deflator (2015/16 = 100,
// 2022/23 = 119.5, 2023/24 = 128.0, 2024/25 = 131.9), not the shipped series, so they do not
// move when the shipped HM Treasury figures are updated.
std::string with_fixture_deflator(std::string value_section) {
  const std::string key = "value:\n";
  const auto at = value_section.find(key);
  if (at == std::string::npos) return value_section;
  const auto fixture =
      harmcast::testing::source_dir() / "tests/data/value/deflator_fixture_financial.csv";
  return value_section.insert(at + key.size(), "  deflator: " + fixture.string() + "\n");
}

// Config: one evaluation (never run here: its table is a fixture) and the value section.
std::string config_text(const std::string& value_section) {
  return "name: value_test\n"
         "seed: 7\n"
         "evaluations:\n"
         "  - name: Advocacy\n"
         "    service: idva\n"
         "    covariates: [age]\n"
         "    outcomes: [reoffended_1y, n_reoffences]\n" +
         with_fixture_deflator(value_section);
}

ValueConfig parse(const std::string& value_section) {
  const ExperimentConfig config = parse_experiment_config(config_text(value_section), "t.yaml");
  return parse_value_config(config, parse_evaluations(config));
}

// /evaluation/effects as the evaluation stage writes it (only the columns the value stage reads,
// plus a reoffended_1y row it must ignore).
void add_effects(RunResults& results, double estimate, double std_error, double mean_comparison) {
  Table t;
  t.add_column(Column::categorical_from_strings("service", {"Advocacy", "Advocacy"}));
  t.add_column(Column::categorical_from_strings("outcome", {"reoffended_1y", "n_reoffences"}));
  t.add_column(result_floats("estimate", {-0.05, estimate}));
  t.add_column(result_floats("std_error", {0.02, std_error}));
  t.add_column(result_floats("mean_comparison", {0.4, mean_comparison}));
  results.add_table("/evaluation/effects", std::move(t));
}

// 100 participants a year for 2 years; £1,000 each, £50,000 a year and £20,000 set-up, in
// 2022/23 prices; results in 2023/24 prices, 3.5% flat, optimism bias 20%.
const char* kService =
    "value:\n"
    "  price_year: 2023/24\n"
    "  discount: {schedule: green_book_standard}\n"
    "  optimism_bias: 0.2\n"
    "  monte_carlo: {draws: 20000, unit_cost_uncertainty: none}\n"
    "  services:\n"
    "    - name: IDVA <pilot> & co\n"
    "      evaluation: Advocacy\n"
    "      participants: 100\n"
    "      years: 2\n"
    "      cost_per_participant: 1000\n"
    "      annual_cost: 50000\n"
    "      one_off_cost: 20000\n"
    "      cost_price_year: 2022/23\n"
    "      offence_mix: {violence_with_injury: 0.75, sexual_offences: 0.25}\n";

const Table& table(const RunResults& results, const std::string& path) {
  const Table* t = results.find_table(path);
  if (t == nullptr) throw std::runtime_error("missing table " + path);
  return *t;
}

double at(const RunResults& results, const std::string& path, const std::string& column,
          std::size_t row) {
  return table(results, path).column(column).numeric(row);
}

std::size_t row_by(const Table& t, const std::string& column, const std::string& value) {
  for (std::size_t r = 0; r < t.rows(); ++r)
    if (t.column(column).text(r) == value) return r;
  throw std::runtime_error("no row with " + column + " = " + value);
}

bool has_note(const RunResults& results, const std::string& subject, const std::string& part) {
  for (const auto& n : results.notes())
    if (n.stage == "value" && n.subject == subject && n.message.find(part) != std::string::npos)
      return true;
  return false;
}

// By hand (fixture deflator 2022/23 = 119.5, 2023/24 = 128.0, 2015/16 = 100):
//   effect per person d = -0.4 reoffences, so 40 offences averted a year: 30 violence with
//   injury (£14,050 x 1.28 = £17,984) and 10 sexual offences (0.35 x £39,360 + 0.65 x £6,520 =
//   £18,014, x 1.28 = £23,057.92): benefits £770,099.20 a year;
//   PVB = 770,099.20 x (1 + 1/1.035) = £1,514,156.40;
//   PVC = 1.2 x (128 / 119.5) x (170,000 + 150,000 / 1.035) = £404,793.89;
//   NPV = £1,109,362.51, BCR = 3.7405614, cost per offence averted = PVC / 80 = £5,059.92.
TEST(StageValue, ServiceKnownAnswerToThePenny) {
  RunResults results;
  add_effects(results, -0.4, 0.0, 2.0);
  run_value_stage(parse(kService), results);
  const std::string path = "/value/appraisal";
  ASSERT_EQ(table(results, path).rows(), 1u);
  EXPECT_EQ(table(results, path).column("option").text(0), "IDVA <pilot> & co");
  EXPECT_EQ(table(results, path).column("price_year").text(0), "2023/24");
  EXPECT_NEAR(at(results, path, "pv_benefits", 0), 1514156.398067633, kPenny);
  EXPECT_NEAR(at(results, path, "pv_costs", 0), 404793.8875750409, kPenny);
  EXPECT_NEAR(at(results, path, "npv", 0), 1109362.510492592, kPenny);
  EXPECT_NEAR(at(results, path, "benefit_cost_ratio", 0), 3.740561417906632, 1e-12);
  EXPECT_NEAR(at(results, path, "offences_averted", 0), 80.0, 1e-9);
  EXPECT_NEAR(at(results, path, "cost_per_offence_averted", 0), 5059.923594688012, kPenny);
  // A fixed effect (SE 0): every draw is the central NPV, so there is no chance of loss.
  EXPECT_EQ(at(results, path, "chance_of_loss", 0), 0.0);
  EXPECT_NEAR(at(results, path, "npv_mean", 0), 1109362.510492592, kPenny);

  const Table& years = table(results, "/value/years");
  ASSERT_EQ(years.rows(), 2u);
  EXPECT_EQ(years.column("year").numeric(0), 1.0);
  EXPECT_NEAR(years.column("benefits").numeric(1), 770099.2, kPenny);
  EXPECT_NEAR(years.column("discount_factor").numeric(1), 1 / 1.035, 1e-15);

  const Table& unit = table(results, "/value/unit_costs");
  ASSERT_EQ(unit.rows(), 2u);
  const std::size_t sexual = row_by(unit, "crime_type", "sexual_offences");
  EXPECT_NEAR(unit.column("unit_cost_table_prices").numeric(sexual), 18014.0, 1e-9);
  EXPECT_NEAR(unit.column("unit_cost").numeric(sexual), 23057.92, 1e-9);

  const Table& settings = table(results, "/value/settings");
  const std::size_t source = row_by(settings, "item", "unit_costs_source");
  EXPECT_NE(settings.column("value").text(source).find("Home Office (2018)"), std::string::npos);
  EXPECT_EQ(settings.column("value").text(row_by(settings, "item", "unit_costs_price_year")),
            "2015/16");
}

// Tornado rows are exact functions of the central appraisal: effect at its 5th/95th
// percentiles (fixed here, so no swing), each unit cost +-20%, costs +-20%.
TEST(StageValue, TornadoRowsByHand) {
  RunResults results;
  add_effects(results, -0.4, 0.0, 2.0);
  run_value_stage(parse(kService), results);
  const Table& s = table(results, "/value/sensitivity");
  ASSERT_EQ(s.rows(), 4u);  // effect, two unit costs, costs
  const double pvb = 1514156.398067633, pvc = 404793.8875750409;
  const std::size_t costs = row_by(s, "input", "costs");
  EXPECT_NEAR(s.column("npv_low").numeric(costs), pvb - 0.8 * pvc, kPenny);
  EXPECT_NEAR(s.column("npv_high").numeric(costs), pvb - 1.2 * pvc, kPenny);
  // Violence with injury is 30 x 17,984 / 770,099.20 of the benefits.
  const double share = 30 * 17984.0 / 770099.2;
  const std::size_t vwi = row_by(s, "input", "unit cost: violence_with_injury");
  EXPECT_NEAR(s.column("swing").numeric(vwi), 0.4 * share * pvb, kPenny);
  EXPECT_EQ(s.column("rank").numeric(0), 1.0);
  EXPECT_EQ(s.column("input").text(0), "unit cost: violence_with_injury");  // largest swing
  EXPECT_EQ(s.column("swing").numeric(row_by(s, "input", "effect")), 0.0);
}

// With a normal effect and fixed unit costs, NPV = e B - PVC with e ~ N(c, sd), so
// P(loss) = Phi(-NPV_central / (sd B)). Here e = 0.4 / 2 = 0.2, sd = 0.3 / 2 = 0.15 and
// B = PVB / 0.2; the Monte Carlo's share of losses must lie within 4 binomial SEs of it.
TEST(StageValue, ChanceOfLossMatchesNormalClosedForm) {
  RunResults results;
  add_effects(results, -0.4, 0.3, 2.0);
  run_value_stage(parse(kService), results);
  const double pvb = 1514156.398067633, npv = 1109362.510492592;
  const double sd_npv = 0.15 * pvb / 0.2;
  const double expected = boost::math::cdf(boost::math::normal(), -npv / sd_npv);
  const double draws = 20000;
  const double se = std::sqrt(expected * (1 - expected) / draws);
  const double loss = at(results, "/value/appraisal", "chance_of_loss", 0);
  EXPECT_NEAR(loss, expected, 4 * se) << "closed form " << expected;
  EXPECT_GT(expected, 0.1);  // a case where the test can fail both ways
  EXPECT_NEAR(at(results, "/value/appraisal", "npv_sd", 0) / sd_npv, 1.0, 0.03);
  EXPECT_NEAR(at(results, "/value/appraisal", "effect_sd", 0), 0.15, 1e-15);
  // Same seed, same numbers.
  RunResults again;
  add_effects(again, -0.4, 0.3, 2.0);
  run_value_stage(parse(kService), again);
  EXPECT_EQ(at(again, "/value/appraisal", "chance_of_loss", 0), loss);
}

// effect_years 2: one year of 100 people whose reduction lasts two years gives the same 40
// offences averted in each of years 1 and 2 (the benefits of the known-answer test above), with
// costs only in year 1: PVC = 1.2 x (128 / 119.5) x 170,000.
TEST(StageValue, EffectLastingTwoYears) {
  std::string text = kService;
  text.replace(text.find("      years: 2\n"), 15, "      years: 1\n      effect_years: 2\n");
  RunResults results;
  add_effects(results, -0.4, 0.0, 2.0);
  run_value_stage(parse(text), results);
  EXPECT_NEAR(at(results, "/value/appraisal", "pv_benefits", 0), 1514156.398067633, kPenny);
  EXPECT_NEAR(at(results, "/value/appraisal", "pv_costs", 0), 1.2 * 128 / 119.5 * 170000, kPenny);
  EXPECT_NEAR(at(results, "/value/appraisal", "offences_averted", 0), 80.0, 1e-9);
}

// Scenario tables as the scenario stage writes them.
void add_scenarios(RunResults& results) {
  Table averted;
  averted.add_column(
      Column::categorical_from_strings("scenario", {"alpha", "alpha", "alpha", "beta"}));
  averted.add_column(Column::categorical_from_strings(
      "crime_type", {"violence_with_injury", "violence_with_injury", "burglary", "theft"}));
  averted.add_column(Column::integers("year", {1, 2, 1, 1}));
  averted.add_column(result_floats("mean", {10, 10, 5, 100}));
  averted.add_column(result_floats("sd", {5, 5, 2.5, 0}));
  averted.add_column(result_floats("lo_95", {0, 0, 0, 100}));
  averted.add_column(result_floats("hi_95", {20, 20, 10, 100}));
  results.add_table("/scenarios/averted", std::move(averted));
  Table costs;
  costs.add_column(Column::categorical_from_strings("scenario", {"alpha", "alpha"}));
  costs.add_column(Column::integers("year", {1, 2}));
  costs.add_column(result_floats("cost", {100000, 50000}));
  costs.add_column(Column::integers("price_year", {2023, 2024}));
  results.add_table("/scenarios/costs", std::move(costs));
}

const char* kScenarios =
    "value:\n"
    "  price_year: 2023\n"
    "  discount: {schedule: green_book_standard}\n"
    "  optimism_bias: 0.2\n"
    "  monte_carlo: {draws: 20000, unit_cost_uncertainty: none}\n"
    "  scenarios: [alpha, beta, gamma]\n";

// alpha: violence with injury (£17,984) 10 in year 1 and 10 in year 2, burglary (domestic,
// £5,930 x 1.28 = £7,590.40) 5 in year 1: PVB = 179,840 + 37,952 + 179,840 / 1.035 =
// £391,550.45. Costs £100,000 (2023/24) in year 1 and £50,000 in 2024/25 prices (deflator
// 131.9) in year 2: PVC = 1.2 x (100,000 + 50,000 x 128 / 131.9 / 1.035) = £176,256.94.
// NPV = £215,293.52. Every SD is half its mean, so the effect multiplier's SD is 0.5 and
// P(loss) = Phi(-215,293.52 / (0.5 x 391,550.45)).
// beta: 100 thefts (theft from the person, £1,380 x 1.28) in year 1 and no costs: £176,640.
TEST(StageValue, ScenariosKnownAnswersAndComparison) {
  RunResults results;
  add_scenarios(results);
  run_value_stage(parse(kScenarios), results);
  const Table& a = table(results, "/value/appraisal");
  ASSERT_EQ(a.rows(), 2u);
  const std::size_t alpha = row_by(a, "option", "alpha");
  const std::size_t beta = row_by(a, "option", "beta");
  EXPECT_EQ(a.column("kind").text(alpha), "scenario");
  EXPECT_NEAR(a.column("pv_benefits").numeric(alpha), 391550.4541062802, kPenny);
  EXPECT_NEAR(a.column("pv_costs").numeric(alpha), 176256.9359747723, kPenny);
  EXPECT_NEAR(a.column("npv").numeric(alpha), 215293.5181315079, kPenny);
  EXPECT_NEAR(a.column("effect_sd").numeric(alpha), 0.5, 1e-12);
  const double expected =
      boost::math::cdf(boost::math::normal(), -215293.5181315079 / (0.5 * 391550.4541062802));
  EXPECT_NEAR(a.column("chance_of_loss").numeric(alpha), expected,
              4 * std::sqrt(expected * (1 - expected) / 20000));
  EXPECT_NEAR(a.column("pv_benefits").numeric(beta), 176640.0, kPenny);
  EXPECT_TRUE(a.column("benefit_cost_ratio").is_missing(beta));  // no costs: no ratio
  EXPECT_EQ(a.column("chance_of_loss").numeric(beta), 0.0);
  EXPECT_TRUE(has_note(results, "beta", "valued as costless"));
  EXPECT_TRUE(has_note(results, "gamma", "not in /scenarios/averted"));

  // Ranked by Monte Carlo mean NPV: alpha (about £215k) above beta (£176,640); by chance of
  // loss beta (none) comes first.
  const Table& c = table(results, "/value/comparison");
  ASSERT_EQ(c.rows(), 2u);
  EXPECT_EQ(c.column("option").text(0), "alpha");
  EXPECT_EQ(c.column("rank_by_npv").numeric(0), 1.0);
  EXPECT_EQ(c.column("rank_by_chance_of_loss").numeric(0), 2.0);
  EXPECT_EQ(c.column("rank_by_chance_of_loss").numeric(1), 1.0);
  EXPECT_EQ(c.column("chance_of_loss").numeric(0), a.column("chance_of_loss").numeric(alpha));
}

TEST(StageValue, NoScenarioTablesIsANoteNotAnError) {
  RunResults results;
  EXPECT_NO_THROW(run_value_stage(parse(kScenarios), results));
  EXPECT_EQ(table(results, "/value/appraisal").rows(), 0u);
  EXPECT_TRUE(has_note(results, "", "no scenario results"));
  EXPECT_EQ(results.find_table("/value/comparison"), nullptr);
}

TEST(StageValue, ScenarioWithUncostedTypeOrUnknownPriceYearIsANote) {
  RunResults results;
  add_scenarios(results);
  Table costs;
  costs.add_column(Column::categorical_from_strings("scenario", {"alpha"}));
  costs.add_column(Column::integers("year", {1}));
  costs.add_column(result_floats("cost", {1000}));
  costs.add_column(Column::integers("price_year", {2009}));
  results.add_table("/scenarios/costs", std::move(costs));
  run_value_stage(parse(kScenarios), results);
  EXPECT_TRUE(has_note(results, "alpha", "price year 2009/10"));

  RunResults other;
  Table odd;
  odd.add_column(Column::categorical_from_strings("scenario", {"alpha"}));
  odd.add_column(Column::categorical_from_strings("crime_type", {"fraud"}));
  odd.add_column(Column::integers("year", {1}));
  odd.add_column(result_floats("mean", {3}));
  odd.add_column(result_floats("sd", {1}));
  other.add_table("/scenarios/averted", std::move(odd));
  run_value_stage(parse(kScenarios), other);
  EXPECT_TRUE(has_note(other, "alpha", "unit cost missing for crime type(s) fraud"));
}

TEST(StageValue, ServiceWithoutEvaluatedEffectIsANote) {
  RunResults results;
  run_value_stage(parse(kService), results);
  EXPECT_TRUE(has_note(results, "IDVA <pilot> & co", "no service evaluations"));
  EXPECT_EQ(table(results, "/value/appraisal").rows(), 0u);
}

// The tables reach the HDF5 store and CSV, and the report shows the section (names escaped).
TEST(StageValue, OutputsInStoreCsvAndReport) {
  RunResults results;
  add_effects(results, -0.4, 0.3, 2.0);
  add_scenarios(results);
  std::string both = kService;
  both += "  scenarios: [alpha]\n";
  run_value_stage(parse(both), results);
  ASSERT_EQ(table(results, "/value/appraisal").rows(), 2u);

  const auto dir = std::filesystem::temp_directory_path() / "harmcast_test_stage_value";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  {
    ResultsStore store(dir / "results.h5");
    write_run_results(results, store);
    store.commit();
  }
  const RunResults back = read_run_results(dir / "results.h5");
  for (const char* path :
       {"/value/appraisal", "/value/years", "/value/benefits", "/value/sensitivity",
        "/value/appraisal_published", "/value/years_published", "/value/benefits_published",
        "/value/comparison", "/value/unit_costs", "/value/settings"}) {
    ASSERT_NE(back.find_table(path), nullptr) << path;
  }
  EXPECT_EQ(at(back, "/value/appraisal", "npv", 0), at(results, "/value/appraisal", "npv", 0));

  const auto files = write_run_tables_csv(results, dir / "tables");
  std::ifstream csv(dir / "tables" / "value_comparison.csv");
  ASSERT_TRUE(csv.good());
  std::string header;
  std::getline(csv, header);
  EXPECT_EQ(header.rfind("rank_by_npv,option,kind,npv,npv_mean", 0), 0u) << header;
  EXPECT_TRUE(std::filesystem::exists(dir / "tables" / "value_appraisal.csv"));
  EXPECT_TRUE(std::filesystem::exists(dir / "tables" / "value_sensitivity.csv"));

  report::ReportSettings settings;
  settings.title = "t";
  const std::string html = report::render_experiment_report(results, settings);
  EXPECT_NE(html.find("Value for money"), std::string::npos);
  EXPECT_NE(html.find("2023/24 prices"), std::string::npos);
  EXPECT_NE(html.find("IDVA &lt;pilot&gt; &amp; co"), std::string::npos);
  EXPECT_EQ(html.find("IDVA <pilot>"), std::string::npos);
  EXPECT_NE(html.find("what moves the net present value"), std::string::npos);
  EXPECT_NE(html.find("split into anticipation"), std::string::npos);  // the data caveat
  EXPECT_NE(html.find("ranked by net present value"), std::string::npos);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace harmcast
