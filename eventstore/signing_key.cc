#include "eventstore/signing_key.h"

#include <filesystem>

#include "absl/strings/str_cat.h"
#include "common/files.h"
#include "common/status_macros.h"

namespace keeper::eventstore {

std::string SigningKeyPath(const std::string& keys_dir) {
  return keys_dir + "/checkpoint.pem";
}

std::string VerifierKeyPath(const std::string& keys_dir) {
  return keys_dir + "/checkpoint.vkey";
}

absl::StatusOr<NoteVerifier> LoadVerifierKey(const std::string& path) {
  ASSIGN_OR_RETURN(std::string text, ReadFileToString(path));
  absl::StatusOr<NoteVerifier> verifier = ParseVerifierKey(text);
  if (!verifier.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": ", verifier.status().message()));
  }
  return verifier;
}

absl::StatusOr<SigningIdentity> LoadOrCreateSigningKey(
    const std::string& keys_dir, const std::string& origin) {
  std::error_code error;
  std::filesystem::create_directories(keys_dir, error);
  if (error) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot create ", keys_dir, ": ", error.message()));
  }
  const std::string key_path = SigningKeyPath(keys_dir);
  const std::string vkey_path = VerifierKeyPath(keys_dir);
  if (!std::filesystem::exists(key_path)) {
    ASSIGN_OR_RETURN(Ed25519PrivateKey key, Ed25519PrivateKey::Generate());
    ASSIGN_OR_RETURN(std::string pem, key.ToPem());
    NoteVerifier verifier{origin, key.public_key()};
    // The verifier key first: a crash between the two leaves no key that
    // signs under an unknown name, and the next start makes both again.
    std::filesystem::remove(vkey_path, error);
    RETURN_IF_ERROR(
        CreateFileDurably(vkey_path, FormatVerifierKey(verifier) + "\n", 0644));
    RETURN_IF_ERROR(CreateFileDurably(key_path, pem, 0600));
    return SigningIdentity{std::move(key), std::move(verifier)};
  }
  ASSIGN_OR_RETURN(std::string pem, ReadFileToString(key_path));
  absl::StatusOr<Ed25519PrivateKey> key = Ed25519PrivateKey::FromPem(pem);
  if (!key.ok()) {
    return absl::FailedPreconditionError(
        absl::StrCat(key_path, ": ", key.status().message()));
  }
  ASSIGN_OR_RETURN(NoteVerifier verifier, LoadVerifierKey(vkey_path));
  if (verifier.public_key != key->public_key()) {
    return absl::FailedPreconditionError(
        absl::StrCat(vkey_path, " is not the verifier key of ", key_path));
  }
  return SigningIdentity{*std::move(key), std::move(verifier)};
}

}  // namespace keeper::eventstore
