// ConfigReader: the walk over mappings, sections, unknown keys and documentation rows.
// The binders for single values and lists are in config_fields.cpp.
#include "engine/config/config_reader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "engine/config/config_value_text.hpp"
#include "engine/core/error.hpp"

namespace harmcast {

// ---- NumberRule ----

bool NumberRule::allows(double value) const {
  if (!std::isfinite(value)) return false;
  if (lower && (lower_open ? value <= *lower : value < *lower)) return false;
  if (upper && (upper_open ? value >= *upper : value > *upper)) return false;
  return true;
}

std::string NumberRule::describe() const {
  if (lower && upper) {
    return fmt::format("in {}{}, {}{}", lower_open ? "(" : "[", format_number(*lower),
                       format_number(*upper), upper_open ? ")" : "]");
  }
  if (lower) return fmt::format("{} {}", lower_open ? ">" : ">=", format_number(*lower));
  if (upper) return fmt::format("{} {}", upper_open ? "<" : "<=", format_number(*upper));
  return {};
}

std::string NumberRule::expectation(std::string_view kind) const {
  if (!adjective.empty()) return fmt::format("a {} {}", adjective, kind);
  const std::string article =
      (!kind.empty() && std::string_view("aeiou").find(kind[0]) != std::string_view::npos) ? "an"
                                                                                           : "a";
  const std::string bounds = describe();
  return bounds.empty() ? fmt::format("{} {}", article, kind)
                        : fmt::format("{} {} {}", article, kind, bounds);
}

NumberRule any_value() { return {}; }
NumberRule positive() { return {0.0, std::nullopt, true, false, "positive"}; }
NumberRule non_negative() { return {0.0, std::nullopt, false, false, "non-negative"}; }
NumberRule in_range(double lower, double upper) { return {lower, upper, false, false, ""}; }
NumberRule open_range(double lower, double upper) { return {lower, upper, true, true, ""}; }
NumberRule probability() { return in_range(0.0, 1.0); }

// ---- ConfigReader ----

ConfigReader ConfigReader::parsing(const YAML::Node& mapping, ConfigIssues& issues,
                                   std::string key_path, int line) {
  ConfigReader reader(Mode::Parse, std::move(key_path), &issues, nullptr);
  reader.mapping_.reset(mapping);  // reset, not =: Node assignment would write through
  reader.line_ = line > 0 ? line : yaml_line(mapping);
  if (mapping.IsDefined() && mapping.IsMap()) {
    for (auto it = mapping.begin(); it != mapping.end(); ++it) {
      const std::string key = it->first.IsScalar() ? it->first.Scalar() : std::string("?");
      reader.entries_.push_back({key, yaml_line(it->first), it->second});
    }
  }
  return reader;
}

ConfigReader ConfigReader::describing(std::vector<OptionRow>& rows, std::string key_path) {
  return ConfigReader(Mode::Describe, std::move(key_path), nullptr, &rows);
}

ConfigReader ConfigReader::checking(ConfigIssues& issues, std::string key_path) {
  return ConfigReader(Mode::Check, std::move(key_path), &issues, nullptr);
}

ConfigReader ConfigReader::emitting(YAML::Node& out, std::string key_path) {
  ConfigReader reader(Mode::Emit, std::move(key_path), nullptr, nullptr);
  reader.out_.reset(out);  // share the caller's node, so writes land there
  return reader;
}

std::string ConfigReader::child_path(std::string_view name) const {
  if (key_path_.empty()) return std::string(name);
  if (!name.empty() && name.front() == '[') return key_path_ + std::string(name);
  return key_path_ + "." + std::string(name);
}

const ConfigEntry* ConfigReader::find(const std::string& name) {
  if (std::find(declared_.begin(), declared_.end(), name) == declared_.end())
    declared_.push_back(name);
  for (const ConfigEntry& entry : entries_)
    if (entry.key == name) return &entry;
  return nullptr;
}

void ConfigReader::add_issue(std::string key_path, int line, std::string message) {
  if (issues_ != nullptr) issues_->add(std::move(key_path), line, std::move(message));
}

void ConfigReader::add_row(const ConfigField& field, std::string type, std::string default_value) {
  if (rows_ == nullptr) return;
  std::string shown = field.required_ ? "(required)" : field.shown_default_.value_or(default_value);
  rows_->push_back({child_path(field.name_), std::move(type), std::move(shown), field.help_});
}

void ConfigReader::report(std::string_view relative_key, std::string message) {
  if (mode_ == Mode::Describe) return;
  int line = line_;
  const std::string first(relative_key.substr(0, relative_key.find_first_of(".[")));
  for (const ConfigEntry& entry : entries_) {
    if (entry.key == first) {
      line = entry.line;
      break;
    }
  }
  add_issue(child_path(relative_key), mode_ == Mode::Parse ? line : 0, std::move(message));
}

void ConfigReader::keep_other_keys(RawYaml& raw) {
  if (mode_ == Mode::Describe && rows_ != nullptr) {
    rows_->push_back(
        {child_path("*"), "any", "", "other keys, validated by the stage that uses them"});
  }
  if (mode_ == Mode::Emit && raw.node.IsDefined() && raw.node.IsMap()) {
    for (auto it = raw.node.begin(); it != raw.node.end(); ++it) {
      const std::string key = it->first.Scalar();
      if (std::find(declared_.begin(), declared_.end(), key) == declared_.end())
        out_[key] = YAML::Clone(it->second);
    }
  }
  if (mode_ != Mode::Parse) return;
  keep_other_keys_ = true;
  raw.node.reset(mapping_.IsDefined() && mapping_.IsMap() ? YAML::Clone(mapping_) : YAML::Node());
}

std::vector<std::string> ConfigReader::same_key_elsewhere(const std::string& key) const {
  std::vector<std::string> found;
  if (all_keys_ == nullptr) return found;
  for (const std::string& full : *all_keys_) {
    const std::size_t dot = full.rfind('.');
    const std::string last = dot == std::string::npos ? full : full.substr(dot + 1);
    if (last == key && full != child_path(key)) found.push_back(full);
  }
  return found;
}

void ConfigReader::finish() {
  if (mode_ != Mode::Parse || finished_) return;
  finished_ = true;
  std::map<std::string, int> first_line;
  for (const ConfigEntry& entry : entries_) {
    const auto [earlier, is_new] = first_line.emplace(entry.key, entry.line);
    if (!is_new) {
      add_issue(child_path(entry.key), entry.line,
                fmt::format("duplicate key (first given at line {})", earlier->second));
      continue;
    }
    if (std::find(declared_.begin(), declared_.end(), entry.key) != declared_.end()) continue;
    const std::string suggestion = did_you_mean(entry.key, declared_);
    // Kept keys belong to a later stage, but a near miss of a declared key is still a typo.
    if (keep_other_keys_ && suggestion.empty()) continue;
    std::string message = "unknown key";
    const std::vector<std::string> elsewhere = same_key_elsewhere(entry.key);
    if (!suggestion.empty()) {
      message += suggestion;
    } else if (!elsewhere.empty()) {
      message += " here; did you mean ";
      for (std::size_t i = 0; i < elsewhere.size(); ++i)
        message += (i == 0 ? "" : " or ") + in_quotes(elsewhere[i]);
      message += "?";
    } else if (!declared_.empty()) {
      message += "; expected one of " + join_words(declared_);
    }
    add_issue(child_path(entry.key), entry.line, std::move(message));
  }
}

// ---- ConfigField: metadata, lookups and nested mappings ----

ConfigField& ConfigField::required() {
  required_ = true;
  return *this;
}

ConfigField& ConfigField::shown_default(std::string text) {
  shown_default_ = std::move(text);
  return *this;
}

std::string ConfigField::full_key() const { return reader_.child_path(name_); }

void ConfigField::problem(int line, std::string message) {
  reader_.add_issue(full_key(), line, std::move(message));
}

void ConfigField::describe(std::string type, std::string default_value) {
  reader_.add_row(*this, std::move(type), std::move(default_value));
}

void ConfigField::emit(const YAML::Node& value) {
  reader_.declared_.push_back(name_);
  reader_.out_[name_] = value;
}

const ConfigEntry* ConfigField::lookup_entry() {
  const ConfigEntry* entry = reader_.find(name_);
  if (entry == nullptr && required_) problem(reader_.line_, "missing required key");
  return entry;
}

const YAML::Node* ConfigField::scalar_value(const std::string& expectation, int& line) {
  const ConfigEntry* entry = lookup_entry();
  if (entry == nullptr) return nullptr;
  line = entry->line;
  if (!entry->value.IsScalar()) {
    problem(line, "expected " + expectation + ", got " + describe_node(entry->value));
    return nullptr;
  }
  return &entry->value;
}

void ConfigField::section(const std::function<void(ConfigReader&)>& declare) {
  switch (reader_.mode_) {
    case ConfigReader::Mode::Describe: {
      describe("mapping", "");
      ConfigReader child = ConfigReader::describing(*reader_.rows_, full_key());
      declare(child);
      return;
    }
    case ConfigReader::Mode::Check: {
      ConfigReader child = ConfigReader::checking(*reader_.issues_, full_key());
      declare(child);
      return;
    }
    case ConfigReader::Mode::Emit: {
      YAML::Node out(YAML::NodeType::Map);
      ConfigReader child = ConfigReader::emitting(out, full_key());
      declare(child);
      emit(out);
      return;
    }
    case ConfigReader::Mode::Parse: {
      const ConfigEntry* entry = lookup_entry();
      if (entry != nullptr && !entry->value.IsNull() && !entry->value.IsMap()) {
        problem(entry->line, "expected a mapping (keys indented below \"" + name_ + ":\"), got " +
                                 describe_node(entry->value));
        return;
      }
      ConfigReader child =
          ConfigReader::parsing(entry ? entry->value : YAML::Node(), *reader_.issues_, full_key(),
                                entry ? entry->line : reader_.line_);
      child.all_keys_ = reader_.all_keys_;
      declare(child);
      child.finish();
      return;
    }
  }
}

void ConfigField::list_of_sections(
    std::size_t existing, const std::function<void(std::size_t)>& resize,
    const std::function<void(ConfigReader&, std::optional<std::size_t>)>& item) {
  switch (reader_.mode_) {
    case ConfigReader::Mode::Describe: {
      describe("list of mappings", "[]");
      ConfigReader child = ConfigReader::describing(*reader_.rows_, full_key() + "[]");
      item(child, std::nullopt);
      return;
    }
    case ConfigReader::Mode::Check:
      for (std::size_t i = 0; i < existing; ++i) {
        ConfigReader child =
            ConfigReader::checking(*reader_.issues_, full_key() + "[" + std::to_string(i) + "]");
        item(child, i);
      }
      return;
    case ConfigReader::Mode::Emit: {
      YAML::Node list(YAML::NodeType::Sequence);
      for (std::size_t i = 0; i < existing; ++i) {
        YAML::Node out(YAML::NodeType::Map);
        ConfigReader child =
            ConfigReader::emitting(out, full_key() + "[" + std::to_string(i) + "]");
        item(child, i);
        list.push_back(out);
      }
      emit(list);
      return;
    }
    case ConfigReader::Mode::Parse: {
      const ConfigEntry* entry = lookup_entry();
      if (entry == nullptr || entry->value.IsNull()) return;
      if (!entry->value.IsSequence()) {
        problem(entry->line, "expected a list of mappings (items starting with \"- \"), got " +
                                 describe_node(entry->value));
        return;
      }
      resize(entry->value.size());
      for (std::size_t i = 0; i < entry->value.size(); ++i) {
        const YAML::Node element = entry->value[i];
        const std::string item_path = full_key() + "[" + std::to_string(i) + "]";
        const int line = yaml_line(element) > 0 ? yaml_line(element) : entry->line;
        if (!element.IsMap()) {
          reader_.add_issue(item_path, line, "expected a mapping, got " + describe_node(element));
          continue;
        }
        ConfigReader child = ConfigReader::parsing(element, *reader_.issues_, item_path, line);
        child.all_keys_ = reader_.all_keys_;
        item(child, i);
        child.finish();
      }
      return;
    }
  }
}

void ConfigField::raw(RawYaml& value) {
  switch (reader_.mode_) {
    case ConfigReader::Mode::Describe:
      describe("mapping", "");
      return;
    case ConfigReader::Mode::Check:
      return;
    case ConfigReader::Mode::Emit:
      if (value.present()) emit(YAML::Clone(value.node));
      return;
    case ConfigReader::Mode::Parse:
      if (const ConfigEntry* entry = lookup_entry()) value.node.reset(YAML::Clone(entry->value));
      return;
  }
}

// ---- whole declarations ----

void read_options(const YAML::Node& mapping, const std::function<void(ConfigReader&)>& declare,
                  ConfigIssues& issues, const std::string& key_path) {
  if (mapping.IsDefined() && !mapping.IsNull() && !mapping.IsMap()) {
    issues.add(key_path.empty() ? "(top level)" : key_path, yaml_line(mapping),
               "expected a mapping of keys to values, got " + describe_node(mapping));
    return;
  }
  // Describe first (it only reads the struct's defaults) to know every key of the declaration.
  auto all_keys = std::make_shared<std::vector<std::string>>();
  for (const OptionRow& row : describe_options(declare, key_path)) all_keys->push_back(row.key);
  ConfigReader reader = ConfigReader::parsing(mapping, issues, key_path);
  reader.all_keys_ = std::move(all_keys);
  declare(reader);
  reader.finish();
}

std::vector<OptionRow> describe_options(const std::function<void(ConfigReader&)>& declare,
                                        const std::string& key_path) {
  std::vector<OptionRow> rows;
  ConfigReader reader = ConfigReader::describing(rows, key_path);
  declare(reader);
  return rows;
}

ConfigIssues check_options(const std::function<void(ConfigReader&)>& declare,
                           const std::string& key_path) {
  ConfigIssues issues;
  ConfigReader reader = ConfigReader::checking(issues, key_path);
  declare(reader);
  return issues;
}

YAML::Node emit_options(const std::function<void(ConfigReader&)>& declare) {
  YAML::Node out(YAML::NodeType::Map);
  ConfigReader reader = ConfigReader::emitting(out);
  declare(reader);
  return out;
}

std::string format_options_table(const std::vector<OptionRow>& rows) {
  auto cell = [](std::string text) {
    std::string escaped;
    for (char c : text) escaped += c == '|' ? std::string("\\|") : std::string(1, c);
    return escaped;
  };
  std::string table = "| key | type | default | description |\n|---|---|---|---|\n";
  for (const OptionRow& row : rows) {
    table += fmt::format("| {} | {} | {} | {} |\n", cell(row.key), cell(row.type),
                         cell(row.default_value), cell(row.help));
  }
  return table;
}

YAML::Node parse_yaml_text(std::string_view text, const std::string& source_name) {
  std::vector<YAML::Node> documents;
  try {
    documents = YAML::LoadAll(std::string(text));
  } catch (const YAML::Exception& e) {
    const std::string where =
        e.mark.is_null() ? source_name
                         : fmt::format("{}:{}:{}", source_name, e.mark.line + 1, e.mark.column + 1);
    throw Error(where, "YAML syntax error: " + e.msg,
                "check the indentation, colons and brackets on or just before that line");
  }
  if (documents.size() > 1) {
    throw Error(
        source_name,
        fmt::format("the file holds {} YAML documents (separated by ---)", documents.size()),
        "an experiment config is one document: remove the --- lines or split the file");
  }
  return documents.empty() ? YAML::Node() : documents.front();
}

}  // namespace harmcast
