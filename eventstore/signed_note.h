// Signed checkpoints: the C2SP tlog-checkpoint body inside a C2SP signed
// note, signed with Ed25519 (FORMAT.md, "Checkpoints").
//
//   <origin>\n<tree size, decimal>\n<root hash, base64>\n
//   \n
//   — <key name> <base64(key id ‖ signature)>\n
//
// The key id is the first 4 bytes of SHA-256(key name ‖ 0x0A ‖ 0x01 ‖
// public key); the signature is Ed25519 over the text above the blank line.
// Parsing is strict: anything malformed is INVALID_ARGUMENT, a signature
// that does not verify is FAILED_PRECONDITION. Pure functions.
#ifndef KEEPER_EVENTSTORE_SIGNED_NOTE_H_
#define KEEPER_EVENTSTORE_SIGNED_NOTE_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "eventstore/internal/ed25519.h"

namespace keeper::eventstore {

struct Checkpoint {
  std::string origin;
  uint64_t size = 0;
  std::string root_hash;  // 32 bytes

  bool operator==(const Checkpoint&) const = default;
};

// The checkpoint's note text (three lines).
std::string FormatCheckpoint(const Checkpoint& checkpoint);
absl::StatusOr<Checkpoint> ParseCheckpoint(absl::string_view text);

// Who may sign notes: a key name and its Ed25519 public key.
struct NoteVerifier {
  std::string name;
  std::string public_key;  // 32 raw bytes
};

// The 4-byte key id of a name and Ed25519 public key.
std::string NoteKeyId(absl::string_view name, absl::string_view public_key);
// The verifier key string: <name>+<hex key id>+<base64(0x01 ‖ public key)>.
std::string FormatVerifierKey(const NoteVerifier& verifier);
absl::StatusOr<NoteVerifier> ParseVerifierKey(absl::string_view text);

// `text` must end in a newline. `name` names the key, usually the origin.
absl::StatusOr<std::string> SignNote(absl::string_view text,
                                     absl::string_view name,
                                     const Ed25519PrivateKey& key);

// The note's text, once a signature line for `verifier` verifies. Lines by
// other keys are ignored.
absl::StatusOr<std::string> OpenSignedNote(absl::string_view note,
                                           const NoteVerifier& verifier);

// OpenSignedNote then ParseCheckpoint, checking the origin is the key name.
absl::StatusOr<Checkpoint> OpenCheckpoint(absl::string_view note,
                                          const NoteVerifier& verifier);

}  // namespace keeper::eventstore

#endif  // KEEPER_EVENTSTORE_SIGNED_NOTE_H_
