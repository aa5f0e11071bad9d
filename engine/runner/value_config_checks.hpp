#pragma once
// Checks of the `value:` section that go beyond one key's own rule (value_config.hpp lists them):
// price years against the deflator, offence mixes against the unit-cost table, services against
// the declared evaluations. Internal to value_config.cpp.
#include <yaml-cpp/yaml.h>

#include <vector>

#include "engine/config/config_issue.hpp"
#include "engine/runner/value_config.hpp"

namespace harmcast {

// `section` is the value: mapping as written (with line marks); loads the unit-cost table and
// the deflator into `value`, applies user unit costs and records every problem in `issues`.
void check_value_config(const YAML::Node& section, const ExperimentConfig& experiment,
                        const std::vector<EvaluationConfig>& evaluations, ValueConfig& value,
                        ConfigIssues& issues);

}  // namespace harmcast
