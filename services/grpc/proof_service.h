// ProofService: signed checkpoints and Merkle proofs, served from the event
// store's tree, and verified reads of single events.
#ifndef KEEPER_SERVICES_GRPC_PROOF_SERVICE_H_
#define KEEPER_SERVICES_GRPC_PROOF_SERVICE_H_

#include "eventstore/checkpoint_publisher.h"
#include "eventstore/event_store.h"
#include "keeper/v1/proof_service.grpc.pb.h"
#include "services/grpc/access_gate.h"
#include "services/grpc/handler_pool.h"

namespace keeper::services {

class ProofService final : public v1::ProofService::CallbackService {
 public:
  // All must outlive the service.
  ProofService(const eventstore::EventStore& store,
               eventstore::CheckpointPublisher& publisher, AccessGate& gate,
               HandlerPool& pool)
      : store_(store), publisher_(publisher), gate_(gate), pool_(pool) {}

  grpc::ServerUnaryReactor* GetCheckpoint(
      grpc::CallbackServerContext* context,
      const v1::GetCheckpointRequest* request,
      v1::SignedCheckpoint* response) override {
    return RunOn(pool_, context, [this, context, request, response] {
      return HandleGetCheckpoint(context, request, response);
    });
  }
  grpc::ServerUnaryReactor* GetInclusionProof(
      grpc::CallbackServerContext* context,
      const v1::GetInclusionProofRequest* request,
      v1::InclusionProof* response) override {
    return RunOn(pool_, context, [this, context, request, response] {
      return HandleGetInclusionProof(context, request, response);
    });
  }
  grpc::ServerUnaryReactor* GetConsistencyProof(
      grpc::CallbackServerContext* context,
      const v1::GetConsistencyProofRequest* request,
      v1::ConsistencyProof* response) override {
    return RunOn(pool_, context, [this, context, request, response] {
      return HandleGetConsistencyProof(context, request, response);
    });
  }
  // Records the read, like every read of case data, before answering.
  grpc::ServerUnaryReactor* VerifiedRead(grpc::CallbackServerContext* context,
                                         const v1::VerifiedReadRequest* request,
                                         v1::VerifiedEvent* response) override {
    return RunOn(pool_, context, [this, context, request, response] {
      return HandleVerifiedRead(context, request, response);
    });
  }

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
