// ReviewService: for reviewers of a contested decision, the record of what
// was known when it was made. Reads come from the decision-record
// projection and are recorded before they are sent.
#ifndef KEEPER_SERVICES_GRPC_REVIEW_SERVICE_H_
#define KEEPER_SERVICES_GRPC_REVIEW_SERVICE_H_

#include "absl/status/statusor.h"
#include "eventstore/event_store.h"
#include "keeper/v1/review_service.grpc.pb.h"
#include "projections/engine.h"
#include "services/access/access_gate.h"
#include "services/grpc/handler_pool.h"
#include "services/grpc/pooled_service.h"

namespace keeper::services {

class ReviewService final : public PooledService<v1::ReviewService> {
 public:
  // All must outlive the service.
  ReviewService(const eventstore::EventStore& store,
                const projections::ProjectionEngine& engine, AccessGate& gate,
                HandlerPool& pool);

 private:
  // Restricted report parts are blanked for family-facing roles.
  absl::StatusOr<v1::DecisionRecord> HandleGetDecisionRecord(
      grpc::ServerContextBase& context,
      const v1::GetDecisionRecordRequest& request);

  const eventstore::EventStore& store_;
  const projections::ProjectionEngine& engine_;
};

}  // namespace keeper::services

#endif  // KEEPER_SERVICES_GRPC_REVIEW_SERVICE_H_
