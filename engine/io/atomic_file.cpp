#include "engine/io/atomic_file.hpp"

#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>
#include <system_error>

#include "engine/core/error.hpp"

namespace harmcast {
namespace fs = std::filesystem;

namespace {

bool process_is_running(long pid) {
  return pid > 0 && (::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM);
}

// A run killed outright (SIGKILL, power loss) cannot remove its temporary file; the next write of
// the same target removes it once the process that wrote it is gone. Files of a live process are
// another run's work in progress and stay.
void remove_leftovers_of_dead_runs(const fs::path& dir, const std::string& prefix) {
  std::error_code ec;
  for (const fs::directory_entry& entry : fs::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.size() <= prefix.size() || name.compare(0, prefix.size(), prefix) != 0) continue;
    const std::string pid_text = name.substr(prefix.size());
    if (pid_text.find_first_not_of("0123456789") != std::string::npos || pid_text.size() > 9)
      continue;
    if (!process_is_running(std::stol(pid_text))) fs::remove(entry.path(), ec);
  }
}

}  // namespace

AtomicOutput::AtomicOutput(fs::path target) : target_(std::move(target)) {
  const fs::path dir = target_.has_parent_path() ? target_.parent_path() : fs::path(".");
  ensure_writable_directory(dir);
  const std::string prefix = "." + target_.filename().string() + ".tmp-";
  remove_leftovers_of_dead_runs(dir, prefix);
  temp_ = dir / (prefix + std::to_string(::getpid()));
}

AtomicOutput::~AtomicOutput() {
  if (!committed_) {
    std::error_code ignored;
    fs::remove(temp_, ignored);
  }
}

void AtomicOutput::commit() {
  std::error_code ec;
  fs::rename(temp_, target_, ec);
  if (ec) {
    throw Error(target_.string(),
                "could not move the finished output into place (" + ec.message() + ")",
                "Check that the folder is writable and the disk is not full.");
  }
  committed_ = true;
}

void write_file_atomically(const fs::path& target, const std::string& contents) {
  AtomicOutput out(target);
  {
    std::ofstream stream(out.temp_path(), std::ios::binary);
    stream.write(contents.data(), static_cast<std::streamsize>(contents.size()));
    stream.close();
    if (!stream) {
      throw Error(target.string(), "could not write the file",
                  "Check that the folder is writable and the disk is not full.");
    }
  }
  out.commit();
}

void ensure_writable_directory(const fs::path& dir) {
  std::error_code ec;
  if (!fs::exists(dir, ec)) {
    fs::create_directories(dir, ec);
    if (ec) {
      throw Error(dir.string(), "could not create the output folder (" + ec.message() + ")",
                  "Choose a folder you can write to with --out.");
    }
  }
  if (!fs::is_directory(dir, ec)) {
    throw Error(dir.string(), "the output path exists but is not a folder",
                "Choose a folder with --out.");
  }
  if (::access(dir.c_str(), W_OK) != 0) {
    throw Error(dir.string(), "the output folder is not writable",
                "Choose a folder you can write to with --out, or change its permissions.");
  }
}

}  // namespace harmcast
