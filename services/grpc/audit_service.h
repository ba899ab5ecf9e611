// AuditService: the audit trails, for inspectors. Reads come from the
// projections; every query is recorded before its answer is sent.
#ifndef KEEPER_SERVICES_GRPC_AUDIT_SERVICE_H_
#define KEEPER_SERVICES_GRPC_AUDIT_SERVICE_H_

#include "absl/status/statusor.h"
#include "eventstore/event_store.h"
#include "grpcpp/server_context.h"
#include "keeper/v1/audit_service.grpc.pb.h"
#include "projections/engine.h"
#include "services/access/access_gate.h"
#include "services/grpc/handler_pool.h"
#include "services/grpc/pooled_service.h"

namespace keeper::services {

class AuditService final : public PooledService<v1::AuditService> {
 public:
  // All must outlive the service.
  AuditService(const eventstore::EventStore& store,
               const projections::ProjectionEngine& engine, AccessGate& gate,
               HandlerPool& pool);

 private:
  absl::StatusOr<v1::AccessTrailPage> HandleQueryAccessTrail(
      grpc::ServerContextBase& context, const v1::AccessTrailQuery& request);
  absl::StatusOr<v1::ChangeTrailPage> HandleQueryChangeTrail(
      grpc::ServerContextBase& context, const v1::ChangeTrailQuery& request);
  // Validates the query, reads from projections caught up to the head.
  template <typename Query, typename Page>
  absl::StatusOr<Page> Answer(
      grpc::ServerContextBase& context, const std::string& method,
      const Query& request,
      absl::StatusOr<Page> (*query)(const projections::ProjectionEngine&,
                                    const Query&));

  const eventstore::EventStore& store_;
  const projections::ProjectionEngine& engine_;
};

}  // namespace keeper::services

#endif  // KEEPER_SERVICES_GRPC_AUDIT_SERVICE_H_
