// AuditService: the audit trails, for inspectors. Reads come from the
// projections; every query is recorded before its answer is sent.
#ifndef KEEPER_SERVICES_GRPC_AUDIT_SERVICE_H_
#define KEEPER_SERVICES_GRPC_AUDIT_SERVICE_H_

#include "eventstore/event_store.h"
#include "keeper/v1/audit_service.grpc.pb.h"
#include "projections/engine.h"
#include "services/access/access_gate.h"
#include "services/grpc/handler_pool.h"

namespace keeper::services {

class AuditService final : public v1::AuditService::CallbackService {
 public:
  // All must outlive the service.
  AuditService(const eventstore::EventStore& store,
               const projections::ProjectionEngine& engine, AccessGate& gate,
               HandlerPool& pool)
      : store_(store), engine_(engine), gate_(gate), pool_(pool) {}

  KEEPER_UNARY_ON_POOL(QueryAccessTrail, v1::AccessTrailQuery,
                       v1::AccessTrailPage)
  KEEPER_UNARY_ON_POOL(QueryChangeTrail, v1::ChangeTrailQuery,
                       v1::ChangeTrailPage)

 private:
  grpc::Status HandleQueryAccessTrail(grpc::ServerContextBase* context,
                                      const v1::AccessTrailQuery* request,
                                      v1::AccessTrailPage* response);
  grpc::Status HandleQueryChangeTrail(grpc::ServerContextBase* context,
                                      const v1::ChangeTrailQuery* request,
                                      v1::ChangeTrailPage* response);
  // Admit, validate, read from projections caught up to the head, record
  // the read, answer.
  template <typename Query, typename Page>
  grpc::Status Answer(grpc::ServerContextBase* context,
                      const std::string& method, const Query& request,
                      Page* response,
                      absl::StatusOr<Page> (*query)(
                          const projections::ProjectionEngine&, const Query&));

  const eventstore::EventStore& store_;
  const projections::ProjectionEngine& engine_;
  AccessGate& gate_;
  HandlerPool& pool_;
};

}  // namespace keeper::services

#endif  // KEEPER_SERVICES_GRPC_AUDIT_SERVICE_H_
