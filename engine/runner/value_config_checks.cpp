// Cross-key checks of the `value:` section (see value_config_checks.hpp).
#include "engine/runner/value_config_checks.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <set>

#include "datasets/unit_costs.hpp"
#include "engine/config/config_value_text.hpp"
#include "engine/core/error.hpp"

namespace harmcast {
namespace {

// The number a scalar node holds; nullopt for anything else.
std::optional<double> scalar_number(const YAML::Node& node) {
  if (!node.IsScalar()) return std::nullopt;
  return parse_number_text(node.Scalar());
}

// Mixes the experiment seed with a fixed tag so the value stage's draws are not those of another
// stage that uses RandomStream(seed, task) with the same task numbers.
constexpr std::uint64_t kValueSeedTag = 0x76616c7565ULL;  // "value"

// Checks made after the declared parse, with the lines of the section as written.
class ValueChecks {
 public:
  ValueChecks(const YAML::Node& section, ConfigIssues& issues, const ExperimentConfig& experiment)
      : section_(section), issues_(issues), experiment_(experiment) {}

  void run(ValueConfig& c, const std::vector<EvaluationConfig>& evaluations) {
    check_years(c);
    load_tables(c);
    apply_user_unit_costs(c);
    check_deflator_covers(c);
    check_services(c, evaluations);
    c.all_scenarios = !section_["scenarios"].IsDefined();
    c.seed = experiment_.seed ^ kValueSeedTag;
    c.disclosure_threshold = experiment_.data.disclosure_threshold;
  }

 private:
  int line(const YAML::Node& node) const { return node.IsDefined() ? yaml_line(node) : 0; }
  int line(const std::string& key) const { return line(section_[key]); }
  YAML::Node service_node(std::size_t i) const {
    const YAML::Node list = section_["services"];
    return list.IsSequence() && i < list.size() ? list[i] : YAML::Node();
  }
  int service_line(std::size_t i, const std::string& key) const {
    const YAML::Node item = service_node(i);
    if (!item.IsMap()) return line("services");
    return item[key].IsDefined() ? line(item[key]) : line(item);
  }

  void normalise(std::string& year, const std::string& key, int at) {
    const std::string normal = normalise_financial_year(year);
    if (normal.empty()) {
      issues_.add(
          key, at,
          "expected a financial year such as \"2023/24\" (or 2023), got " + in_quotes(year));
    } else {
      year = normal;
    }
  }

  void check_years(ValueConfig& c) {
    normalise(c.price_year, "value.price_year", line("price_year"));
    normalise(c.unit_costs_price_year, "value.unit_costs_price_year",
              line("unit_costs_price_year"));
    for (std::size_t i = 0; i < c.services.size(); ++i) {
      auto& s = c.services[i];
      if (s.cost_price_year.empty()) continue;
      normalise(s.cost_price_year, fmt::format("value.services[{}].cost_price_year", i),
                service_line(i, "cost_price_year"));
    }
  }

  std::string resolve(const std::string& path) const {
    const std::filesystem::path p(path);
    return p.is_relative() && !experiment_.base_dir.empty() ? (experiment_.base_dir / p).string()
                                                            : path;
  }

  void load_tables(ValueConfig& c) {
    try {
      c.deflator_series = c.deflator == "builtin" ? datasets::default_deflator()
                                                  : value::load_deflator(resolve(c.deflator));
    } catch (const Error& e) {
      issues_.add("value.deflator", line("deflator"), e.what());
    }
    try {
      if (c.unit_costs == "builtin") {
        c.unit_cost_table = datasets::default_unit_costs();
        if (section_["unit_costs_price_year"].IsDefined() && c.unit_costs_price_year != "2015/16")
          issues_.add("value.unit_costs_price_year", line("unit_costs_price_year"),
                      "the built-in Home Office 2018 table is in 2015/16 prices, got " +
                          c.unit_costs_price_year);
        c.unit_cost_table.source =
            "Home Office (2018) The economic and social costs of crime, 2nd edition "
            "(Heeks et al., Research Report 99)";
      } else {
        c.unit_cost_table = value::load_unit_costs(resolve(c.unit_costs), c.unit_costs_price_year);
      }
      c.unit_cost_table.price_year =
          c.unit_costs == "builtin" ? "2015/16" : c.unit_costs_price_year;
    } catch (const Error& e) {
      issues_.add("value.unit_costs", line("unit_costs"), e.what());
    }
  }

  void apply_user_unit_costs(ValueConfig& c) {
    // The section as written (the raw copy has lost its line marks).
    const YAML::Node map = section_["user_unit_costs"];
    if (!c.user_unit_costs_raw.present()) return;
    if (!map.IsMap()) {
      issues_.add("value.user_unit_costs", line("user_unit_costs"),
                  "expected a mapping of crime types to £ per offence, e.g. {drugs: 250}");
      return;
    }
    for (auto it = map.begin(); it != map.end(); ++it) {
      const std::string type = it->first.Scalar();
      const std::string key = "value.user_unit_costs." + type;
      const std::optional<double> parsed = scalar_number(it->second);
      const double amount = parsed.value_or(-1.0);  // -1: not a number, reported below
      if (amount < 0) {
        issues_.add(
            key, line(it->first),
            "expected a non-negative number (£ per offence), got " + describe_node(it->second));
        continue;
      }
      if (c.unit_cost_table.find(type) != nullptr) {
        issues_.add(
            key, line(it->first),
            "\"" + type + "\" is costed by the unit-cost table; a user cost would be ignored");
        continue;
      }
      bool found = false;
      for (auto& valuation : c.mapping.types) {
        if (valuation.police_type != type) continue;
        valuation.user_cost = amount;
        valuation.note += fmt::format("; user cost £{:.2f} per offence", amount);
        found = true;
      }
      if (!found) c.mapping.types.push_back({type, {}, amount, "user-supplied unit cost"});
    }
  }

  // The deflator's problem with `year` ("no value for 2024/25 ..."), or nothing if it covers it.
  static std::optional<std::string> deflator_gap(const std::string& year, const ValueConfig& c) {
    try {
      c.deflator_series.index(year);
      return std::nullopt;
    } catch (const Error& e) {
      return e.problem();
    }
  }

  void require_deflator(const std::string& year, const ValueConfig& c, const std::string& key,
                        int at) {
    if (year.empty() || year == c.price_year || c.deflator_series.years.empty()) return;
    if (normalise_financial_year(year).empty()) return;  // malformed: reported already
    if (const auto gap = deflator_gap(year, c)) {
      issues_.add(key, at,
                  fmt::format("{}, so {} cannot be uprated to {}; add the year to the deflator "
                              "file (value.deflator) or state amounts in {}",
                              *gap, year, c.price_year, c.price_year));
    }
  }

  void check_deflator_covers(const ValueConfig& c) {
    if (c.deflator_series.years.empty() || normalise_financial_year(c.price_year).empty()) return;
    if (const auto gap = deflator_gap(c.price_year, c)) {
      issues_.add("value.price_year", line("price_year"), *gap);
      return;
    }
    require_deflator(c.unit_cost_table.price_year, c, "value.unit_costs_price_year",
                     line(section_["unit_costs_price_year"].IsDefined() ? "unit_costs_price_year"
                                                                        : "unit_costs"));
    for (std::size_t i = 0; i < c.services.size(); ++i) {
      require_deflator(c.services[i].cost_price_year, c,
                       fmt::format("value.services[{}].cost_price_year", i),
                       service_line(i, "cost_price_year"));
    }
  }

  // Every name the unit-cost table and the mapping can value, for "did you mean".
  std::vector<std::string> valuable_types(const ValueConfig& c) const {
    std::vector<std::string> names;
    for (const auto& u : c.unit_cost_table.costs) names.push_back(u.crime_type);
    for (const auto& t : c.mapping.types) names.push_back(t.police_type);
    return names;
  }

  void check_offence_mix(ValueServiceConfig& s, std::size_t i, const ValueConfig& c) {
    const std::string key = fmt::format("value.services[{}].offence_mix", i);
    const YAML::Node item = service_node(i);
    const YAML::Node map = item["offence_mix"];  // as written, with line marks
    if (!s.offence_mix_raw.present()) {
      issues_.add(key, service_line(i, "name"),
                  "missing: give the crime types of the offences the service averts with their "
                  "shares, e.g. {violence_with_injury: 0.6, violence_without_injury: 0.4}");
      return;
    }
    if (!map.IsMap()) {
      issues_.add(key, service_line(i, "offence_mix"),
                  "expected a mapping of crime types to shares summing to 1");
      return;
    }
    double total = 0.0;
    bool all_numbers = true;
    for (auto it = map.begin(); it != map.end(); ++it) {
      const std::string type = it->first.Scalar();
      const std::optional<double> share = scalar_number(it->second);
      if (!share || !(*share > 0 && *share <= 1)) {
        issues_.add(key + "." + type, line(it->first),
                    "expected a share in (0, 1], got " + describe_node(it->second));
        all_numbers = false;
        continue;
      }
      s.offence_mix[type] = *share;
      total += *share;
      if (c.unit_cost_table.costs.empty()) continue;  // the table failed to load (reported)
      try {
        value::unit_cost_per_offence(type, c.unit_cost_table, c.mapping);
      } catch (const Error&) {
        issues_.add(key + "." + type, line(it->first),
                    "unit cost missing for crime type " + in_quotes(type) +
                        did_you_mean(type, valuable_types(c)) +
                        " (neither the unit-cost table nor the police-type mapping values it; "
                        "add it to value.user_unit_costs or to your unit-cost table)");
      }
    }
    if (all_numbers && std::abs(total - 1.0) > 1e-6) {
      issues_.add(key, service_line(i, "offence_mix"),
                  fmt::format("shares must sum to 1, they sum to {}", format_number(total)));
    }
  }

  void check_services(ValueConfig& c, const std::vector<EvaluationConfig>& evaluations) {
    std::set<std::string> names;
    std::vector<std::string> evaluation_names;
    for (const auto& e : evaluations) evaluation_names.push_back(e.name);
    for (std::size_t i = 0; i < c.services.size(); ++i) {
      auto& s = c.services[i];
      const std::string at = fmt::format("value.services[{}]", i);
      if (!s.name.empty() && !names.insert(s.name).second)
        issues_.add(at + ".name", service_line(i, "name"),
                    "duplicate service name " + in_quotes(s.name));
      if (!s.name.empty()) {
        const auto e = std::find_if(evaluations.begin(), evaluations.end(),
                                    [&](const auto& x) { return x.name == s.evaluation_name(); });
        const std::string key = s.evaluation.empty() ? "name" : "evaluation";
        if (e == evaluations.end()) {
          issues_.add(
              at + "." + key, service_line(i, key),
              "no evaluation named " + in_quotes(s.evaluation_name()) +
                  " under evaluations:" + did_you_mean(s.evaluation_name(), evaluation_names) +
                  "; the service's effect comes from its evaluation");
        } else if (std::find(e->outcomes.begin(), e->outcomes.end(), s.outcome) ==
                   e->outcomes.end()) {
          issues_.add(at + "." + key, service_line(i, key),
                      "evaluation " + in_quotes(e->name) + " does not measure outcome " +
                          in_quotes(s.outcome) + "; add it to that evaluation's outcomes");
        }
      }
      if (s.outcome != "n_reoffences")
        issues_.add(at + ".outcome", service_line(i, "outcome"),
                    "expected n_reoffences (offences averted are valued from the difference in "
                    "the number of reoffences), got " +
                        in_quotes(s.outcome));
      if (s.cost_per_participant == 0 && s.annual_cost == 0 && s.one_off_cost == 0)
        issues_.add(at, service_line(i, "name"),
                    "the service has no cost: give cost_per_participant, annual_cost or "
                    "one_off_cost (£, >= 0)");
      if (c.horizon_years > 0 && s.years + s.effect_years - 1 > c.horizon_years)
        issues_.add(at + ".years", service_line(i, "years"),
                    fmt::format("the service's costs and effects span {} years, longer than "
                                "value.horizon_years ({})",
                                s.years + s.effect_years - 1, c.horizon_years));
      check_offence_mix(s, i, c);
    }
  }

  const YAML::Node& section_;
  ConfigIssues& issues_;
  const ExperimentConfig& experiment_;
};

}  // namespace

void check_value_config(const YAML::Node& section, const ExperimentConfig& experiment,
                        const std::vector<EvaluationConfig>& evaluations, ValueConfig& value,
                        ConfigIssues& issues) {
  ValueChecks(section, issues, experiment).run(value, evaluations);
}

}  // namespace harmcast
