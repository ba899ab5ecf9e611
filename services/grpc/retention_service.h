// RetentionService: for the authority's data protection officer, legal
// holds (placed and lifted as events, domain/hold_commands.h) and the
// retention report (domain/retention.h over the retention projection),
// which is a read and is recorded like every read before it is sent.
// Callers act on their own authority's records only.
#ifndef KEEPER_SERVICES_GRPC_RETENTION_SERVICE_H_
#define KEEPER_SERVICES_GRPC_RETENTION_SERVICE_H_

#include <string>

#include "absl/status/statusor.h"
#include "domain/hold_commands.h"
#include "domain/policy/policy.h"
#include "eventstore/event_store.h"
#include "keeper/v1/retention_service.grpc.pb.h"
#include "projections/engine.h"
#include "services/access/access_gate.h"
#include "services/grpc/handler_pool.h"
#include "services/grpc/pooled_service.h"

namespace keeper::services {

class RetentionService final : public PooledService<v1::RetentionService> {
 public:
  // All must outlive the service.
  RetentionService(domain::HoldCommands& holds,
                   const eventstore::EventStore& store,
                   const projections::ProjectionEngine& engine,
                   const domain::PolicyRegistry& policies, AccessGate& gate,
                   HandlerPool& pool);

 private:
  absl::StatusOr<v1::CommandResult> HandlePlace(
      grpc::ServerContextBase& context, const v1::PlaceLegalHold& request);
  absl::StatusOr<v1::CommandResult> HandleLift(
      grpc::ServerContextBase& context, const v1::LiftLegalHold& request);
  absl::StatusOr<v1::RetentionReport> HandleReport(
      grpc::ServerContextBase& context,
      const v1::GetRetentionReportRequest& request);
  // Admits the caller of a hold command for `authority`'s records; a
  // refusal is recorded.
  absl::StatusOr<domain::CallContext> AdmitCommand(
      grpc::ServerContextBase& context, const std::string& method,
      const std::string& authority, const ReadSubject& subject);

  domain::HoldCommands& holds_;
  const eventstore::EventStore& store_;
  const projections::ProjectionEngine& engine_;
  const domain::PolicyRegistry& policies_;
};

}  // namespace keeper::services

#endif  // KEEPER_SERVICES_GRPC_RETENTION_SERVICE_H_
