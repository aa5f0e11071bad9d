#pragma once
// Atomic output: nothing a user has is ever half-overwritten.
//
// AtomicOutput picks a temporary name beside the target (same folder, so the final rename is
// atomic on POSIX), lets the caller write there, and renames it over the target on commit().
// If the object dies without commit() (an exception, a kill between steps), the temporary file
// is removed and the target is untouched; a temporary file left by a run that was killed outright
// is removed by the next write of the same target. Errors name the path and say what to do.
#include <filesystem>
#include <string>

namespace harmcast {

class AtomicOutput {
 public:
  explicit AtomicOutput(std::filesystem::path target);
  ~AtomicOutput();
  AtomicOutput(const AtomicOutput&) = delete;
  AtomicOutput& operator=(const AtomicOutput&) = delete;

  const std::filesystem::path& temp_path() const { return temp_; }
  const std::filesystem::path& target() const { return target_; }
  void commit();  // rename temp -> target; throws harmcast::Error on failure

 private:
  std::filesystem::path target_;
  std::filesystem::path temp_;
  bool committed_ = false;
};

// Writes `contents` to `target` atomically.
void write_file_atomically(const std::filesystem::path& target, const std::string& contents);

// Throws harmcast::Error unless `dir` exists (or can be created) and is writable.
void ensure_writable_directory(const std::filesystem::path& dir);

}  // namespace harmcast
