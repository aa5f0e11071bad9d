#pragma once
// Internal to engine/store: the state behind ResultsStore, shared by its .cpp files.
#include <H5Cpp.h>

#include <filesystem>
#include <optional>
#include <string>
#include <utility>

#include "engine/io/atomic_file.hpp"
#include "engine/store/results_store.hpp"

namespace harmcast {

struct ResultsStore::Impl {
  explicit Impl(std::filesystem::path target);

  // Throws InternalError once committed.
  void check_writable(const std::string& path) const;
  // For a new dataset or table at `path` (normalised): its parent group (created on demand) and
  // its leaf name. Throws InternalError if something is already stored there.
  std::pair<H5::Group, std::string> new_object(const std::string& path);
  // The group at `path` (created on demand) to hang attributes on.
  H5::Group group_for_attributes(const std::string& path);

  AtomicOutput output;  // declared first so it outlives `file` and removes the temp file last
  std::optional<H5::H5File> file;  // open until commit(); optional as H5File cannot be reassigned
  bool committed = false;
};

}  // namespace harmcast
