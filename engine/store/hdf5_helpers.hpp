#pragma once
// Internal to engine/store: thin helpers over the HDF5 C++ API shared by the writer, the reader
// and describe_store. Not for use outside this folder.
#include <H5Cpp.h>

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/store/results_store.hpp"

namespace harmcast::store_detail {

// Turns off HDF5's printing of its error stack; failures reach us as H5::Exception instead.
void quiet_hdf5();

// Checks and tidies an object path: must start with '/', no empty or "." components.
// Throws InternalError (paths come from code, not users).
std::string normalise_path(std::string_view path);
// "/a/b/c" -> {"/a/b", "c"}; "/c" -> {"/", "c"}. The root has no parent (InternalError).
std::pair<std::string, std::string> split_parent(const std::string& path);
// A column name as an HDF5 link name: '%' -> %25, '/' -> %2F, a leading '.' -> %2E, "" -> "%".
std::string escape_link_name(std::string_view name);

// Converts an HDF5 exception into harmcast::Error naming file:object and the action.
[[noreturn]] void throw_hdf5_error(const std::filesystem::path& file, const std::string& object,
                                   const std::string& action, const H5::Exception& error);

// Runs `body`, converting any H5::Exception it throws with throw_hdf5_error.
template <class Body>
decltype(auto) guarded(const std::filesystem::path& file, const std::string& object,
                       const std::string& action, Body&& body) {
  try {
    return body();
  } catch (const H5::Exception& error) {
    throw_hdf5_error(file, object, action, error);
  }
}

// True if every component of `path` exists (the root always does).
bool path_exists(const H5::H5File& file, const std::string& path);
// Opens the group at `path`, creating it and any missing parents.
H5::Group ensure_group(H5::H5File& file, const std::string& path);

// Attributes (replacing any existing attribute of the same name).
void write_attribute(const H5::H5Object& object, const std::string& name,
                     const AttributeValue& value);
void write_unsigned_attribute(const H5::H5Object& object, const std::string& name,
                              std::uint64_t value);
AttributeValue read_attribute(const H5::Attribute& attribute);
std::map<std::string, AttributeValue> read_attributes(const H5::H5Object& object);
std::optional<std::string> string_attribute(const H5::H5Object& object, const std::string& name);

// Datasets. Numeric writers take row-major data and its shape; large ones are compressed.
void write_doubles(const H5::Group& group, const std::string& name, const double* data,
                   const std::vector<hsize_t>& dims);
void write_int64s(const H5::Group& group, const std::string& name, const std::int64_t* data,
                  const std::vector<hsize_t>& dims);
void write_int32s(const H5::Group& group, const std::string& name, const std::int32_t* data,
                  hsize_t size);
void write_int8s(const H5::Group& group, const std::string& name, const std::int8_t* data,
                 hsize_t size);
void write_uint8s(const H5::Group& group, const std::string& name, const std::uint8_t* data,
                  hsize_t size);
void write_string_list(const H5::Group& group, const std::string& name,
                       const std::vector<std::string>& values);
void write_scalar_string(const H5::Group& group, const std::string& name, std::string_view text);

std::vector<hsize_t> dataset_dims(const H5::DataSet& dataset);
std::vector<double> read_doubles(const H5::DataSet& dataset);
std::vector<std::int64_t> read_int64s(const H5::DataSet& dataset);
std::vector<std::int32_t> read_int32s(const H5::DataSet& dataset);
std::vector<std::uint8_t> read_uint8s(const H5::DataSet& dataset);
std::vector<std::string> read_string_list(const H5::DataSet& dataset);
std::string read_scalar_string(const H5::DataSet& dataset);

}  // namespace harmcast::store_detail
