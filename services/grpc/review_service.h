// ReviewService: for reviewers of a contested decision, the record of what
// was known when it was made. Reads come from the decision-record
// projection and are recorded before they are sent.
#ifndef KEEPER_SERVICES_GRPC_REVIEW_SERVICE_H_
#define KEEPER_SERVICES_GRPC_REVIEW_SERVICE_H_

#include "eventstore/event_store.h"
#include "keeper/v1/review_service.grpc.pb.h"
#include "projections/engine.h"
#include "services/access/access_gate.h"
#include "services/grpc/handler_pool.h"

namespace keeper::services {

class ReviewService final : public v1::ReviewService::CallbackService {
 public:
  // All must outlive the service.
  ReviewService(const eventstore::EventStore& store,
                const projections::ProjectionEngine& engine, AccessGate& gate,
                HandlerPool& pool)
      : store_(store), engine_(engine), gate_(gate), pool_(pool) {}

  // Restricted report parts are blanked for family-facing roles.
  KEEPER_UNARY_ON_POOL(GetDecisionRecord, v1::GetDecisionRecordRequest,
                       v1::DecisionRecord)

 private:
  grpc::Status HandleGetDecisionRecord(
      grpc::ServerContextBase* context,
      const v1::GetDecisionRecordRequest* request,
      v1::DecisionRecord* response);
  const eventstore::EventStore& store_;
  const projections::ProjectionEngine& engine_;
  AccessGate& gate_;
  HandlerPool& pool_;
};

}  // namespace keeper::services

#endif  // KEEPER_SERVICES_GRPC_REVIEW_SERVICE_H_
