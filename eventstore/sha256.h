// SHA-256 through OpenSSL's EVP interface.
#ifndef KEEPER_EVENTSTORE_SHA256_H_
#define KEEPER_EVENTSTORE_SHA256_H_

#include <string>
#include <string_view>

namespace keeper::eventstore {

// The 32-byte digest of `data`.
std::string Sha256(std::string_view data);

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
