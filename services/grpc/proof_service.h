// ProofService: signed checkpoints and Merkle proofs, served from the event
// store's tree, and verified reads of single events.
#ifndef KEEPER_SERVICES_GRPC_PROOF_SERVICE_H_
#define KEEPER_SERVICES_GRPC_PROOF_SERVICE_H_

#include "absl/status/statusor.h"
#include "eventstore/checkpoint_publisher.h"
#include "eventstore/event_store.h"
#include "keeper/v1/proof_service.grpc.pb.h"
#include "services/access/access_gate.h"
#include "services/grpc/handler_pool.h"
#include "services/grpc/pooled_service.h"

namespace keeper::services {

// The latest signed checkpoint, published now if it does not yet cover
// `position`.
absl::StatusOr<eventstore::StoredCheckpoint> CheckpointCovering(
    eventstore::CheckpointPublisher& publisher, uint64_t position);

// Fills `proof` for `event` in the tree of `tree_size` (0: the latest
// checkpoint covering the event), with the checkpoint kept for that size.
absl::Status ProveInclusion(const eventstore::EventStore& store,
                            eventstore::CheckpointPublisher& publisher,
                            const eventstore::EventEnvelope& event,
                            uint64_t tree_size, v1::InclusionProof* proof);

class ProofService final : public PooledService<v1::ProofService> {
 public:
  // All must outlive the service.
  ProofService(const eventstore::EventStore& store,
               eventstore::CheckpointPublisher& publisher, AccessGate& gate,
               HandlerPool& pool);

 private:
  absl::StatusOr<v1::SignedCheckpoint> HandleGetCheckpoint(
      grpc::ServerContextBase& context,
      const v1::GetCheckpointRequest& request);
  absl::StatusOr<v1::InclusionProof> HandleGetInclusionProof(
      grpc::ServerContextBase& context,
      const v1::GetInclusionProofRequest& request);
  absl::StatusOr<v1::ConsistencyProof> HandleGetConsistencyProof(
      grpc::ServerContextBase& context,
      const v1::GetConsistencyProofRequest& request);
  // Records the read, like every read of case data, before answering.
  absl::StatusOr<v1::VerifiedEvent> HandleVerifiedRead(
      grpc::ServerContextBase& context, const v1::VerifiedReadRequest& request);
  // The event a request names by position or id.
  absl::StatusOr<eventstore::EventEnvelope> FindEvent(uint64_t position,
                                                      const std::string& id);
  // Fills `proof` for `event` in the tree of `tree_size` (0: the latest
  // checkpoint covering the event).
  absl::Status Prove(const eventstore::EventEnvelope& event, uint64_t tree_size,
                     v1::InclusionProof* proof);
  // The checkpoint kept for `size`, if any, into `out`.
  absl::Status AttachCheckpoint(uint64_t size, v1::SignedCheckpoint* out);

  const eventstore::EventStore& store_;
  eventstore::CheckpointPublisher& publisher_;
};

}  // namespace keeper::services

#endif  // KEEPER_SERVICES_GRPC_PROOF_SERVICE_H_
