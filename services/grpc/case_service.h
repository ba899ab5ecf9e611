// CaseService: one RPC per domain command, and the read of a case. Each
// command is parsed into its v1.Command, the caller admitted, and the
// command handed to the domain unchanged; the answer is what it recorded.
// The rules live in domain/. The read comes from the projections, so data
// flows one way: commands write the log, reads see what it fed them.
#ifndef KEEPER_SERVICES_GRPC_CASE_SERVICE_H_
#define KEEPER_SERVICES_GRPC_CASE_SERVICE_H_

#include <string>

#include "absl/status/statusor.h"
#include "domain/case_commands.h"
#include "eventstore/event_store.h"
#include "grpcpp/server_context.h"
#include "keeper/v1/case_service.grpc.pb.h"
#include "projections/engine.h"
#include "services/access/access_gate.h"
#include "services/grpc/handler_pool.h"
#include "services/grpc/pooled_service.h"

namespace keeper::services {

class CaseService final : public PooledService<v1::CaseService> {
 public:
  // All must outlive the service.
  CaseService(domain::CaseCommands& commands,
              const eventstore::EventStore& store,
              const projections::ProjectionEngine& engine, AccessGate& gate,
              HandlerPool& pool);

 private:
  // State and history of one case, recorded before it is sent.
  absl::StatusOr<v1::CaseView> HandleGetCase(grpc::ServerContextBase& context,
                                             const v1::GetCaseRequest& request);
  // Admits the caller (a refusal is recorded naming `subject`), then
  // executes the command.
  absl::StatusOr<v1::CommandResult> Run(grpc::ServerContextBase& context,
                                        const std::string& method,
                                        const ReadSubject& subject,
                                        const v1::Command& command);

  domain::CaseCommands& commands_;
  const eventstore::EventStore& store_;
  const projections::ProjectionEngine& engine_;
};

}  // namespace keeper::services

#endif  // KEEPER_SERVICES_GRPC_CASE_SERVICE_H_
