#include "engine/store/provenance.hpp"

#include <unistd.h>

#include <charconv>
#include <chrono>
#include <ctime>
#include <system_error>

#include "engine/core/error.hpp"
#include "engine/core/sha256.hpp"
#include "engine/store/results_store.hpp"
#include "engine/store/store_reader.hpp"
#include "engine/table/table.hpp"

namespace harmcast {
namespace {

constexpr const char* kGroup = "/provenance";

std::string where(const StoreReader& reader, const std::string& object) {
  return reader.path().string() + ":" + object;
}

std::string text_attribute(const StoreReader& reader,
                           const std::map<std::string, AttributeValue>& attributes,
                           const std::string& name) {
  const auto found = attributes.find(name);
  if (found == attributes.end()) return {};
  if (const auto* text = std::get_if<std::string>(&found->second)) return *text;
  throw Error(where(reader, std::string(kGroup) + "@" + name),
              "expected a text attribute but found another type",
              "The store may have been edited by another program; re-run the experiment.");
}

std::int64_t integer_attribute(const StoreReader& reader,
                               const std::map<std::string, AttributeValue>& attributes,
                               const std::string& name) {
  const auto found = attributes.find(name);
  if (found == attributes.end()) return 0;
  if (const auto* integer = std::get_if<std::int64_t>(&found->second)) return *integer;
  throw Error(where(reader, std::string(kGroup) + "@" + name),
              "expected an integer attribute but found another type",
              "The store may have been edited by another program; re-run the experiment.");
}

// The seed is an unsigned 64-bit attribute, which reads back as int64 when it fits and as
// decimal text above 2^63 - 1.
std::uint64_t seed_attribute(const StoreReader& reader,
                             const std::map<std::string, AttributeValue>& attributes) {
  const auto found = attributes.find("seed");
  if (found == attributes.end()) return 0;
  if (const auto* integer = std::get_if<std::int64_t>(&found->second)) {
    return static_cast<std::uint64_t>(*integer);
  }
  if (const auto* text = std::get_if<std::string>(&found->second)) {
    std::uint64_t seed = 0;
    const auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), seed);
    if (ec == std::errc() && end == text->data() + text->size()) return seed;
  }
  throw Error(where(reader, std::string(kGroup) + "@seed"), "the seed is not an integer",
              "The store may have been edited by another program; re-run the experiment.");
}

}  // namespace

InputFingerprint fingerprint_input(const std::filesystem::path& path) {
  InputFingerprint fingerprint;
  fingerprint.path = path.string();
  fingerprint.sha256 = sha256_file(path);
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) {
    throw Error(path.string(), "could not read the file's size (" + ec.message() + ")",
                "Check that the file exists and is readable.");
  }
  fingerprint.bytes = size;
  return fingerprint;
}

std::string utc_timestamp_now() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

std::string local_hostname() {
  char name[256] = {};
  if (::gethostname(name, sizeof name - 1) != 0 || name[0] == '\0') return "unknown";
  return name;
}

void write_provenance(ResultsStore& store, const Provenance& provenance) {
  if (store.exists(kGroup)) {
    throw InternalError("write_provenance: " + store.target().string() +
                        " already has a provenance record");
  }
  store.set_attribute(kGroup, "kind", std::string("provenance"));
  store.set_attribute(kGroup, "version", provenance.version);
  store.set_attribute(kGroup, "git_commit", provenance.git_commit);
  store.set_unsigned_attribute(kGroup, "seed", provenance.seed);
  store.set_attribute(kGroup, "threads", static_cast<std::int64_t>(provenance.threads));
  store.set_attribute(kGroup, "started_at", provenance.started_at);
  store.set_attribute(kGroup, "finished_at", provenance.finished_at);
  store.set_attribute(kGroup, "command_line", provenance.command_line);
  store.set_attribute(kGroup, "hostname", provenance.hostname);
  store.set_attribute(kGroup, "config_path", provenance.config_path);
  store.write_text(std::string(kGroup) + "/config", provenance.config_text);

  std::vector<std::string> paths;
  std::vector<std::string> hashes;
  std::vector<std::int64_t> sizes;
  for (const auto& input : provenance.inputs) {
    paths.push_back(input.path);
    hashes.push_back(input.sha256);
    sizes.push_back(static_cast<std::int64_t>(input.bytes));
  }
  Table inputs;
  inputs.add_column(Column::categorical_from_strings("path", paths));
  inputs.add_column(Column::categorical_from_strings("sha256", hashes));
  inputs.add_column(Column::integers("bytes", std::move(sizes)));
  store.write_table(std::string(kGroup) + "/inputs", inputs);
}

Provenance read_provenance(const StoreReader& reader) {
  if (reader.kind(kGroup) != StoreObjectKind::Group) {
    throw Error(where(reader, kGroup), "the results store has no provenance record",
                "It was not written by `harmcast run`, or the run stopped before finishing; "
                "re-run the experiment.");
  }
  const auto attributes = reader.attributes(kGroup);
  Provenance provenance;
  provenance.version = text_attribute(reader, attributes, "version");
  provenance.git_commit = text_attribute(reader, attributes, "git_commit");
  provenance.seed = seed_attribute(reader, attributes);
  provenance.threads = static_cast<int>(integer_attribute(reader, attributes, "threads"));
  provenance.started_at = text_attribute(reader, attributes, "started_at");
  provenance.finished_at = text_attribute(reader, attributes, "finished_at");
  provenance.command_line = text_attribute(reader, attributes, "command_line");
  provenance.hostname = text_attribute(reader, attributes, "hostname");
  provenance.config_path = text_attribute(reader, attributes, "config_path");
  const std::string config = std::string(kGroup) + "/config";
  if (reader.exists(config)) provenance.config_text = reader.read_text(config);
  const std::string inputs_path = std::string(kGroup) + "/inputs";
  if (reader.exists(inputs_path)) {
    const Table inputs = reader.read_table(inputs_path);
    const Column& paths = inputs.column("path");
    const Column& hashes = inputs.column("sha256");
    const Column& sizes = inputs.column("bytes");
    for (std::size_t row = 0; row < inputs.rows(); ++row) {
      provenance.inputs.push_back(
          {paths.text(row), hashes.text(row), static_cast<std::uint64_t>(sizes.ints()[row])});
    }
  }
  return provenance;
}

}  // namespace harmcast
