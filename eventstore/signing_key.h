// The checkpoint signing key on disk.
//
//   <keys_dir>/checkpoint.pem   the Ed25519 private key, PKCS#8 PEM, mode 0600
//   <keys_dir>/checkpoint.vkey  its verifier key (name+id+key), public
//
// The key is made on first use, and never replaced: an existing key is
// loaded as it is. The verifier key's name is the log's origin, fixed when
// the key is made. Give checkpoint.vkey to anyone who will check
// checkpoints; `keeper key` prints it.
#ifndef KEEPER_EVENTSTORE_SIGNING_KEY_H_
#define KEEPER_EVENTSTORE_SIGNING_KEY_H_

#include <string>

#include "absl/status/statusor.h"
#include "eventstore/internal/ed25519.h"
#include "eventstore/signed_note.h"

namespace keeper::eventstore {

struct SigningIdentity {
  Ed25519PrivateKey key;
  NoteVerifier verifier;  // name = the log's origin
};

// Loads the key in `keys_dir`, or makes one for `origin` if there is none.
// FAILED_PRECONDITION if the stored key and verifier key disagree.
absl::StatusOr<SigningIdentity> LoadOrCreateSigningKey(
    const std::string& keys_dir, const std::string& origin);

// The verifier key kept beside the signing key, for tools that check.
absl::StatusOr<NoteVerifier> LoadVerifierKey(const std::string& path);

std::string SigningKeyPath(const std::string& keys_dir);
std::string VerifierKeyPath(const std::string& keys_dir);

}  // namespace keeper::eventstore

#endif  // KEEPER_EVENTSTORE_SIGNING_KEY_H_
