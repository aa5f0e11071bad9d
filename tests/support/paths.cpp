#include "tests/support/paths.hpp"

#include <unistd.h>

#include <atomic>
#include <fstream>
#include <sstream>

namespace harmcast::testing {

std::filesystem::path source_dir() { return HARMCAST_SOURCE_DIR; }
std::filesystem::path build_dir() { return HARMCAST_BUILD_DIR; }
std::filesystem::path test_data(const std::string& relative) {
  return std::filesystem::path(HARMCAST_TEST_DATA_DIR) / relative;
}
std::filesystem::path harmcast_binary() { return HARMCAST_BINARY; }

std::filesystem::path fresh_temp_dir(const std::string& label) {
  static std::atomic<int> counter{0};
  auto dir = std::filesystem::temp_directory_path() /
             ("harmcast_test_" + label + "_" + std::to_string(::getpid()) + "_" +
              std::to_string(counter++));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

}  // namespace harmcast::testing
