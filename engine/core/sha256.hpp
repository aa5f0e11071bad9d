#pragma once
// SHA-256 fingerprints of input files and texts, recorded in every results store so a run can be
// traced to the exact bytes it read.
//
// Sha256 implements FIPS 180-4 section 6.2 (the same function as FIPS 180-2): the message is
// padded to a multiple of 512 bits with a 1 bit, zeros and its 64-bit big-endian bit length, and
// each 512-bit block updates eight 32-bit state words through 64 rounds. No OpenSSL needed.
// Reference: NIST FIPS PUB 180-4, "Secure Hash Standard", 2015.
#include <array>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace harmcast {

// Incremental hasher: update() any number of times, then hex_digest() once.
class Sha256 {
 public:
  Sha256();
  void update(const void* data, std::size_t size);
  void update(std::string_view text) { update(text.data(), text.size()); }
  // Finishes the hash and returns 64 lowercase hex digits. The hasher cannot be updated after.
  std::string hex_digest();

 private:
  void compress(const std::uint8_t* block);

  std::array<std::uint32_t, 8> state_;
  std::array<std::uint8_t, 64> buffer_{};
  std::size_t buffered_ = 0;       // bytes waiting in buffer_
  std::uint64_t total_bytes_ = 0;  // message length so far
  bool finished_ = false;
};

// SHA-256 of a text, as 64 lowercase hex digits.
std::string sha256_text(std::string_view text);

// SHA-256 of a file's bytes, read in blocks (memory use is constant in the file size).
// Throws harmcast::Error naming the file if it cannot be opened or read.
std::string sha256_file(const std::filesystem::path& path);

}  // namespace harmcast
