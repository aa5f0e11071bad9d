#pragma once
// The version of harmcast and the git commit this binary was built from (with "-modified" when
// the work tree had uncommitted changes), recorded in every run's provenance. Defined in a file
// generated at build time (cmake/write_build_info.cmake), so only it recompiles on a new commit.

namespace harmcast {

const char* harmcast_version();     // e.g. "0.1.0"
const char* harmcast_git_commit();  // e.g. "62b693d1a2b3" or "62b693d1a2b3-modified"

}  // namespace harmcast
