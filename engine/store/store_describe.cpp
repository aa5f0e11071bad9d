// describe_store: the listing printed by `harmcast inspect FILE.h5`.
#include <algorithm>
#include <sstream>

#include "engine/core/error.hpp"
#include "engine/store/hdf5_helpers.hpp"
#include "engine/store/provenance.hpp"
#include "engine/store/store_reader.hpp"

namespace harmcast {
namespace {

constexpr std::size_t kMaxColumnsListed = 40;    // wide tables: list this many, count the rest
constexpr std::size_t kMaxAttributeChars = 100;  // longer attribute values are cut with "..."

std::string join_path(const std::string& parent, const std::string& name) {
  return parent == "/" ? "/" + name : parent + "/" + name;
}

std::string shape_text(const std::vector<std::size_t>& dims) {
  if (dims.empty()) return "scalar";
  std::string text;
  for (std::size_t d : dims) text += (text.empty() ? "" : " x ") + std::to_string(d);
  return text;
}

std::string shortened(std::string text) {
  for (char& c : text) {
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  }
  if (text.size() > kMaxAttributeChars) text = text.substr(0, kMaxAttributeChars - 3) + "...";
  return text;
}

class Describer {
 public:
  explicit Describer(const StoreReader& reader) : reader_(reader) {}

  std::string run() {
    header();
    provenance();
    out_ << "Contents\n  /\n";
    attributes("/", 2, {"format", "format_version"});
    group("/", 2);
    return out_.str();
  }

 private:
  void header() {
    const auto root = reader_.attributes("/");
    out_ << "harmcast results store: " << reader_.path().string() << "\n";
    const auto format = root.find("format");
    if (format != root.end() && attribute_text(format->second) == kStoreFormatName) {
      const auto version = root.find("format_version");
      out_ << "  format " << kStoreFormatName << " version "
           << (version != root.end() ? attribute_text(version->second) : "?") << "\n";
    } else {
      out_ << "  (no harmcast format mark: this HDF5 file was not written by harmcast)\n";
    }
  }

  void provenance() {
    out_ << "Provenance\n";
    if (reader_.kind("/provenance") != StoreObjectKind::Group) {
      out_ << "  none recorded\n";
      return;
    }
    const Provenance p = read_provenance(reader_);
    out_ << "  harmcast  " << p.version << " (commit " << p.git_commit << ")\n";
    out_ << "  started   " << p.started_at << "\n";
    out_ << "  finished  " << p.finished_at << "\n";
    out_ << "  seed      " << p.seed << "\n";
    out_ << "  threads   " << p.threads << "\n";
    out_ << "  host      " << p.hostname << "\n";
    out_ << "  command   " << p.command_line << "\n";
    out_ << "  config    " << p.config_path << " (" << p.config_text.size()
         << " characters, stored at /provenance/config)\n";
    out_ << "  inputs    " << p.inputs.size() << (p.inputs.size() == 1 ? " file" : " files")
         << "\n";
    for (const auto& input : p.inputs) {
      out_ << "    " << input.path << "  sha256 " << input.sha256 << "  " << input.bytes
           << " bytes\n";
    }
  }

  // Lists attributes other than `skip` as "@name = value" lines.
  void attributes(const std::string& path, int indent, const std::vector<std::string>& skip) {
    for (const auto& [name, value] : reader_.attributes(path)) {
      if (std::find(skip.begin(), skip.end(), name) != skip.end()) continue;
      out_ << std::string(indent + 2, ' ') << "@" << name << " = "
           << shortened(attribute_text(value)) << "\n";
    }
  }

  void group(const std::string& path, int indent) {
    for (const auto& name : reader_.children(path)) {
      const std::string child = join_path(path, name);
      const std::string pad(indent + 2, ' ');
      switch (reader_.kind(child)) {
        case StoreObjectKind::Group:
          out_ << pad << name << "/\n";
          if (child != "/provenance") attributes(child, indent + 2, {});
          group(child, indent + 2);
          break;
        case StoreObjectKind::Table:
          out_ << pad << name << "  " << table_summary(child) << "\n";
          attributes(child, indent + 2, {"kind", "rows", "columns"});
          break;
        case StoreObjectKind::Text:
          out_ << pad << name << "  text, " << reader_.read_text(child).size() << " characters\n";
          attributes(child, indent + 2, {"kind"});
          break;
        case StoreObjectKind::Strings:
          out_ << pad << name << "  strings, " << shape_text(reader_.shape(child)) << "\n";
          attributes(child, indent + 2, {"kind"});
          break;
        case StoreObjectKind::Array:
        case StoreObjectKind::OtherDataset:
          out_ << pad << name << "  array " << reader_.element_type(child) << ", "
               << shape_text(reader_.shape(child)) << "\n";
          attributes(child, indent + 2, {"kind"});
          break;
        case StoreObjectKind::Missing:
          break;
      }
    }
  }

  std::string table_summary(const std::string& path) {
    const auto attrs = reader_.attributes(path);
    const auto rows = attrs.find("rows");
    const auto columns = attrs.find("columns");
    const auto* names =
        columns != attrs.end() ? std::get_if<std::vector<std::string>>(&columns->second) : nullptr;
    std::ostringstream text;
    const std::string row_count = rows != attrs.end() ? attribute_text(rows->second) : "?";
    const std::size_t column_count = names ? names->size() : 0;
    text << "table, " << row_count << (row_count == "1" ? " row" : " rows") << " x " << column_count
         << (column_count == 1 ? " column" : " columns");
    if (!names || names->empty()) return text.str();
    text << ": ";
    for (std::size_t i = 0; i < names->size() && i < kMaxColumnsListed; ++i) {
      const std::string& name = (*names)[i];
      const std::string column = join_path(path, store_detail::escape_link_name(name));
      std::string type = "?";
      if (reader_.exists(column)) {
        const auto column_attrs = reader_.attributes(column);
        const auto type_attr = column_attrs.find("type");
        if (type_attr != column_attrs.end()) type = attribute_text(type_attr->second);
        const auto frequency = column_attrs.find("frequency");
        if (frequency != column_attrs.end()) {
          type += "[" + attribute_text(frequency->second) + "]";
        }
        const std::string mask =
            join_path(join_path(path, ".missing"), store_detail::escape_link_name(name));
        if (reader_.exists(mask)) {
          const auto flags = reader_.read_int_array(mask);
          type += " (" + std::to_string(std::count(flags.begin(), flags.end(), 1)) + " missing)";
        }
      }
      text << (i > 0 ? ", " : "") << name << ":" << type;
    }
    if (names->size() > kMaxColumnsListed) {
      text << ", ... (" << names->size() - kMaxColumnsListed << " more)";
    }
    return text.str();
  }

  const StoreReader& reader_;
  std::ostringstream out_;
};

}  // namespace

std::string describe_store(const std::filesystem::path& path) {
  const StoreReader reader(path);
  return Describer(reader).run();
}

}  // namespace harmcast
