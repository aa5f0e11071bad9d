// SHA-256 against the FIPS 180-2 appendix B test vectors (and NIST's 896-bit vector from the
// SHA-2 examples), digests as printed in FIPS PUB 180-2 and confirmed with GNU coreutils 9.1
// `sha256sum`.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "engine/core/error.hpp"
#include "engine/core/sha256.hpp"
#include "tests/support/paths.hpp"

namespace harmcast {
namespace {

constexpr const char* kEmptyDigest =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
constexpr const char* kAbcDigest =
    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
constexpr const char* k448BitMessage = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
constexpr const char* k448BitDigest =
    "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1";
constexpr const char* k896BitMessage =
    "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopq"
    "rsmnopqrstnopqrstu";
constexpr const char* k896BitDigest =
    "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1";
constexpr const char* kMillionADigest =
    "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0";

TEST(Sha256, FipsVectors) {
  EXPECT_EQ(sha256_text(""), kEmptyDigest);
  EXPECT_EQ(sha256_text("abc"), kAbcDigest);
  EXPECT_EQ(sha256_text(k448BitMessage), k448BitDigest);
  EXPECT_EQ(sha256_text(k896BitMessage), k896BitDigest);
  EXPECT_EQ(sha256_text(std::string(1'000'000, 'a')), kMillionADigest);
}

TEST(Sha256, IncrementalUpdatesInOddPiecesGiveTheSameDigest) {
  // Pieces of 1, 2, 3, ... bytes cross every block-boundary alignment.
  const std::string message(1'000'000, 'a');
  Sha256 hasher;
  std::size_t pos = 0;
  for (std::size_t piece = 1; pos < message.size(); ++piece) {
    const std::size_t take = std::min(piece, message.size() - pos);
    hasher.update(message.data() + pos, take);
    pos += take;
  }
  EXPECT_EQ(hasher.hex_digest(), kMillionADigest);
}

TEST(Sha256, PaddingEdgeLengthsMatchCoreutils) {
  // 55, 56, 63 and 64 bytes are the lengths where padding spills into a second block.
  // Digests from `head -c N /dev/zero | tr '\0' 'a' | sha256sum` (GNU coreutils 9.1).
  EXPECT_EQ(sha256_text(std::string(55, 'a')),
            "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318");
  EXPECT_EQ(sha256_text(std::string(56, 'a')),
            "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a");
  EXPECT_EQ(sha256_text(std::string(63, 'a')),
            "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34");
  EXPECT_EQ(sha256_text(std::string(64, 'a')),
            "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb");
}

TEST(Sha256, FileIsHashedInBlocks) {
  const auto dir = testing::fresh_temp_dir("fingerprint");
  const auto file = dir / "million_a.txt";
  {
    std::ofstream out(file, std::ios::binary);
    out << std::string(1'000'000, 'a');
  }
  EXPECT_EQ(sha256_file(file), kMillionADigest);
  std::filesystem::remove_all(dir);
}

TEST(Sha256, MissingFileIsAnErrorNamingIt) {
  const auto dir = testing::fresh_temp_dir("fingerprint_missing");
  const auto file = dir / "no_such_input.csv";
  try {
    sha256_file(file);
    FAIL() << "expected harmcast::Error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.where()).find("no_such_input.csv"), std::string::npos);
    EXPECT_FALSE(e.hint().empty());
  }
  EXPECT_THROW(sha256_file(dir), Error);  // a folder is not a file
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace harmcast
