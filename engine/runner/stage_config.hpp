#pragma once
// Reading a list section that ExperimentConfig keeps as raw YAML (`evaluations`, `models`):
// each item declared by declare_options(ConfigReader&, Item&), read from the config's original
// text so every problem carries its key path and line (the stored raw copy has lost its marks).
// `check_all` may report problems across items (e.g. duplicate names).
#include <yaml-cpp/yaml.h>

#include <functional>
#include <string>
#include <vector>

#include "engine/config/config_issue.hpp"
#include "engine/config/experiment_config.hpp"

namespace harmcast {

template <typename Item>
std::vector<Item> parse_stage_list(
    const ExperimentConfig& config, const RawYaml& raw, const std::string& key,
    const std::string& help,
    const std::function<void(ConfigReader&, const std::vector<Item>&)>& check_all = {}) {
  std::vector<Item> items;
  if (!raw.present()) return items;
  YAML::Node wrapper(YAML::NodeType::Map);
  wrapper[key] = section_as_written(config, key, raw);
  ConfigIssues issues;
  ConfigReader reader = ConfigReader::parsing(wrapper, issues);
  reader.key(key, help).section_list(items);
  if (check_all) check_all(reader, items);
  reader.finish();
  issues.throw_if_any(config.source_name);
  return items;
}

}  // namespace harmcast
