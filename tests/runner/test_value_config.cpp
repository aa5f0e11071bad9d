// The `value:` config section: every mistake is reported before anything runs, with its key path
// and line, all at once.
#include <gtest/gtest.h>

#include <sstream>
#include <string>

#include "engine/config/experiment_config.hpp"
#include "engine/core/error.hpp"
#include "engine/runner/stage_evaluation.hpp"
#include "engine/runner/value_config.hpp"

namespace harmcast {
namespace {

const char* kHead =
    "name: value_config_test\n"
    "evaluations:\n"
    "  - name: Advocacy\n"
    "    covariates: [age]\n"
    "    outcomes: [reoffended_1y, n_reoffences]\n"
    "value:\n"
    "  price_year: 2023/24\n";

// A valid service with `line` swapped in for one of its keys.
std::string service(const std::string& changed_key, const std::string& replacement) {
  const std::vector<std::pair<std::string, std::string>> keys = {
      {"name", "    - name: Advocacy\n"},
      {"participants", "      participants: 100\n"},
      {"cost_per_participant", "      cost_per_participant: 800\n"},
      {"cost_price_year", "      cost_price_year: 2023/24\n"},
      {"offence_mix", "      offence_mix: {violence_with_injury: 0.6, burglary: 0.4}\n"}};
  std::string text = "  services:\n";
  for (const auto& [key, line] : keys) text += key == changed_key ? replacement : line;
  return text;
}

// The 1-based line of the first line containing `part`.
int line_of(const std::string& text, const std::string& part) {
  std::istringstream in(text);
  std::string line;
  for (int n = 1; std::getline(in, line); ++n)
    if (line.find(part) != std::string::npos) return n;
  return -1;
}

// The error message of parsing `text`, or "" when it parses.
std::string problems(const std::string& text) {
  try {
    const ExperimentConfig config = parse_experiment_config(text, "bad.yaml");
    parse_value_config(config, parse_evaluations(config));
  } catch (const Error& e) {
    return e.what();
  }
  return {};
}

TEST(ValueConfig, ValidSectionParses) {
  const std::string text = std::string(kHead) + "  optimism_bias: 0.2\n" + service("", "") +
                           "  scenarios: [two_more_wards]\n";
  const ExperimentConfig config = parse_experiment_config(text, "ok.yaml");
  const ValueConfig v = parse_value_config(config, parse_evaluations(config));
  EXPECT_TRUE(v.present);
  ASSERT_EQ(v.services.size(), 1u);
  EXPECT_EQ(v.services[0].offence_mix.at("burglary"), 0.4);
  EXPECT_EQ(v.unit_cost_table.price_year, "2015/16");
  EXPECT_EQ(v.unit_cost_table.find("homicide")->total, 3217740.0);
  EXPECT_FALSE(v.all_scenarios);
  EXPECT_EQ(v.scenarios, std::vector<std::string>{"two_more_wards"});
  EXPECT_EQ(v.discount.schedule, value::DiscountSchedule::green_book_declining);
}

TEST(ValueConfig, AbsentSectionIsNotPresent) {
  const ExperimentConfig config = parse_experiment_config("name: x\n", "x.yaml");
  EXPECT_FALSE(parse_value_config(config, {}).present);
}

TEST(ValueConfig, MissingUnitCostNamesKeyAndLine) {
  const std::string text =
      kHead +
      service("offence_mix", "      offence_mix: {violence_with_injury: 0.6, burglry: 0.4}\n");
  EXPECT_NE(problems(text).find("value.services[0].offence_mix.burglry at line " +
                                std::to_string(line_of(text, "burglry")) +
                                ": unit cost missing for crime type \"burglry\"; did you mean "
                                "\"burglary\"?"),
            std::string::npos)
      << problems(text);
}

TEST(ValueConfig, PriceYearWithoutDeflatorNamesKeyAndLine) {
  const std::string text = kHead + service("cost_price_year", "      cost_price_year: 1985/86\n");
  EXPECT_NE(problems(text).find("value.services[0].cost_price_year at line " +
                                std::to_string(line_of(text, "1985/86")) +
                                ": price year 1985/86 has no deflator value"),
            std::string::npos)
      << problems(text);
  const std::string appraisal = "name: x\nvalue:\n  price_year: 2030\n";
  EXPECT_NE(problems(appraisal).find(
                "value.price_year at line 3: price year 2030/31 has no deflator value"),
            std::string::npos)
      << problems(appraisal);
}

TEST(ValueConfig, NegativeCostNamesKeyAndLine) {
  const std::string text =
      kHead + service("cost_per_participant", "      cost_per_participant: -800\n");
  EXPECT_NE(problems(text).find("value.services[0].cost_per_participant at line " +
                                std::to_string(line_of(text, "-800")) +
                                ": expected a non-negative number"),
            std::string::npos)
      << problems(text);
}

TEST(ValueConfig, EveryMistakeListedAtOnce) {
  std::string text = std::string(kHead) + "  optimism_bais: 0.2\n" +
                     "  discount: {schedule: green_book_flat}\n" +
                     "  user_unit_costs: {drugs: -3}\n" +
                     "  services:\n"
                     "    - name: Advocacy\n"
                     "      participants: 0\n"
                     "      cost_price_year: 1999/2000\n"
                     "      offence_mix: {violence_with_injury: 0.5, theft: 0.4}\n"
                     "    - name: Mentoring\n"
                     "      participants: 10\n"
                     "      annual_cost: 1000\n"
                     "      offence_mix: {robbery: 1}\n";
  const std::string message = problems(text);
  for (const std::string expected : {
           "optimism_bais at line 8: unknown key",
           "did you mean \"optimism_bias\"",
           "value.discount.schedule at line 9",
           "value.user_unit_costs.drugs at line 10: expected a non-negative number",
           "value.services[0].participants at line 13: expected a positive integer",
           "value.services[0].cost_price_year at line 14: expected a financial year",
           "value.services[0].offence_mix at line 15: shares must sum to 1, they sum to 0.9",
           "value.services[0] at line 12: the service has no cost",
           "value.services[1].name at line 16: no evaluation named \"Mentoring\"",
       }) {
    EXPECT_NE(message.find(expected), std::string::npos) << expected << "\nin:\n" << message;
  }
}

TEST(ValueConfig, UserUnitCostValuesAnUncostedType) {
  const std::string text = std::string(kHead) + "  user_unit_costs: {drugs: 250, fraud: 900}\n" +
                           service("offence_mix", "      offence_mix: {drugs: 0.5, fraud: 0.5}\n");
  const ExperimentConfig config = parse_experiment_config(text, "ok.yaml");
  const ValueConfig v = parse_value_config(config, parse_evaluations(config));
  EXPECT_EQ(value::unit_cost_per_offence("drugs", v.unit_cost_table, v.mapping), 250.0);
  EXPECT_EQ(value::unit_cost_per_offence("fraud", v.unit_cost_table, v.mapping), 900.0);
  const std::string costed = std::string(kHead) + "  user_unit_costs: {robbery: 5}\n";
  EXPECT_NE(problems(costed).find("value.user_unit_costs.robbery at line 8: \"robbery\" is "
                                  "costed by the unit-cost table"),
            std::string::npos)
      << problems(costed);
}

TEST(ValueConfig, UserUnitCostFileErrorsCarryTheKey) {
  const std::string text = std::string(kHead) + "  unit_costs: /nonexistent/costs.csv\n";
  EXPECT_NE(problems(text).find("value.unit_costs at line 8:"), std::string::npos)
      << problems(text);
}

TEST(ValueConfig, FinancialYears) {
  EXPECT_EQ(normalise_financial_year("2023"), "2023/24");
  EXPECT_EQ(normalise_financial_year("1999"), "1999/00");
  EXPECT_EQ(normalise_financial_year("2023/24"), "2023/24");
  EXPECT_EQ(normalise_financial_year("2023/25"), "");
  EXPECT_EQ(normalise_financial_year("23/24"), "");
}

}  // namespace
}  // namespace harmcast
