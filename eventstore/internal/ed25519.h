// Ed25519 signing and verification through OpenSSL 3.
//
// Thread safety: a key is immutable after construction; Sign may be called
// from many threads at once.
#ifndef KEEPER_EVENTSTORE_INTERNAL_ED25519_H_
#define KEEPER_EVENTSTORE_INTERNAL_ED25519_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace keeper::eventstore {

inline constexpr size_t kEd25519PublicKeyBytes = 32;
inline constexpr size_t kEd25519SignatureBytes = 64;

class Ed25519PrivateKey {
 public:
  static absl::StatusOr<Ed25519PrivateKey> Generate();
  // A PKCS#8 PEM private key, as ToPem writes and `openssl genpkey
  // -algorithm ed25519` makes. INVALID_ARGUMENT for anything else.
  static absl::StatusOr<Ed25519PrivateKey> FromPem(absl::string_view pem);

  absl::StatusOr<std::string> ToPem() const;
  // The raw 32-byte public key.
  const std::string& public_key() const { return public_key_; }
  // The 64-byte signature of `message`.
  absl::StatusOr<std::string> Sign(absl::string_view message) const;

 private:
  struct Free {
    void operator()(void* key) const;
  };
  Ed25519PrivateKey(void* key, std::string public_key);

  std::shared_ptr<void> key_;  // EVP_PKEY
  std::string public_key_;
};

// OK when `signature` is a valid Ed25519 signature of `message` by the raw
// 32-byte `public_key`; INVALID_ARGUMENT for malformed keys or signatures,
// FAILED_PRECONDITION for a signature that does not verify.
absl::Status VerifyEd25519(absl::string_view public_key,
                           absl::string_view message,
                           absl::string_view signature);

}  // namespace keeper::eventstore

#endif  // KEEPER_EVENTSTORE_INTERNAL_ED25519_H_
