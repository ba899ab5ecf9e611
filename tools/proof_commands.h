// Subcommands for tamper evidence: signed checkpoints, the log's public
// key, and Merkle proofs, produced from a store and checked without one.
#ifndef KEEPER_TOOLS_PROOF_COMMANDS_H_
#define KEEPER_TOOLS_PROOF_COMMANDS_H_

#include <string>
#include <vector>

#include "absl/flags/declare.h"
#include "eventstore/signed_note.h"
#include "tools/cli.h"

ABSL_DECLARE_FLAG(std::vector<std::string>, checkpoint);
ABSL_DECLARE_FLAG(std::string, verifier_key);

namespace keeper::tools {

// Prints the signed checkpoint kept for --tree_size (default: the latest).
int RunCheckpoint(const Args& args);
// Prints the log's verifier key (name+id+Ed25519 public key).
int RunKey(const Args& args);
// Prints a ProofBundle (protobuf JSON) for the event at --position in the
// tree of --tree_size (default: the latest checkpoint's), from the store.
int RunProofInclusion(const Args& args);
// Prints a ProofBundle proving --first_size is a prefix of --second_size.
int RunProofConsistency(const Args& args);
// Asks keeperd for a verified read of the event at --position.
int RunProofEvent(const Args& args);
// Checks the ProofBundle in --proof against the --checkpoint files and
// --verifier_key. Exits 0 if it holds, 1 if it does not.
int RunProofVerify(const Args& args);

// The verifier key: --verifier_key (a file, or the key itself), else the
// one beside the signing key in --data_dir.
absl::StatusOr<eventstore::NoteVerifier> VerifierFromFlags();

}  // namespace keeper::tools

#endif  // KEEPER_TOOLS_PROOF_COMMANDS_H_
