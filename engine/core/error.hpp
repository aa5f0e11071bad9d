#pragma once
// The one error type of harmcast (see ../shared/design/STYLE.md).
//
// Thrown for every problem the user can fix: bad data, bad config, bad arguments, a model that
// cannot be fitted. It carries three parts so every message reads alike:
//   where  - file:line:column, a config key path with its line, a series id, a model name
//   what   - what went wrong, stating what was expected and what was found
//   hint   - what to do about it (may be empty)
// The command line prints `error: <where>: <what>. <hint>` and exits with code 1.
// Programmer mistakes use InternalError (exit code 2).
#include <stdexcept>
#include <string>

namespace harmcast {

class Error : public std::runtime_error {
 public:
  Error(std::string where, std::string what, std::string hint = {});

  const std::string& where() const noexcept { return where_; }
  const std::string& problem() const noexcept { return problem_; }
  const std::string& hint() const noexcept { return hint_; }

 private:
  std::string where_;
  std::string problem_;
  std::string hint_;
};

// A broken invariant inside harmcast: a bug, never the user's fault.
class InternalError : public std::logic_error {
 public:
  using std::logic_error::logic_error;
};

}  // namespace harmcast
