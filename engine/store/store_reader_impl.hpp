#pragma once
// Internal to engine/store: the state behind StoreReader and the object look-ups shared by the
// reader and describe_store.
#include <H5Cpp.h>

#include <filesystem>
#include <string>

#include "engine/store/store_reader.hpp"

namespace harmcast {

struct StoreReader::Impl {
  std::filesystem::path path;
  H5::H5File file;

  // "FILE:OBJECT", the `where` of every error about an object.
  std::string where(const std::string& object_path) const;
  StoreObjectKind kind(const std::string& object_path) const;  // path normalised
  // Opens the object or throws harmcast::Error if it is absent or of another kind.
  H5::Group open_table(const std::string& object_path) const;
  H5::DataSet open_dataset(const std::string& object_path, const std::string& wanted) const;
};

}  // namespace harmcast
