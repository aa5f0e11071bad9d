#pragma once
// Runs the harmcast binary as a user would and captures what it printed and its exit code.
#include <string>

namespace harmcast::testing {

struct CommandResult {
  int exit_code = -1;
  std::string out;  // stdout
  std::string err;  // stderr
};

// `arguments` is appended to the binary's path as written (quote paths with spaces yourself).
CommandResult run_harmcast(const std::string& arguments);

}  // namespace harmcast::testing
