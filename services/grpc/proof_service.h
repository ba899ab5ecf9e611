// ProofService: signed checkpoints and Merkle proofs, served from the event
// store's tree, and verified reads of single events.
#ifndef KEEPER_SERVICES_GRPC_PROOF_SERVICE_H_
#define KEEPER_SERVICES_GRPC_PROOF_SERVICE_H_

#include "eventstore/checkpoint_publisher.h"
#include "eventstore/event_store.h"
#include "keeper/v1/proof_service.grpc.pb.h"
#include "services/access/access_gate.h"
#include "services/grpc/handler_pool.h"

namespace keeper::services {

class ProofService final : public v1::ProofService::CallbackService {
 public:
  // All must outlive the service.
  ProofService(const eventstore::EventStore& store,
               eventstore::CheckpointPublisher& publisher, AccessGate& gate,
               HandlerPool& pool)
      : store_(store), publisher_(publisher), gate_(gate), pool_(pool) {}

  KEEPER_UNARY_ON_POOL(GetCheckpoint, v1::GetCheckpointRequest,
                       v1::SignedCheckpoint)
  KEEPER_UNARY_ON_POOL(GetInclusionProof, v1::GetInclusionProofRequest,
                       v1::InclusionProof)
  KEEPER_UNARY_ON_POOL(GetConsistencyProof, v1::GetConsistencyProofRequest,
                       v1::ConsistencyProof)
  // Records the read, like every read of case data, before answering.
  KEEPER_UNARY_ON_POOL(VerifiedRead, v1::VerifiedReadRequest, v1::VerifiedEvent)

 private:
  grpc::Status HandleGetCheckpoint(grpc::ServerContextBase* context,
                                   const v1::GetCheckpointRequest* request,
                                   v1::SignedCheckpoint* response);
  grpc::Status HandleGetInclusionProof(
      grpc::ServerContextBase* context,
      const v1::GetInclusionProofRequest* request,
      v1::InclusionProof* response);
  grpc::Status HandleGetConsistencyProof(
      grpc::ServerContextBase* context,
      const v1::GetConsistencyProofRequest* request,
      v1::ConsistencyProof* response);
  grpc::Status HandleVerifiedRead(grpc::ServerContextBase* context,
                                  const v1::VerifiedReadRequest* request,
                                  v1::VerifiedEvent* response);
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
  AccessGate& gate_;
  HandlerPool& pool_;
};

}  // namespace keeper::services

#endif  // KEEPER_SERVICES_GRPC_PROOF_SERVICE_H_
