// Checking a saved proof with nothing but checkpoints and the log's public
// key, as `keeper proof verify` does. Trusts no server and no store.
#ifndef KEEPER_TOOLS_PROOF_CHECK_H_
#define KEEPER_TOOLS_PROOF_CHECK_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "eventstore/signed_note.h"
#include "keeper/v1/proof_service.pb.h"

namespace keeper::tools {

// OK with a one-line description of what was proved, or an error saying why
// the proof is rejected. `saved_notes` are signed checkpoints the checker
// holds; checkpoints carried in the bundle count only once their signature
// verifies too. Two verified checkpoints of one size with different roots
// are themselves proof of a forked log, and rejected.
absl::StatusOr<std::string> CheckProofBundle(
    const v1::ProofBundle& bundle, const std::vector<std::string>& saved_notes,
    const eventstore::NoteVerifier& verifier);

}  // namespace keeper::tools

#endif  // KEEPER_TOOLS_PROOF_CHECK_H_
