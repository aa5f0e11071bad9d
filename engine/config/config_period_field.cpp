// ConfigField::period, kept in its own file so that programs which never read a period do not
// pull in the Period parser.
#include "engine/config/config_reader.hpp"
#include "engine/config/config_value_text.hpp"
#include "engine/core/error.hpp"

namespace harmcast {

void ConfigField::period(std::optional<Period>& value, std::optional<Frequency> expected) {
  const std::string kind = expected ? "a " + to_string(*expected) + " period" : "a period";
  const std::string examples = "like 2024-04, 2024-Q2, 2024-W14, 2024-04-01 or 2024";
  if (reader_.mode() == ConfigReader::Mode::Describe) {
    return describe(expected ? to_string(*expected) + " period" : "period",
                    value ? value->to_string() : "");
  }
  if (reader_.mode() == ConfigReader::Mode::Emit) {
    if (value) emit(YAML::Node(value->to_string()));
    return;
  }
  if (reader_.mode() == ConfigReader::Mode::Check) return;  // a Period value is valid by type
  int line = 0;
  const YAML::Node* node = scalar_value(kind + " " + examples, line);
  if (node == nullptr) return;
  try {
    value = Period::parse(node->Scalar(), expected, full_key());
  } catch (const Error& error) {
    problem(line, "expected " + kind + " " + examples + ", got " + in_quotes(node->Scalar()));
  }
}

}  // namespace harmcast
