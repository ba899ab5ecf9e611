#include "tools/proof_check.h"

#include <map>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "eventstore/hash_chain.h"
#include "eventstore/merkle.h"

namespace keeper::tools {
namespace {

using eventstore::Checkpoint;

class Roots {
 public:
  explicit Roots(const eventstore::NoteVerifier& verifier)
      : verifier_(verifier) {}

  absl::Status Add(const std::string& note, const std::string& where) {
    absl::StatusOr<Checkpoint> checkpoint =
        eventstore::OpenCheckpoint(note, verifier_);
    if (!checkpoint.ok()) {
      return absl::Status(
          checkpoint.status().code(),
          absl::StrCat(where, ": ", checkpoint.status().message()));
    }
    auto [it, added] = roots_.emplace(checkpoint->size, checkpoint->root_hash);
    if (!added && it->second != checkpoint->root_hash) {
      return absl::FailedPreconditionError(
          absl::StrCat("two signed checkpoints of tree size ", checkpoint->size,
                       " have different roots: the log was forked"));
    }
    return absl::OkStatus();
  }

  absl::StatusOr<std::string> At(uint64_t size) const {
    if (size == 0) return eventstore::MerkleEmptyRoot();
    auto it = roots_.find(size);
    if (it == roots_.end()) {
      return absl::FailedPreconditionError(absl::StrCat(
          "no signed checkpoint of tree size ", size, " to check against"));
    }
    return it->second;
  }

 private:
  const eventstore::NoteVerifier& verifier_;
  std::map<uint64_t, std::string> roots_;
};

std::vector<std::string> Path(
    const google::protobuf::RepeatedPtrField<std::string>& path) {
  return {path.begin(), path.end()};
}

absl::Status CheckInclusion(const v1::InclusionProof& proof,
                            const Roots& roots) {
  if (proof.position() == 0) {
    return absl::InvalidArgumentError("the proof names no position");
  }
  ASSIGN_OR_RETURN(std::string root, roots.At(proof.tree_size()));
  return eventstore::VerifyInclusion(
      eventstore::MerkleLeafHash(proof.event_hash()), proof.position() - 1,
      proof.tree_size(), Path(proof.path()), root);
}

}  // namespace

absl::StatusOr<std::string> CheckProofBundle(
    const v1::ProofBundle& bundle, const std::vector<std::string>& saved_notes,
    const eventstore::NoteVerifier& verifier) {
  Roots roots(verifier);
  for (size_t i = 0; i < saved_notes.size(); ++i) {
    RETURN_IF_ERROR(
        roots.Add(saved_notes[i], absl::StrCat("saved checkpoint ", i + 1)));
  }
  auto add_carried = [&](const v1::SignedCheckpoint& carried) {
    if (carried.note().empty()) return absl::OkStatus();
    return roots.Add(carried.note(), "the checkpoint in the proof");
  };
  switch (bundle.proof_case()) {
    case v1::ProofBundle::kInclusion: {
      const v1::InclusionProof& proof = bundle.inclusion();
      RETURN_IF_ERROR(add_carried(proof.checkpoint()));
      RETURN_IF_ERROR(CheckInclusion(proof, roots));
      return absl::StrCat("the event at position ", proof.position(),
                          " is in the log of size ", proof.tree_size());
    }
    case v1::ProofBundle::kVerifiedEvent: {
      const v1::VerifiedEvent& verified = bundle.verified_event();
      const v1::EventEnvelope& event = verified.event();
      if (eventstore::ComputeEventHash(event) != event.hash()) {
        return absl::FailedPreconditionError(
            "the event's content does not hash to its recorded hash");
      }
      if (event.hash() != verified.proof().event_hash() ||
          event.position() != verified.proof().position()) {
        return absl::FailedPreconditionError("the proof is for another event");
      }
      RETURN_IF_ERROR(add_carried(verified.proof().checkpoint()));
      RETURN_IF_ERROR(CheckInclusion(verified.proof(), roots));
      return absl::StrCat("event ", event.event_id(), " (", event.event_type(),
                          ") is at position ", event.position(),
                          " of the log of size ", verified.proof().tree_size(),
                          ", unaltered");
    }
    case v1::ProofBundle::kConsistency: {
      const v1::ConsistencyProof& proof = bundle.consistency();
      RETURN_IF_ERROR(add_carried(proof.first_checkpoint()));
      RETURN_IF_ERROR(add_carried(proof.second_checkpoint()));
      ASSIGN_OR_RETURN(std::string first, roots.At(proof.first_size()));
      ASSIGN_OR_RETURN(std::string second, roots.At(proof.second_size()));
      RETURN_IF_ERROR(
          eventstore::VerifyConsistency(proof.first_size(), proof.second_size(),
                                        first, second, Path(proof.path())));
      return absl::StrCat("the log of size ", proof.first_size(),
                          " is a prefix of the log of size ",
                          proof.second_size());
    }
    case v1::ProofBundle::PROOF_NOT_SET:
      break;
  }
  return absl::InvalidArgumentError("the file holds no proof");
}

}  // namespace keeper::tools
