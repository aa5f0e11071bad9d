// ConfigField binders for single values, lists and word choices. Each binder handles the three
// reader modes: Describe (add a documentation row), Check (test the current value against the
// rule) and Parse (read, check, assign; on any problem record an issue and keep the default).
#include <fmt/format.h>

#include <algorithm>
#include <limits>

#include "engine/config/config_reader.hpp"
#include "engine/config/config_value_text.hpp"

namespace harmcast {
namespace {

using Mode = ConfigReader::Mode;

std::string typed(std::string_view type, const NumberRule& rule) {
  const std::string bounds = rule.describe();
  return bounds.empty() ? std::string(type) : std::string(type) + " " + bounds;
}

std::string one_of(const std::vector<std::string>& words) { return "one of " + join_words(words); }

bool contains(const std::vector<std::string>& words, const std::string& word) {
  return std::find(words.begin(), words.end(), word) != words.end();
}

// `expected one of fall, rise, got "fal"; did you mean "fall"?`
std::string not_a_choice(const std::vector<std::string>& words, const std::string& got) {
  return "expected " + one_of(words) + ", got " + in_quotes(got) + did_you_mean(got, words);
}

template <typename T>
YAML::Node flow_list(const std::vector<T>& values) {
  YAML::Node list(YAML::NodeType::Sequence);
  list.SetStyle(YAML::EmitterStyle::Flow);
  for (const T& value : values) list.push_back(value);
  return list;
}

std::vector<std::string> as_text(const std::vector<int>& values) {
  std::vector<std::string> text;
  for (int value : values) text.push_back(std::to_string(value));
  return text;
}

// Reads a whole-number scalar that fits an int and satisfies `rule`; on failure returns the
// message to report.
std::optional<int> read_int(const std::string& text, const NumberRule& rule, std::string& message) {
  const std::string expectation = rule.expectation("integer");
  const std::optional<std::int64_t> parsed = parse_integer_text(text);
  if (!parsed) {
    message = "expected " + expectation + ", got " + in_quotes(text);
    return std::nullopt;
  }
  if (*parsed < std::numeric_limits<int>::min() || *parsed > std::numeric_limits<int>::max() ||
      !rule.allows(static_cast<double>(*parsed))) {
    message = "expected " + expectation + ", got " + text;
    return std::nullopt;
  }
  return static_cast<int>(*parsed);
}

}  // namespace

void ConfigField::integer(int& value, const NumberRule& rule) {
  const std::string expectation = rule.expectation("integer");
  if (reader_.mode() == Mode::Describe)
    return describe(typed("integer", rule), std::to_string(value));
  if (reader_.mode() == Mode::Emit) return emit(YAML::Node(value));
  if (reader_.mode() == Mode::Check) {
    if (!rule.allows(value))
      problem(0, "expected " + expectation + ", got " + std::to_string(value));
    return;
  }
  int line = 0;
  const YAML::Node* node = scalar_value(expectation, line);
  if (node == nullptr) return;
  std::string message;
  if (const std::optional<int> parsed = read_int(node->Scalar(), rule, message)) {
    value = *parsed;
  } else {
    problem(line, message);
  }
}

void ConfigField::unsigned_integer(std::uint64_t& value) {
  const std::string expectation = "a non-negative integer";
  if (reader_.mode() == Mode::Describe) return describe("integer >= 0", std::to_string(value));
  if (reader_.mode() == Mode::Emit) return emit(YAML::Node(value));
  if (reader_.mode() == Mode::Check) return;  // every uint64 is valid
  int line = 0;
  const YAML::Node* node = scalar_value(expectation, line);
  if (node == nullptr) return;
  if (const std::optional<std::uint64_t> parsed = parse_unsigned_text(node->Scalar())) {
    value = *parsed;
  } else {
    const bool is_number = parse_number_text(node->Scalar()).has_value();
    problem(line, "expected " + expectation + ", got " +
                      (is_number ? node->Scalar() : in_quotes(node->Scalar())));
  }
}

void ConfigField::number(double& value, const NumberRule& rule) {
  const std::string expectation = rule.expectation("number");
  if (reader_.mode() == Mode::Describe)
    return describe(typed("number", rule), format_number(value));
  if (reader_.mode() == Mode::Emit) return emit(YAML::Node(format_number(value)));
  if (reader_.mode() == Mode::Check) {
    if (!rule.allows(value))
      problem(0, "expected " + expectation + ", got " + format_number(value));
    return;
  }
  int line = 0;
  const YAML::Node* node = scalar_value(expectation, line);
  if (node == nullptr) return;
  const std::optional<double> parsed = parse_number_text(node->Scalar());
  if (!parsed) {
    problem(line, "expected " + expectation + ", got " + in_quotes(node->Scalar()));
  } else if (!rule.allows(*parsed)) {
    problem(line, "expected " + expectation + ", got " + node->Scalar());
  } else {
    value = *parsed;
  }
}

void ConfigField::boolean(bool& value) {
  if (reader_.mode() == Mode::Describe) return describe("boolean", value ? "true" : "false");
  if (reader_.mode() == Mode::Emit) return emit(YAML::Node(value));
  if (reader_.mode() == Mode::Check) return;
  int line = 0;
  const YAML::Node* node = scalar_value("true or false", line);
  if (node == nullptr) return;
  if (const std::optional<bool> parsed = parse_bool_text(node->Scalar())) {
    value = *parsed;
  } else {
    problem(line, "expected true or false, got " + in_quotes(node->Scalar()));
  }
}

void ConfigField::text(std::string& value) {
  if (reader_.mode() == Mode::Describe) return describe("string", value);
  if (reader_.mode() == Mode::Emit) return emit(YAML::Node(value));
  if (reader_.mode() == Mode::Check) {
    if (required_ && value.empty()) problem(0, "missing required value");
    return;
  }
  int line = 0;
  const YAML::Node* node = scalar_value("a string", line);
  if (node == nullptr) return;
  if (required_ && node->Scalar().empty()) {
    problem(line, "expected a non-empty string, got \"\"");
    return;
  }
  value = node->Scalar();
}

void ConfigField::path(std::filesystem::path& value) {
  std::string text = value.string();
  if (reader_.mode() == Mode::Describe) return describe("path", text);
  ConfigField::text(text);
  value = text;
}

void ConfigField::text_list(std::vector<std::string>& value) {
  const std::string expectation = "a list of strings, like [ward, crime_type]";
  if (reader_.mode() == Mode::Describe) return describe("list of strings", bracket_list(value));
  if (reader_.mode() == Mode::Emit) return emit(flow_list(value));
  if (reader_.mode() == Mode::Check) {
    if (required_ && value.empty()) problem(0, "missing required value");
    return;
  }
  const ConfigEntry* entry = lookup_entry();
  if (entry == nullptr) return;
  if (!entry->value.IsSequence()) {
    problem(entry->line, "expected " + expectation + ", got " + describe_node(entry->value));
    return;
  }
  std::vector<std::string> items;
  bool all_good = true;
  for (std::size_t i = 0; i < entry->value.size(); ++i) {
    const YAML::Node element = entry->value[i];
    if (!element.IsScalar()) {
      reader_.add_issue(fmt::format("{}[{}]", full_key(), i), yaml_line(element),
                        "expected a string, got " + describe_node(element));
      all_good = false;
      continue;
    }
    items.push_back(element.Scalar());
  }
  if (required_ && all_good && items.empty()) {
    problem(entry->line, "expected at least one item, got []");
    return;
  }
  if (all_good) value = std::move(items);
}

void ConfigField::integer_list(std::vector<int>& value, const NumberRule& rule) {
  const std::string expectation = rule.expectation("integer");
  if (reader_.mode() == Mode::Describe) {
    return describe(typed("list of integers", rule), bracket_list(as_text(value)));
  }
  if (reader_.mode() == Mode::Emit) return emit(flow_list(value));
  if (reader_.mode() == Mode::Check) {
    for (std::size_t i = 0; i < value.size(); ++i) {
      if (!rule.allows(value[i])) {
        reader_.add_issue(fmt::format("{}[{}]", full_key(), i), 0,
                          "expected " + expectation + ", got " + std::to_string(value[i]));
      }
    }
    return;
  }
  const ConfigEntry* entry = lookup_entry();
  if (entry == nullptr) return;
  if (!entry->value.IsSequence()) {
    problem(entry->line,
            "expected a list of integers, like [80, 95], got " + describe_node(entry->value));
    return;
  }
  std::vector<int> items;
  bool all_good = true;
  for (std::size_t i = 0; i < entry->value.size(); ++i) {
    const YAML::Node element = entry->value[i];
    const std::string item_path = fmt::format("{}[{}]", full_key(), i);
    const int line = yaml_line(element) > 0 ? yaml_line(element) : entry->line;
    std::string message;
    std::optional<int> parsed;
    if (!element.IsScalar()) {
      message = "expected " + expectation + ", got " + describe_node(element);
    } else {
      parsed = read_int(element.Scalar(), rule, message);
    }
    if (parsed) {
      items.push_back(*parsed);
    } else {
      reader_.add_issue(item_path, line, message);
      all_good = false;
    }
  }
  if (all_good) value = std::move(items);
}

void ConfigField::choice(std::string& value, const std::vector<std::string>& words) {
  if (reader_.mode() == Mode::Describe) return describe(one_of(words), value);
  if (reader_.mode() == Mode::Emit) return emit(YAML::Node(value));
  if (reader_.mode() == Mode::Check) {
    if (!contains(words, value)) problem(0, not_a_choice(words, value));
    return;
  }
  int line = 0;
  const YAML::Node* node = scalar_value(one_of(words), line);
  if (node == nullptr) return;
  if (contains(words, node->Scalar())) {
    value = node->Scalar();
  } else {
    problem(line, not_a_choice(words, node->Scalar()));
  }
}

void ConfigField::choice_map(std::map<std::string, std::string>& value,
                             const std::vector<std::string>& words) {
  if (reader_.mode() == Mode::Describe) {
    std::vector<std::string> pairs;
    for (const auto& [name, word] : value) pairs.push_back(name + ": " + word);
    return describe("mapping of names to " + one_of(words), "{" + join_words(pairs) + "}");
  }
  if (reader_.mode() == Mode::Emit) {
    YAML::Node map(YAML::NodeType::Map);
    for (const auto& [name, word] : value) map[name] = word;
    return emit(map);
  }
  if (reader_.mode() == Mode::Check) {
    for (const auto& [name, word] : value) {
      if (!contains(words, word))
        reader_.add_issue(full_key() + "." + name, 0, not_a_choice(words, word));
    }
    return;
  }
  const ConfigEntry* entry = lookup_entry();
  if (entry == nullptr || entry->value.IsNull()) return;
  if (!entry->value.IsMap()) {
    problem(entry->line, "expected a mapping of names to " + one_of(words) + ", got " +
                             describe_node(entry->value));
    return;
  }
  std::map<std::string, std::string> result;
  for (auto it = entry->value.begin(); it != entry->value.end(); ++it) {
    const std::string name = it->first.Scalar();
    const std::string item_path = full_key() + "." + name;
    const int line = yaml_line(it->first);
    if (!it->second.IsScalar()) {
      reader_.add_issue(item_path, line,
                        "expected " + one_of(words) + ", got " + describe_node(it->second));
    } else if (!contains(words, it->second.Scalar())) {
      reader_.add_issue(item_path, line, not_a_choice(words, it->second.Scalar()));
    } else {
      result[name] = it->second.Scalar();
    }
  }
  value = std::move(result);
}

}  // namespace harmcast
