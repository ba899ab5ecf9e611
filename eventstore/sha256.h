// SHA-256 through OpenSSL's EVP interface.
#ifndef KEEPER_EVENTSTORE_SHA256_H_
#define KEEPER_EVENTSTORE_SHA256_H_

#include <array>
#include <span>
#include <string>
#include <string_view>

namespace keeper::eventstore {

inline constexpr size_t kSha256Bytes = 32;
// A digest held in place, for loops that hash every event and must not
// allocate for each.
using Sha256Digest = std::array<char, kSha256Bytes>;

inline std::string_view AsView(const Sha256Digest& digest) {
  return std::string_view(digest.data(), digest.size());
}

// The 32-byte digest of `data`.
std::string Sha256(std::string_view data);
// The same, written to `out`.
void Sha256(std::string_view data, std::span<char, kSha256Bytes> out);

// Incremental hashing, for hashing pieces without joining them first.
// Not thread-safe; one per thread.
class Sha256Hasher {
 public:
  Sha256Hasher();
  ~Sha256Hasher();
  Sha256Hasher(const Sha256Hasher&) = delete;
  Sha256Hasher& operator=(const Sha256Hasher&) = delete;

  void Update(std::string_view data);
  // Returns the digest and resets for the next message.
  std::string Finish();

 private:
  struct Ctx;
  Ctx* ctx_;
};

}  // namespace keeper::eventstore

#endif  // KEEPER_EVENTSTORE_SHA256_H_
