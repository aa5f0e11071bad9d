#pragma once
// Provenance: what produced a results store, so any number in a report can be traced back to
// the exact program, configuration, data and random seed, and the run repeated.
//
// Stored under /provenance: attributes version, git_commit, seed (uint64), threads, started_at,
// finished_at, command_line, hostname, config_path; the config file's text as the text dataset
// /provenance/config; the input files as the table /provenance/inputs (path, sha256, bytes).
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "engine/core/build_info.hpp"

namespace harmcast {

class ResultsStore;
class StoreReader;

struct InputFingerprint {
  std::string path;         // as given in the config (or on the command line)
  std::string sha256;       // 64 lowercase hex digits of the file's bytes
  std::uint64_t bytes = 0;  // file size
};

// Fingerprints one input file (SHA-256 and size). Throws harmcast::Error naming the file.
InputFingerprint fingerprint_input(const std::filesystem::path& path);

struct Provenance {
  std::string config_text;                         // the experiment YAML exactly as read
  std::string config_path;                         // where it was read from
  std::vector<InputFingerprint> inputs;            // every data file the run read
  std::uint64_t seed = 0;                          // the master seed of all random streams
  std::string version = harmcast_version();        // harmcast version
  std::string git_commit = harmcast_git_commit();  // commit the binary was built from
  std::string started_at;    // ISO 8601 UTC, e.g. 2026-11-25T13:40:00Z (see utc_timestamp_now)
  std::string finished_at;   // ISO 8601 UTC
  int threads = 1;           // worker threads used (results do not depend on it)
  std::string command_line;  // the command as typed
  std::string hostname;      // machine the run ran on
};

// The current time as ISO 8601 UTC to the second: "2026-11-25T13:40:00Z".
std::string utc_timestamp_now();
// This machine's host name ("unknown" if the system will not say).
std::string local_hostname();

// Writes `provenance` under /provenance. Throws InternalError if it was already written.
void write_provenance(ResultsStore& store, const Provenance& provenance);
// Reads it back. Throws harmcast::Error naming the file if the store has no provenance.
Provenance read_provenance(const StoreReader& reader);

}  // namespace harmcast
