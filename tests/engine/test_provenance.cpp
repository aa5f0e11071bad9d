// Provenance: written under /provenance and read back exactly; inputs fingerprinted with
// SHA-256 (digests from FIPS 180-2 appendix B); shown at the top of the inspect listing.
#include <gtest/gtest.h>

#include <ctime>
#include <filesystem>
#include <fstream>
#include <regex>
#include <string>

#include "engine/core/error.hpp"
#include "engine/store/provenance.hpp"
#include "engine/store/results_store.hpp"
#include "engine/store/store_reader.hpp"
#include "tests/support/paths.hpp"

namespace harmcast {
namespace {

namespace fs = std::filesystem;

constexpr const char* kAbcDigest =
    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
constexpr const char* kEmptyDigest =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

class ProvenanceTest : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = testing::fresh_temp_dir("provenance"); }
  void TearDown() override { fs::remove_all(dir_); }

  Provenance sample() {
    std::ofstream(dir_ / "crimes.csv", std::ios::binary) << "abc";
    std::ofstream(dir_ / "empty.csv", std::ios::binary);
    Provenance p;
    p.config_text = "name: hotspots\nseed: 18446744073709551615\nmodels: [arima, ets]\n";
    p.config_path = "experiments/hotspots.yaml";
    p.inputs = {fingerprint_input(dir_ / "crimes.csv"), fingerprint_input(dir_ / "empty.csv")};
    p.seed = 18446744073709551615ULL;  // 2^64 - 1: above the int64 range
    p.started_at = "2026-11-25T13:40:00Z";
    p.finished_at = "2026-11-25T13:41:02Z";
    p.threads = 8;
    p.command_line = "harmcast run experiments/hotspots.yaml --threads 8";
    p.hostname = "analysis-01";
    return p;
  }

  fs::path dir_;
};

TEST_F(ProvenanceTest, InputsAreFingerprintedWithSizeAndSha256) {
  const Provenance p = sample();
  EXPECT_EQ(p.inputs[0].path, (dir_ / "crimes.csv").string());
  EXPECT_EQ(p.inputs[0].sha256, kAbcDigest);
  EXPECT_EQ(p.inputs[0].bytes, 3u);
  EXPECT_EQ(p.inputs[1].sha256, kEmptyDigest);
  EXPECT_EQ(p.inputs[1].bytes, 0u);
  EXPECT_THROW(fingerprint_input(dir_ / "absent.csv"), Error);
}

TEST_F(ProvenanceTest, RoundTripIsExact) {
  const Provenance written = sample();
  const fs::path file = dir_ / "results.h5";
  {
    ResultsStore store(file);
    write_provenance(store, written);
    store.commit();
  }
  const StoreReader reader(file);
  const Provenance read = read_provenance(reader);
  EXPECT_EQ(read.config_text, written.config_text);
  EXPECT_EQ(read.config_path, written.config_path);
  EXPECT_EQ(read.seed, written.seed);
  EXPECT_EQ(read.version, harmcast::harmcast_version());
  EXPECT_EQ(read.git_commit, harmcast::harmcast_git_commit());
  EXPECT_EQ(read.started_at, written.started_at);
  EXPECT_EQ(read.finished_at, written.finished_at);
  EXPECT_EQ(read.threads, 8);
  EXPECT_EQ(read.command_line, written.command_line);
  EXPECT_EQ(read.hostname, written.hostname);
  ASSERT_EQ(read.inputs.size(), 2u);
  for (std::size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(read.inputs[i].path, written.inputs[i].path);
    EXPECT_EQ(read.inputs[i].sha256, written.inputs[i].sha256);
    EXPECT_EQ(read.inputs[i].bytes, written.inputs[i].bytes);
  }
  // The layout other tools see: attributes on /provenance, a text and a table under it.
  EXPECT_EQ(reader.kind("/provenance/config"), StoreObjectKind::Text);
  EXPECT_EQ(reader.kind("/provenance/inputs"), StoreObjectKind::Table);
  EXPECT_EQ(std::get<std::string>(*reader.attribute("/provenance", "git_commit")),
            harmcast::harmcast_git_commit());
}

TEST_F(ProvenanceTest, SmallSeedAndNoInputsRoundTrip) {
  Provenance written;
  written.seed = 42;
  const fs::path file = dir_ / "results.h5";
  {
    ResultsStore store(file);
    write_provenance(store, written);
    EXPECT_THROW(write_provenance(store, written), InternalError);  // only once per store
    store.commit();
  }
  const StoreReader reader(file);
  const Provenance read = read_provenance(reader);
  EXPECT_EQ(read.seed, 42u);
  EXPECT_TRUE(read.inputs.empty());
  EXPECT_TRUE(read.config_text.empty());
  EXPECT_EQ(std::get<std::int64_t>(*reader.attribute("/provenance", "seed")), 42);
}

TEST_F(ProvenanceTest, StoreWithoutProvenanceIsAnError) {
  const fs::path file = dir_ / "results.h5";
  {
    ResultsStore store(file);
    store.write_text("/config", "x: 1\n");
    store.commit();
  }
  const StoreReader reader(file);
  try {
    read_provenance(reader);
    FAIL() << "expected harmcast::Error";
  } catch (const Error& e) {
    EXPECT_EQ(e.where(), file.string() + ":/provenance");
    EXPECT_NE(e.problem().find("no provenance"), std::string::npos);
  }
}

TEST_F(ProvenanceTest, DescribeShowsProvenanceFirst) {
  const Provenance p = sample();
  const fs::path file = dir_ / "results.h5";
  {
    ResultsStore store(file);
    write_provenance(store, p);
    store.write_array("/forecasts/mean", std::vector<double>{1, 2, 3});
    store.commit();
  }
  const std::string listing = describe_store(file);
  const std::string expected_head =
      std::string("Provenance\n") + "  harmcast  " + harmcast::harmcast_version() + " (commit " +
      harmcast::harmcast_git_commit() +
      ")\n"
      "  started   2026-11-25T13:40:00Z\n"
      "  finished  2026-11-25T13:41:02Z\n"
      "  seed      18446744073709551615\n"
      "  threads   8\n"
      "  host      analysis-01\n"
      "  command   harmcast run experiments/hotspots.yaml --threads 8\n"
      "  config    experiments/hotspots.yaml (63 characters, stored at /provenance/config)\n"
      "  inputs    2 files\n"
      "    " +
      (dir_ / "crimes.csv").string() + "  sha256 " + kAbcDigest + "  3 bytes\n";
  EXPECT_NE(listing.find(expected_head), std::string::npos) << listing;
  EXPECT_LT(listing.find("Provenance"), listing.find("Contents")) << listing;
  EXPECT_NE(listing.find("      inputs  table, 2 rows x 3 columns: path:categorical, "
                         "sha256:categorical, bytes:integer\n"),
            std::string::npos)
      << listing;
}

TEST(ProvenanceClock, TimestampIsIso8601UtcAndNow) {
  const std::time_t before = std::time(nullptr);
  const std::string stamp = utc_timestamp_now();
  const std::time_t after = std::time(nullptr);
  ASSERT_TRUE(std::regex_match(stamp, std::regex(R"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z)")))
      << stamp;
  std::tm parts{};
  parts.tm_year = std::stoi(stamp.substr(0, 4)) - 1900;
  parts.tm_mon = std::stoi(stamp.substr(5, 2)) - 1;
  parts.tm_mday = std::stoi(stamp.substr(8, 2));
  parts.tm_hour = std::stoi(stamp.substr(11, 2));
  parts.tm_min = std::stoi(stamp.substr(14, 2));
  parts.tm_sec = std::stoi(stamp.substr(17, 2));
  const std::time_t parsed = timegm(&parts);  // interpreted as UTC
  EXPECT_GE(parsed, before);
  EXPECT_LE(parsed, after);
  EXPECT_FALSE(local_hostname().empty());
}

}  // namespace
}  // namespace harmcast
