#include "engine/store/hdf5_helpers.hpp"

#include <algorithm>
#include <cstring>
#include <limits>
#include <numeric>

#include "engine/core/error.hpp"
#include "engine/table/table.hpp"

namespace harmcast::store_detail {
namespace {

// Datasets with at least this many elements are chunked and compressed; smaller ones are stored
// contiguously, where compression would cost more than it saves.
constexpr hsize_t kCompressFromElements = 4096;
// About 256 KiB of doubles per chunk: large enough for good compression, small enough that reading
// one column of a big table does not pull in much more than it needs.
constexpr hsize_t kChunkElements = 32768;

H5::StrType vlen_utf8_type() {
  H5::StrType type(H5::PredType::C_S1, H5T_VARIABLE);
  type.setCset(H5T_CSET_UTF8);
  return type;
}

hsize_t element_count(const std::vector<hsize_t>& dims) {
  return std::accumulate(dims.begin(), dims.end(), hsize_t{1}, std::multiplies<>());
}

H5::DSetCreatPropList creation_properties(const std::vector<hsize_t>& dims) {
  H5::DSetCreatPropList properties;
  const hsize_t total = element_count(dims);
  if (total < kCompressFromElements || H5Zfilter_avail(H5Z_FILTER_DEFLATE) <= 0) {
    return properties;
  }
  // Shrink the leading dimensions first so a chunk holds whole trailing rows where possible.
  std::vector<hsize_t> chunk = dims;
  for (std::size_t i = 0; i < chunk.size() && element_count(chunk) > kChunkElements; ++i) {
    const hsize_t rest = element_count(chunk) / chunk[i];
    chunk[i] = std::max<hsize_t>(1, kChunkElements / rest);
  }
  properties.setChunk(static_cast<int>(chunk.size()), chunk.data());
  properties.setShuffle();
  // Level 1: on a 1M-row cohort table level 4 wrote 35% slower for files only 4% smaller.
  properties.setDeflate(1);
  return properties;
}

template <class T>
void write_numeric(const H5::Group& group, const std::string& name, const T* data,
                   const std::vector<hsize_t>& dims, const H5::PredType& memory_type,
                   const H5::PredType& file_type) {
  H5::DataSpace space(static_cast<int>(dims.size()), dims.data());
  H5::DataSet dataset = group.createDataSet(name, file_type, space, creation_properties(dims));
  if (element_count(dims) > 0) dataset.write(data, memory_type);
}

template <class T>
std::vector<T> read_numeric(const H5::DataSet& dataset, const H5::PredType& memory_type) {
  const H5::DataSpace space = dataset.getSpace();
  std::vector<T> values(static_cast<std::size_t>(space.getSimpleExtentNpoints()));
  if (!values.empty()) dataset.read(values.data(), memory_type);
  return values;
}

// Reads an array of strings (variable or fixed length) through `read(buffer, memory_type)`.
template <class ReadFn>
std::vector<std::string> read_strings(const H5::StrType& file_type, const H5::DataSpace& space,
                                      ReadFn&& read) {
  const auto count = static_cast<std::size_t>(space.getSimpleExtentNpoints());
  std::vector<std::string> values;
  values.reserve(count);
  if (count == 0) return values;
  if (file_type.isVariableStr()) {
    H5::StrType memory_type(H5::PredType::C_S1, H5T_VARIABLE);
    memory_type.setCset(file_type.getCset());
    std::vector<char*> buffer(count, nullptr);
    try {
      read(buffer.data(), memory_type);
    } catch (const H5::Exception&) {  // a read that fails part-way may have allocated some
      H5Dvlen_reclaim(memory_type.getId(), space.getId(), H5P_DEFAULT, buffer.data());
      throw;
    }
    for (const char* text : buffer) values.emplace_back(text ? text : "");
    H5Dvlen_reclaim(memory_type.getId(), space.getId(), H5P_DEFAULT, buffer.data());
  } else {
    const std::size_t width = file_type.getSize();
    H5::StrType memory_type(H5::PredType::C_S1, width);
    memory_type.setCset(file_type.getCset());
    memory_type.setStrpad(file_type.getStrpad());
    std::vector<char> buffer(count * width);
    read(buffer.data(), memory_type);
    for (std::size_t i = 0; i < count; ++i) {
      const char* start = buffer.data() + i * width;
      std::string text(start, strnlen(start, width));
      if (file_type.getStrpad() == H5T_STR_SPACEPAD) {
        text.erase(text.find_last_not_of(' ') + 1);
      }
      values.push_back(std::move(text));
    }
  }
  return values;
}

}  // namespace

void quiet_hdf5() { H5::Exception::dontPrint(); }

std::string normalise_path(std::string_view path) {
  if (path.empty() || path.front() != '/') {
    throw InternalError("store path must start with '/': \"" + std::string(path) + "\"");
  }
  std::string result;
  std::size_t start = 1;
  while (start <= path.size()) {
    std::size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    const std::string_view part = path.substr(start, end - start);
    if (part == ".") {
      throw InternalError("store path has a '.' component: \"" + std::string(path) + "\"");
    }
    if (!part.empty()) {
      result += '/';
      result += part;
    } else if (end != path.size()) {
      throw InternalError("store path has an empty component: \"" + std::string(path) + "\"");
    }
    start = end + 1;
  }
  return result.empty() ? "/" : result;
}

std::pair<std::string, std::string> split_parent(const std::string& path) {
  const std::size_t slash = path.rfind('/');
  if (path == "/" || slash == std::string::npos) {
    throw InternalError("the store root has no parent: \"" + path + "\"");
  }
  return {slash == 0 ? "/" : path.substr(0, slash), path.substr(slash + 1)};
}

std::string escape_link_name(std::string_view name) {
  if (name.empty()) return "%";
  std::string link;
  for (std::size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    if (c == '%') {
      link += "%25";
    } else if (c == '/') {
      link += "%2F";
    } else if (c == '.' && i == 0) {
      link += "%2E";
    } else {
      link += c;
    }
  }
  return link;
}

namespace {

// The deepest message on HDF5's error stack names the actual cause ("truncated file: eof = ...",
// "unable to lock file"), where the C++ exception only says which call failed.
herr_t collect_error_message(unsigned depth, const H5E_error2_t* entry, void* data) {
  auto* messages = static_cast<std::vector<std::string>*>(data);
  if (entry && entry->desc && *entry->desc) messages->emplace_back(entry->desc);
  return 0;
}

std::string deepest_hdf5_message() {
  std::vector<std::string> messages;
  H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, collect_error_message, &messages);
  return messages.empty() ? std::string() : messages.front();
}

}  // namespace

void throw_hdf5_error(const std::filesystem::path& file, const std::string& object,
                      const std::string& action, const H5::Exception& error) {
  std::string detail = error.getDetailMsg();
  if (detail.empty()) detail = error.getFuncName();
  const std::string cause = deepest_hdf5_message();
  if (!cause.empty()) detail += detail.empty() ? cause : ": " + cause;
  if (cause.find("truncated file") != std::string::npos) {
    throw Error(
        file.string() + ":" + object,
        "HDF5 could not " + action + ": the file is shorter than it should be (" + detail + ")",
        "It was cut short (an interrupted copy or download, or a full disk); copy it "
        "again or re-run the experiment.");
  }
  if (cause.find("lock file") != std::string::npos || cause.find("locking") != std::string::npos) {
    throw Error(file.string() + ":" + object, "HDF5 could not " + action + " (" + detail + ")",
                "Another program may have the file open, or the file system does not support "
                "file locking; close other readers, or set HDF5_USE_FILE_LOCKING=FALSE.");
  }
  throw Error(file.string() + ":" + object,
              "HDF5 could not " + action + (detail.empty() ? "" : " (" + detail + ")"),
              "The file may be damaged, or the disk full or read-only; re-run the experiment to "
              "write a fresh results store.");
}

bool path_exists(const H5::H5File& file, const std::string& path) {
  if (path == "/") return true;
  // std::optional because H5::Group's copy assignment is deprecated (it has no user-declared one).
  std::optional<H5::Group> group(file.openGroup("/"));
  std::size_t start = 1;
  while (true) {
    const std::size_t end = path.find('/', start);
    const std::string part = path.substr(start, end == std::string::npos ? end : end - start);
    if (!group->nameExists(part)) return false;
    if (end == std::string::npos) return true;
    if (group->childObjType(part) != H5O_TYPE_GROUP) return false;
    group.emplace(group->openGroup(part));
    start = end + 1;
  }
}

H5::Group ensure_group(H5::H5File& file, const std::string& path) {
  std::optional<H5::Group> group(file.openGroup("/"));
  if (path == "/") return *group;
  std::size_t start = 1;
  while (start <= path.size()) {
    std::size_t end = path.find('/', start);
    if (end == std::string::npos) end = path.size();
    const std::string part = path.substr(start, end - start);
    if (group->nameExists(part)) {
      if (group->childObjType(part) != H5O_TYPE_GROUP) {
        throw InternalError("store path \"" + path + "\" passes through a dataset at \"" +
                            path.substr(0, end) + "\"");
      }
      group.emplace(group->openGroup(part));
    } else {
      group.emplace(group->createGroup(part));
    }
    start = end + 1;
  }
  return *group;
}

void write_attribute(const H5::H5Object& object, const std::string& name,
                     const AttributeValue& value) {
  if (object.attrExists(name)) object.removeAttr(name);
  if (const auto* text = std::get_if<std::string>(&value)) {
    const H5::StrType type = vlen_utf8_type();
    H5::Attribute attribute = object.createAttribute(name, type, H5::DataSpace(H5S_SCALAR));
    attribute.write(type, *text);
  } else if (const auto* real = std::get_if<double>(&value)) {
    H5::Attribute attribute =
        object.createAttribute(name, H5::PredType::IEEE_F64LE, H5::DataSpace(H5S_SCALAR));
    attribute.write(H5::PredType::NATIVE_DOUBLE, real);
  } else if (const auto* integer = std::get_if<std::int64_t>(&value)) {
    H5::Attribute attribute =
        object.createAttribute(name, H5::PredType::STD_I64LE, H5::DataSpace(H5S_SCALAR));
    attribute.write(H5::PredType::NATIVE_INT64, integer);
  } else {
    const auto& list = std::get<std::vector<std::string>>(value);
    const H5::StrType type = vlen_utf8_type();
    if (list.empty()) {  // a null dataspace: zero-sized attributes are not portable
      object.createAttribute(name, type, H5::DataSpace(H5S_NULL));
      return;
    }
    const hsize_t size = list.size();
    H5::Attribute attribute = object.createAttribute(name, type, H5::DataSpace(1, &size));
    std::vector<const char*> pointers;
    pointers.reserve(list.size());
    for (const auto& text : list) pointers.push_back(text.c_str());
    attribute.write(type, pointers.data());
  }
}

void write_unsigned_attribute(const H5::H5Object& object, const std::string& name,
                              std::uint64_t value) {
  if (object.attrExists(name)) object.removeAttr(name);
  H5::Attribute attribute =
      object.createAttribute(name, H5::PredType::STD_U64LE, H5::DataSpace(H5S_SCALAR));
  attribute.write(H5::PredType::NATIVE_UINT64, &value);
}

AttributeValue read_attribute(const H5::Attribute& attribute) {
  const H5::DataSpace space = attribute.getSpace();
  const H5S_class_t shape = space.getSimpleExtentType();
  const H5T_class_t type_class = attribute.getTypeClass();
  if (shape == H5S_NULL) {
    if (type_class == H5T_STRING) return std::vector<std::string>{};
    return std::string();
  }
  const auto count = space.getSimpleExtentNpoints();
  if (type_class == H5T_STRING) {
    const H5::StrType type = attribute.getStrType();
    if (shape == H5S_SCALAR) {
      std::string text;
      attribute.read(type, text);
      return text;
    }
    return read_strings(type, space, [&](void* buffer, const H5::StrType& memory_type) {
      attribute.read(memory_type, buffer);
    });
  }
  if (type_class == H5T_INTEGER || type_class == H5T_FLOAT) {
    const bool is_unsigned =
        type_class == H5T_INTEGER && attribute.getIntType().getSign() == H5T_SGN_NONE;
    if (count == 1) {
      if (type_class == H5T_FLOAT) {
        double real = 0;
        attribute.read(H5::PredType::NATIVE_DOUBLE, &real);
        return real;
      }
      if (is_unsigned) {
        std::uint64_t value = 0;
        attribute.read(H5::PredType::NATIVE_UINT64, &value);
        if (value <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
          return static_cast<std::int64_t>(value);
        }
        return std::to_string(value);
      }
      std::int64_t value = 0;
      attribute.read(H5::PredType::NATIVE_INT64, &value);
      return value;
    }
    // Numeric vectors (not written by harmcast) are shown as text.
    std::vector<double> values(static_cast<std::size_t>(count));
    attribute.read(H5::PredType::NATIVE_DOUBLE, values.data());
    std::vector<std::string> texts;
    for (double v : values) texts.push_back(format_double(v));
    return texts;
  }
  return std::string("<unsupported attribute type>");
}

std::map<std::string, AttributeValue> read_attributes(const H5::H5Object& object) {
  std::map<std::string, AttributeValue> attributes;
  const int count = object.getNumAttrs();
  for (int i = 0; i < count; ++i) {
    const H5::Attribute attribute = object.openAttribute(static_cast<unsigned>(i));
    attributes.emplace(attribute.getName(), read_attribute(attribute));
  }
  return attributes;
}

std::optional<std::string> string_attribute(const H5::H5Object& object, const std::string& name) {
  if (!object.attrExists(name)) return std::nullopt;
  const H5::Attribute attribute = object.openAttribute(name);
  if (attribute.getTypeClass() != H5T_STRING ||
      attribute.getSpace().getSimpleExtentType() != H5S_SCALAR) {
    return std::nullopt;
  }
  std::string text;
  attribute.read(attribute.getStrType(), text);
  return text;
}

void write_doubles(const H5::Group& group, const std::string& name, const double* data,
                   const std::vector<hsize_t>& dims) {
  write_numeric(group, name, data, dims, H5::PredType::NATIVE_DOUBLE, H5::PredType::IEEE_F64LE);
}

void write_int64s(const H5::Group& group, const std::string& name, const std::int64_t* data,
                  const std::vector<hsize_t>& dims) {
  write_numeric(group, name, data, dims, H5::PredType::NATIVE_INT64, H5::PredType::STD_I64LE);
}

void write_int32s(const H5::Group& group, const std::string& name, const std::int32_t* data,
                  hsize_t size) {
  write_numeric(group, name, data, {size}, H5::PredType::NATIVE_INT32, H5::PredType::STD_I32LE);
}

void write_int8s(const H5::Group& group, const std::string& name, const std::int8_t* data,
                 hsize_t size) {
  write_numeric(group, name, data, {size}, H5::PredType::NATIVE_INT8, H5::PredType::STD_I8LE);
}

void write_uint8s(const H5::Group& group, const std::string& name, const std::uint8_t* data,
                  hsize_t size) {
  write_numeric(group, name, data, {size}, H5::PredType::NATIVE_UINT8, H5::PredType::STD_U8LE);
}

void write_string_list(const H5::Group& group, const std::string& name,
                       const std::vector<std::string>& values) {
  const H5::StrType type = vlen_utf8_type();
  const hsize_t size = values.size();
  H5::DataSet dataset = group.createDataSet(name, type, H5::DataSpace(1, &size));
  if (values.empty()) return;
  std::vector<const char*> pointers;
  pointers.reserve(values.size());
  for (const auto& text : values) pointers.push_back(text.c_str());
  dataset.write(pointers.data(), type);
}

void write_scalar_string(const H5::Group& group, const std::string& name, std::string_view text) {
  const H5::StrType type = vlen_utf8_type();
  H5::DataSet dataset = group.createDataSet(name, type, H5::DataSpace(H5S_SCALAR));
  dataset.write(std::string(text), type);
}

std::vector<hsize_t> dataset_dims(const H5::DataSet& dataset) {
  const H5::DataSpace space = dataset.getSpace();
  std::vector<hsize_t> dims(static_cast<std::size_t>(space.getSimpleExtentNdims()));
  if (!dims.empty()) space.getSimpleExtentDims(dims.data());
  return dims;
}

std::vector<double> read_doubles(const H5::DataSet& dataset) {
  return read_numeric<double>(dataset, H5::PredType::NATIVE_DOUBLE);
}
std::vector<std::int64_t> read_int64s(const H5::DataSet& dataset) {
  return read_numeric<std::int64_t>(dataset, H5::PredType::NATIVE_INT64);
}
std::vector<std::int32_t> read_int32s(const H5::DataSet& dataset) {
  return read_numeric<std::int32_t>(dataset, H5::PredType::NATIVE_INT32);
}
std::vector<std::uint8_t> read_uint8s(const H5::DataSet& dataset) {
  return read_numeric<std::uint8_t>(dataset, H5::PredType::NATIVE_UINT8);
}

std::vector<std::string> read_string_list(const H5::DataSet& dataset) {
  return read_strings(
      dataset.getStrType(), dataset.getSpace(),
      [&](void* buffer, const H5::StrType& memory_type) { dataset.read(buffer, memory_type); });
}

std::string read_scalar_string(const H5::DataSet& dataset) {
  std::string text;
  dataset.read(text, dataset.getStrType());
  return text;
}

}  // namespace harmcast::store_detail
