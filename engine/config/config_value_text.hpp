#pragma once
// Internal to engine/config: how values and YAML nodes are written in messages and documentation,
// and strict scalar parsing (the whole text must be the value: "36m" is not an integer).
#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace harmcast {

int yaml_line(const YAML::Node& node);  // 1-based line of a node's mark, 0 when unknown

// What a node holds, for "got ...": `"36m"` (quoted scalar), `nothing`, `a list`, `a mapping`.
std::string describe_node(const YAML::Node& node);
std::string in_quotes(std::string_view text);  // "text" with the quotes; cut after 60 chars
std::string format_number(double value);       // shortest round-trip: 0.95, 100
std::string join_words(const std::vector<std::string>& words);    // a, b, c
std::string bracket_list(const std::vector<std::string>& items);  // [a, b, c]

std::optional<std::int64_t> parse_integer_text(std::string_view text);
std::optional<std::uint64_t> parse_unsigned_text(std::string_view text);
std::optional<double> parse_number_text(std::string_view text);  // finite numbers only
std::optional<bool> parse_bool_text(std::string_view text);      // true/false, yes/no, on/off

}  // namespace harmcast
