#pragma once
// Where tests find the source tree, their stored reference data and the harmcast binary.
#include <filesystem>
#include <string>

namespace harmcast::testing {

std::filesystem::path source_dir();
std::filesystem::path build_dir();  // where test artefacts for people to look at are kept
std::filesystem::path test_data(const std::string& relative);  // tests/data/<relative>
std::filesystem::path harmcast_binary();
// A fresh empty directory under the system temp dir, unique per call; removed by the caller.
std::filesystem::path fresh_temp_dir(const std::string& label);
// The whole file as bytes ("" if it cannot be read).
std::string read_file(const std::filesystem::path& path);

}  // namespace harmcast::testing
