#pragma once
// ConfigReader: each stage declares its options once, and that one declaration
//   - parses a YAML mapping into the stage's options struct (Mode::Parse),
//   - validates the values and reports every problem with key path and line (ConfigIssues),
//   - documents the options as rows of key, type, default, help (Mode::Describe) for `--help`
//     and the report's methods table,
//   - re-checks a struct built in code against the same rules (Mode::Check),
//   - writes a struct back as YAML with every option spelled out (Mode::Emit), so a run can
//     store its effective config and a config round-trips through text.
//
// A declaration is a plain function over the reader and the struct (mlpack-style "declare once"):
//
//   void declare_options(ConfigReader& r, ForecastConfig& c) {
//     r.key("enabled", "Produce forecasts.").boolean(c.enabled);
//     r.key("horizon", "Periods to forecast ahead.").integer(c.horizon, positive());
//     r.key("model", "Model family.").choice(c.model, forecast_model_words());
//   }
//   ...
//   r.key("forecast", "Forecasting stage.").section(c.forecast);  // calls declare_options by ADL
//
// In Parse mode a key that is absent leaves the struct's default in place; a key that is present
// but wrong records an issue and also leaves the default. When the mapping has been declared, any
// key that no declaration asked for is an "unknown key" issue with a "did you mean" suggestion:
// a near miss among its neighbours, else the place(s) where a key of that name belongs
// (`horizon at line 3: unknown key here; did you mean "forecast.horizon"?`).
// Messages read `forecast.horizon at line 12: expected a positive integer, got "36m"`.
// Lines are 1-based (yaml-cpp marks are 0-based). Issues about a value are reported at the line of
// its key; a missing required key is reported at the line of the mapping that should hold it
// (for a nested section, the line of the section's own key).
#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/config/config_issue.hpp"
#include "engine/time/period.hpp"

namespace harmcast {

// A rule on a number: bounds used to check values and to word messages and documentation.
struct NumberRule {
  std::optional<double> lower;
  std::optional<double> upper;
  bool lower_open = false;  // true: value must be > lower, false: >= lower
  bool upper_open = false;
  std::string adjective;  // "positive" / "non-negative": reads better than a range in messages

  bool allows(double value) const;
  // "> 0", ">= 0", "in [0, 1]"; empty when there are no bounds.
  std::string describe() const;
  // The phrase after "expected": "a positive integer", "a number in (0, 1)".
  std::string expectation(std::string_view kind) const;
};

NumberRule any_value();                             // no bounds
NumberRule positive();                              // > 0
NumberRule non_negative();                          // >= 0
NumberRule in_range(double lower, double upper);    // [lower, upper]
NumberRule open_range(double lower, double upper);  // (lower, upper)
NumberRule probability();                           // [0, 1]

// One documented option: full key path ("forecast.levels"), type with rule ("list of integers in
// (0, 100)"), default as it would be written in YAML ("[80, 95]", "(required)"), help text.
struct OptionRow {
  std::string key;
  std::string type;
  std::string default_value;
  std::string help;
};

class ConfigReader;

// A YAML subtree carried for the stage that will validate it. Unlike a bare YAML::Node member,
// assigning one struct to another never writes through: yaml-cpp's Node::operator= changes the
// node the left side shares with any other copy (after `c = a; c = b;` a's node would hold b's
// content). Copies share the tree, so treat `node` as read-only.
struct RawYaml {
  YAML::Node node;  // undefined or null when the key was absent

  RawYaml() = default;
  RawYaml(const RawYaml& other) : node(other.node) {}
  RawYaml& operator=(const RawYaml& other) {
    node.reset(other.node);
    return *this;
  }
  bool present() const { return node.IsDefined() && !node.IsNull(); }
};

// One key of a parsed mapping, with the (1-based) line of the key. Internal to the reader.
struct ConfigEntry {
  std::string key;
  int line = 0;
  YAML::Node value;
};

// Builder for one declared key: metadata first (required, shown default), then exactly one binder
// that ties the key to a field of the struct. Obtained from ConfigReader::key.
class ConfigField {
 public:
  ConfigField& required();  // absent (or empty) is an issue; documented default "(required)"
  // Documented default when the struct's value is only a placeholder (e.g. "runs/<name>").
  ConfigField& shown_default(std::string text);

  void integer(int& value, const NumberRule& rule = any_value());
  void unsigned_integer(std::uint64_t& value);
  void number(double& value, const NumberRule& rule = any_value());
  void boolean(bool& value);  // true/false (also yes/no, on/off)
  void text(std::string& value);
  void path(std::filesystem::path& value);
  void text_list(std::vector<std::string>& value);
  void integer_list(std::vector<int>& value, const NumberRule& rule = any_value());
  // One word from a fixed list (the "one-of" rule), with "did you mean" on a near miss.
  void choice(std::string& value, const std::vector<std::string>& words);
  // As above for an enum whose values are 0..n-1 in the same order as `words`.
  template <typename Enum>
  void choice(Enum& value, const std::vector<std::string>& words);
  // A mapping from free keys (e.g. crime types) to words from a fixed list.
  void choice_map(std::map<std::string, std::string>& value, const std::vector<std::string>& words);
  template <typename Enum>
  void choice_map(std::map<std::string, Enum>& value, const std::vector<std::string>& words);
  // A calendar period, parsed with Period::parse (optionally of one frequency).
  void period(std::optional<Period>& value, std::optional<Frequency> expected = std::nullopt);
  // A nested mapping declared by `declare`; unknown keys inside it are reported.
  void section(const std::function<void(ConfigReader&)>& declare);
  template <typename Section>
  void section(Section& value);  // declare_options(ConfigReader&, Section&) found by ADL
  // A list of mappings, each declared by declare_options(ConfigReader&, Item&).
  template <typename Item>
  void section_list(std::vector<Item>& items);
  // A mapping kept as raw YAML, validated later by the stage that owns it.
  void raw(RawYaml& value);

 private:
  friend class ConfigReader;
  ConfigField(ConfigReader& reader, std::string name, std::string help)
      : reader_(reader), name_(std::move(name)), help_(std::move(help)) {}

  // Parse mode: the entry for this key if present; reports a missing required key (and returns
  // nullptr). Marks the key as declared.
  const ConfigEntry* lookup_entry();
  // Parse mode: the scalar value of this key, or nullptr after reporting a missing required key,
  // an empty value or a list/mapping where `expectation` (e.g. "a positive integer") was wanted.
  const YAML::Node* scalar_value(const std::string& expectation, int& line);
  std::string full_key() const;  // e.g. "forecast.horizon"
  void problem(int line, std::string message);
  void describe(std::string type, std::string default_value);
  void emit(const YAML::Node& value);  // Emit mode: out[name] = value

  void list_of_sections(std::size_t existing, const std::function<void(std::size_t)>& resize,
                        const std::function<void(ConfigReader&, std::optional<std::size_t>)>& item);

  ConfigReader& reader_;
  std::string name_;
  std::string help_;
  bool required_ = false;
  std::optional<std::string> shown_default_;
};

class ConfigReader {
 public:
  enum class Mode { Parse, Describe, Check, Emit };

  // Parse `mapping` (a YAML map, or null for an absent section); `line` is where it starts.
  static ConfigReader parsing(const YAML::Node& mapping, ConfigIssues& issues,
                              std::string key_path = {}, int line = 0);
  static ConfigReader describing(std::vector<OptionRow>& rows, std::string key_path = {});
  static ConfigReader checking(ConfigIssues& issues, std::string key_path = {});
  // Writes the struct's current values into `out` (a YAML map), in declaration order.
  static ConfigReader emitting(YAML::Node& out, std::string key_path = {});

  ConfigField key(std::string name, std::string help) {
    return ConfigField(*this, std::move(name), std::move(help));
  }

  Mode mode() const { return mode_; }
  bool parsing() const { return mode_ == Mode::Parse; }
  const std::string& key_path() const { return key_path_; }

  // Records a problem found by a check across fields, e.g. report("crime.path", "required when
  // data.source is files"). The line is that of the first component of `relative_key` if it is
  // present in this mapping, else the line of this mapping. Ignored in Describe mode.
  void report(std::string_view relative_key, std::string message);
  // Keys nobody declared are kept in `raw` (a clone of the whole mapping) instead of being
  // reported: for a section partly owned by a later stage. A near miss of a declared key
  // ("enabeld") is still reported as a typo. Call after the declarations of this mapping.
  void keep_other_keys(RawYaml& raw);
  // Parse mode: reports keys that were never declared and duplicate keys. Called by section();
  // call it yourself on a reader you constructed.
  void finish();

 private:
  friend class ConfigField;
  friend void read_options(const YAML::Node&, const std::function<void(ConfigReader&)>&,
                           ConfigIssues&, const std::string&);

  ConfigReader(Mode mode, std::string key_path, ConfigIssues* issues, std::vector<OptionRow>* rows)
      : mode_(mode), key_path_(std::move(key_path)), issues_(issues), rows_(rows) {}

  std::string child_path(std::string_view name) const;
  // Full key paths elsewhere in the declaration whose last part is `key` (for a misplaced key).
  std::vector<std::string> same_key_elsewhere(const std::string& key) const;
  const ConfigEntry* find(const std::string& name);  // also marks `name` as declared
  void add_issue(std::string key_path, int line, std::string message);
  void add_row(const ConfigField& field, std::string type, std::string default_value);

  Mode mode_;
  std::string key_path_;
  int line_ = 0;
  ConfigIssues* issues_ = nullptr;
  std::vector<OptionRow>* rows_ = nullptr;
  YAML::Node mapping_;
  YAML::Node out_;  // Emit mode: shares its node with the caller's
  // Parse mode: every key path of the whole declaration, to suggest where a misplaced key belongs.
  std::shared_ptr<const std::vector<std::string>> all_keys_;
  std::vector<ConfigEntry> entries_;
  std::vector<std::string> declared_;
  bool keep_other_keys_ = false;
  bool finished_ = false;
};

// Parse mode over a whole mapping, including the unknown-key check. Appends to `issues`.
void read_options(const YAML::Node& mapping, const std::function<void(ConfigReader&)>& declare,
                  ConfigIssues& issues, const std::string& key_path = {});
// Describe mode: the documentation rows of a declaration, in declaration order.
std::vector<OptionRow> describe_options(const std::function<void(ConfigReader&)>& declare,
                                        const std::string& key_path = {});
// Check mode: issues (without lines) for values that break a declared rule.
ConfigIssues check_options(const std::function<void(ConfigReader&)>& declare,
                           const std::string& key_path = {});
// Emit mode: the struct's values as a YAML map, every declared key present (defaults included).
YAML::Node emit_options(const std::function<void(ConfigReader&)>& declare);
// The rows as a Markdown table (key | type | default | description).
std::string format_options_table(const std::vector<OptionRow>& rows);

// Parses YAML text. A syntax error throws harmcast::Error with where = "source:line:column"
// (1-based) and yaml-cpp's reason.
YAML::Node parse_yaml_text(std::string_view text, const std::string& source_name);

// ---- templates (thin wrappers over the word-based binders) ----

template <typename Enum>
void ConfigField::choice(Enum& value, const std::vector<std::string>& words) {
  const auto index = static_cast<std::size_t>(value);
  std::string word = index < words.size() ? words[index] : std::string();
  choice(word, words);
  for (std::size_t i = 0; i < words.size(); ++i)
    if (words[i] == word) value = static_cast<Enum>(i);
}

template <typename Enum>
void ConfigField::choice_map(std::map<std::string, Enum>& value,
                             const std::vector<std::string>& words) {
  std::map<std::string, std::string> as_words;
  for (const auto& [name, item] : value) {
    const auto index = static_cast<std::size_t>(item);
    as_words[name] = index < words.size() ? words[index] : std::string();
  }
  choice_map(as_words, words);
  value.clear();
  for (const auto& [name, word] : as_words)
    for (std::size_t i = 0; i < words.size(); ++i)
      if (words[i] == word) value[name] = static_cast<Enum>(i);
}

template <typename Section>
void ConfigField::section(Section& value) {
  section([&value](ConfigReader& reader) { declare_options(reader, value); });
}

template <typename Item>
void ConfigField::section_list(std::vector<Item>& items) {
  Item scratch{};  // the documented item in Describe mode
  list_of_sections(
      items.size(), [&items](std::size_t count) { items.assign(count, Item{}); },
      [&](ConfigReader& reader, std::optional<std::size_t> index) {
        declare_options(reader, index ? items[*index] : scratch);
      });
}

}  // namespace harmcast
