// The `value:` section's declarations and parsing (value_config.hpp); cross-key checks are in
// value_config_checks.cpp.
#include "engine/runner/value_config.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "engine/config/config_issue.hpp"
#include "engine/runner/value_config_checks.hpp"

namespace harmcast {
namespace {

const std::vector<std::string>& schedule_words() {
  static const std::vector<std::string> words = {"green_book_declining", "green_book_standard",
                                                 "constant"};
  return words;
}
const std::vector<std::string>& timing_words() {
  static const std::vector<std::string> words = {"year_start", "mid_year"};
  return words;
}
const std::vector<std::string>& uncertainty_words() {
  static const std::vector<std::string> words = {"none", "triangular", "lognormal"};
  return words;
}

}  // namespace

std::string normalise_financial_year(const std::string& text) {
  auto digits = [](const std::string& s) {
    return !s.empty() &&
           std::all_of(s.begin(), s.end(), [](unsigned char ch) { return std::isdigit(ch) != 0; });
  };
  if (text.size() == 4 && digits(text)) {
    const int start = std::stoi(text);
    return fmt::format("{}/{:02d}", start, (start + 1) % 100);
  }
  if (text.size() == 7 && text[4] == '/' && digits(text.substr(0, 4)) &&
      digits(text.substr(5, 2))) {
    const int start = std::stoi(text.substr(0, 4));
    if (std::stoi(text.substr(5, 2)) == (start + 1) % 100) return text;
  }
  return {};
}

void declare_options(ConfigReader& r, ValueDiscountConfig& c) {
  r.key("schedule", "Green Book declining long-term schedule, 3.5% flat, or a constant rate.")
      .choice(c.schedule, schedule_words());
  r.key("rate", "Discount rate of the constant schedule.").number(c.rate, in_range(0, 0.99));
  r.key("timing", "Flows at the start of each year (Green Book) or mid-year.")
      .choice(c.timing, timing_words());
}

void declare_options(ConfigReader& r, ValueMonteCarloConfig& c) {
  r.key("draws", "Monte Carlo draws of effect sizes and unit costs.").integer(c.draws, positive());
  r.key("unit_cost_uncertainty", "Unit-cost multiplier distribution per crime type.")
      .choice(c.unit_cost_uncertainty, uncertainty_words());
  r.key("unit_cost_spread", "Triangular half-width (0.2 = +-20%) or SD of the log multiplier.")
      .number(c.unit_cost_spread, in_range(0, 1));
}

void declare_options(ConfigReader& r, ValueSensitivityConfig& c) {
  r.key("unit_cost_swing", "Each unit cost at (1 -+ swing) x central.")
      .number(c.unit_cost_swing, probability());
  r.key("cost_swing", "All costs at (1 -+ swing) x central.").number(c.cost_swing, probability());
  r.key("optimism_bias_high", "Optimism bias from 0 to this value; 0 = no row.")
      .number(c.optimism_bias_high, non_negative());
}

void declare_options(ConfigReader& r, ValueServiceConfig& c) {
  r.key("name", "Service name shown in the report.").required().text(c.name);
  r.key("evaluation", "Name of the evaluation giving the effect; default: name.")
      .text(c.evaluation);
  r.key("outcome", "Evaluated outcome valued (the number of reoffences).").text(c.outcome);
  r.key("participants", "People starting the service each year.")
      .required()
      .integer(c.participants, positive());
  r.key("years", "Years the service runs.").integer(c.years, positive());
  r.key("effect_years", "Years each participant's reduction lasts (1 = the follow-up only).")
      .integer(c.effect_years, positive());
  r.key("cost_per_participant", "£ per participant.")
      .number(c.cost_per_participant, non_negative());
  r.key("annual_cost", "£ fixed cost each year the service runs.")
      .number(c.annual_cost, non_negative());
  r.key("one_off_cost", "£ set-up cost in the first year.").number(c.one_off_cost, non_negative());
  r.key("cost_price_year", "Price year of the service's costs; default: value.price_year.")
      .text(c.cost_price_year);
  r.key("offence_mix", "Crime types of the offences averted with their shares (sum 1).")
      .raw(c.offence_mix_raw);
}

void declare_options(ConfigReader& r, ValueConfig& c) {
  r.key("price_year", "Financial year of the £ in the results (2023/24 or 2023).")
      .text(c.price_year);
  r.key("unit_costs", "Unit costs of crime: builtin (Home Office 2018) or a CSV path.")
      .text(c.unit_costs);
  r.key("unit_costs_price_year", "Price year of a user unit-cost table.")
      .text(c.unit_costs_price_year);
  r.key("user_unit_costs", "£ per offence for crime types the table does not cost.")
      .raw(c.user_unit_costs_raw);
  r.key("deflator",
        "GDP deflator: builtin (HM Treasury, calendar years) or a CSV "
        "financial_year,index or calendar_year,index.")
      .text(c.deflator);
  r.key("discount", "Discounting (HM Treasury Green Book).").section(c.discount);
  r.key("optimism_bias", "Uplift on costs as a fraction (0.2 = +20%).")
      .number(c.optimism_bias, non_negative());
  r.key("horizon_years", "Appraisal period in years; 0 = longest stream.")
      .integer(c.horizon_years, non_negative());
  r.key("monte_carlo", "Monte Carlo over effect sizes and unit costs.").section(c.monte_carlo);
  r.key("sensitivity", "One-way sensitivity (tornado).").section(c.sensitivity);
  r.key("services", "Commissioned services valued from their evaluations.")
      .section_list(c.services);
  r.key("scenarios", "Scenarios to value by name; absent = every scenario simulated.")
      .text_list(c.scenarios);
}

ValueConfig parse_value_config(const ExperimentConfig& config,
                               const std::vector<EvaluationConfig>& evaluations) {
  ValueConfig value;
  if (!config.value.present()) return value;
  value.present = true;
  // Read the section from the original text so problems carry their line numbers.
  YAML::Node section = config.value.node;
  if (!config.source_text.empty()) {
    const YAML::Node root = YAML::Load(config.source_text);
    if (root.IsMap() && root["value"]) section = root["value"];
  }
  YAML::Node wrapper(YAML::NodeType::Map);
  wrapper["value"] = section;
  ConfigIssues issues;
  ConfigReader reader = ConfigReader::parsing(wrapper, issues);
  reader.key("value", "Value for money.").section(value);
  reader.finish();
  if (section.IsMap()) check_value_config(section, config, evaluations, value, issues);
  issues.throw_if_any(config.source_name);
  return value;
}

}  // namespace harmcast
