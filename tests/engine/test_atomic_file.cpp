// Atomic output: the target is replaced whole, and the temporary file of a run that was killed
// outright (so it could not clean up) is removed by the next write of the same target, while a
// live run's temporary file is left alone.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "engine/io/atomic_file.hpp"
#include "tests/support/paths.hpp"

namespace fs = std::filesystem;

namespace {

void touch(const fs::path& path) { std::ofstream(path) << "partial"; }

// The PID of a process that has finished (forked, exited and reaped), so no process has it.
pid_t finished_process_id() {
  const pid_t child = ::fork();
  if (child == 0) ::_exit(0);
  int status = 0;
  ::waitpid(child, &status, 0);
  return child;
}

}  // namespace

TEST(AtomicFile, NextWriteRemovesTheLeftoverOfAKilledRunButNotOfALiveOne) {
  const fs::path dir = harmcast::testing::fresh_temp_dir("atomic_leftovers");
  const fs::path dead = dir / (".report.html.tmp-" + std::to_string(finished_process_id()));
  const fs::path live = dir / (".report.html.tmp-" + std::to_string(::getppid()));
  const fs::path other_target = dir / ".tables.csv.tmp-1";
  const fs::path not_a_pid = dir / ".report.html.tmp-abc";
  for (const fs::path& p : {dead, live, other_target, not_a_pid}) touch(p);

  harmcast::write_file_atomically(dir / "report.html", "<html></html>");

  EXPECT_FALSE(fs::exists(dead));
  EXPECT_TRUE(fs::exists(live));          // another run, still writing
  EXPECT_TRUE(fs::exists(other_target));  // not this target's
  EXPECT_TRUE(fs::exists(not_a_pid));     // not a name harmcast makes
  EXPECT_TRUE(fs::exists(dir / "report.html"));
  fs::remove_all(dir);
}

TEST(AtomicFile, AnUncommittedOutputLeavesTheTargetUntouched) {
  const fs::path dir = harmcast::testing::fresh_temp_dir("atomic_uncommitted");
  const fs::path target = dir / "out.txt";
  std::ofstream(target) << "kept";
  {
    harmcast::AtomicOutput out(target);
    std::ofstream(out.temp_path()) << "half written";
  }  // no commit(): as when an exception unwinds the writer
  std::ifstream in(target);
  std::string text;
  std::getline(in, text);
  EXPECT_EQ(text, "kept");
  std::size_t files = 0;
  for ([[maybe_unused]] const auto& entry : fs::directory_iterator(dir)) ++files;
  EXPECT_EQ(files, 1u);
  fs::remove_all(dir);
}
