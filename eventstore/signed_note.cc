#include "eventstore/signed_note.h"

#include <charconv>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/status_macros.h"
#include "eventstore/sha256.h"

namespace keeper::eventstore {
namespace {

constexpr char kSignaturePrefix[] = "\xE2\x80\x94 ";  // em dash, space
constexpr char kEd25519Type = 0x01;
constexpr size_t kKeyIdBytes = 4;

// absl's decoder accepts unpadded input; checkpoints must be canonical.
absl::StatusOr<std::string> StrictBase64(absl::string_view text,
                                         absl::string_view what) {
  std::string bytes;
  if (!absl::Base64Unescape(text, &bytes) ||
      absl::Base64Escape(bytes) != text) {
    return absl::InvalidArgumentError(
        absl::StrCat(what, " is not canonical base64"));
  }
  return bytes;
}

bool ValidKeyName(absl::string_view name) {
  if (name.empty()) return false;
  for (unsigned char c : name) {
    if (c <= ' ' || c == '+' || c == 0x7f) return false;
  }
  return true;
}

}  // namespace

std::string FormatCheckpoint(const Checkpoint& checkpoint) {
  return absl::StrCat(checkpoint.origin, "\n", checkpoint.size, "\n",
                      absl::Base64Escape(checkpoint.root_hash), "\n");
}

absl::StatusOr<Checkpoint> ParseCheckpoint(absl::string_view text) {
  if (text.empty() || text.back() != '\n') {
    return absl::InvalidArgumentError("a checkpoint ends with a newline");
  }
  std::vector<absl::string_view> lines =
      absl::StrSplit(text.substr(0, text.size() - 1), '\n');
  if (lines.size() < 3) {
    return absl::InvalidArgumentError(
        "a checkpoint has an origin, a tree size and a root hash line");
  }
  Checkpoint checkpoint;
  checkpoint.origin = std::string(lines[0]);
  if (checkpoint.origin.empty()) {
    return absl::InvalidArgumentError("the checkpoint's origin is empty");
  }
  const absl::string_view size = lines[1];
  const char* end = size.data() + size.size();
  auto [stop, error] = std::from_chars(size.data(), end, checkpoint.size);
  if (size.empty() || error != std::errc() || stop != end ||
      (size.size() > 1 && size[0] == '0')) {
    return absl::InvalidArgumentError(absl::StrCat(
        "the checkpoint's tree size '", size, "' is not a decimal number"));
  }
  ASSIGN_OR_RETURN(checkpoint.root_hash,
                   StrictBase64(lines[2], "the checkpoint's root hash"));
  if (checkpoint.root_hash.size() != 32) {
    return absl::InvalidArgumentError(
        "the checkpoint's root hash is not 32 bytes");
  }
  for (size_t i = 3; i < lines.size(); ++i) {
    if (lines[i].empty()) {
      return absl::InvalidArgumentError(
          "a checkpoint's extension lines are not empty");
    }
  }
  return checkpoint;
}

std::string NoteKeyId(absl::string_view name, absl::string_view public_key) {
  std::string material(name);
  material.push_back('\n');
  material.push_back(kEd25519Type);
  material.append(public_key.data(), public_key.size());
  return Sha256(material).substr(0, kKeyIdBytes);
}

std::string FormatVerifierKey(const NoteVerifier& verifier) {
  std::string typed(1, kEd25519Type);
  typed.append(verifier.public_key);
  return absl::StrCat(
      verifier.name, "+",
      absl::BytesToHexString(NoteKeyId(verifier.name, verifier.public_key)),
      "+", absl::Base64Escape(typed));
}

absl::StatusOr<NoteVerifier> ParseVerifierKey(absl::string_view text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) {
    text.remove_suffix(1);
  }
  std::vector<absl::string_view> parts =
      absl::StrSplit(text, absl::MaxSplits('+', 2));
  if (parts.size() != 3 || !ValidKeyName(parts[0]) || parts[1].size() != 8) {
    return absl::InvalidArgumentError(
        "a verifier key is <name>+<8 hex digits>+<base64 key>");
  }
  ASSIGN_OR_RETURN(std::string typed,
                   StrictBase64(parts[2], "the verifier key's key"));
  if (typed.size() != 1 + kEd25519PublicKeyBytes || typed[0] != kEd25519Type) {
    return absl::InvalidArgumentError("the verifier key is not an Ed25519 key");
  }
  NoteVerifier verifier{std::string(parts[0]), typed.substr(1)};
  if (absl::BytesToHexString(NoteKeyId(verifier.name, verifier.public_key)) !=
      parts[1]) {
    return absl::InvalidArgumentError(
        "the verifier key's id does not match its name and key");
  }
  return verifier;
}

absl::StatusOr<std::string> SignNote(absl::string_view text,
                                     absl::string_view name,
                                     const Ed25519PrivateKey& key) {
  if (text.empty() || text.back() != '\n') {
    return absl::InvalidArgumentError("a note's text ends with a newline");
  }
  if (!ValidKeyName(name)) {
    return absl::InvalidArgumentError(
        absl::StrCat("'", name, "' cannot name a key"));
  }
  ASSIGN_OR_RETURN(std::string signature, key.Sign(text));
  return absl::StrCat(
      text, "\n", kSignaturePrefix, name, " ",
      absl::Base64Escape(NoteKeyId(name, key.public_key()) + signature), "\n");
}

absl::StatusOr<std::string> OpenSignedNote(absl::string_view note,
                                           const NoteVerifier& verifier) {
  const size_t split = note.rfind("\n\n");
  if (split == absl::string_view::npos || note.back() != '\n') {
    return absl::InvalidArgumentError(
        "a signed note is text, a blank line and signature lines");
  }
  const absl::string_view text = note.substr(0, split + 1);
  absl::string_view signatures = note.substr(split + 2);
  if (signatures.empty()) {
    return absl::InvalidArgumentError("the note carries no signature lines");
  }
  signatures.remove_suffix(1);
  const std::string key_id = NoteKeyId(verifier.name, verifier.public_key);
  bool signed_by_verifier = false;
  for (absl::string_view line : absl::StrSplit(signatures, '\n')) {
    if (line.substr(0, 4) != kSignaturePrefix) {
      return absl::InvalidArgumentError(
          "a signature line starts with an em dash and a space");
    }
    line.remove_prefix(4);
    const size_t space = line.rfind(' ');
    if (space == absl::string_view::npos) {
      return absl::InvalidArgumentError("a signature line has no signature");
    }
    if (line.substr(0, space) != verifier.name) continue;
    ASSIGN_OR_RETURN(std::string blob,
                     StrictBase64(line.substr(space + 1), "a signature"));
    if (blob.size() < kKeyIdBytes || blob.substr(0, kKeyIdBytes) != key_id) {
      continue;  // another key under the same name
    }
    RETURN_IF_ERROR(VerifyEd25519(verifier.public_key, text,
                                  absl::string_view(blob).substr(kKeyIdBytes)));
    signed_by_verifier = true;
  }
  if (!signed_by_verifier) {
    return absl::FailedPreconditionError(
        absl::StrCat("the note carries no signature by ", verifier.name));
  }
  return std::string(text);
}

absl::StatusOr<Checkpoint> OpenCheckpoint(absl::string_view note,
                                          const NoteVerifier& verifier) {
  ASSIGN_OR_RETURN(std::string text, OpenSignedNote(note, verifier));
  ASSIGN_OR_RETURN(Checkpoint checkpoint, ParseCheckpoint(text));
  if (checkpoint.origin != verifier.name) {
    return absl::FailedPreconditionError(
        absl::StrCat("the checkpoint is for origin '", checkpoint.origin,
                     "', not '", verifier.name, "'"));
  }
  return checkpoint;
}

}  // namespace keeper::eventstore
