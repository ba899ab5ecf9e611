// RectificationService: for the authority's data protection officer,
// requests to rectify recorded content and their outcomes (UK GDPR
// Art. 16, 18, 19). The rules are the domain's (decide_rectification.cc,
// domain/rectification.h); this class adds who is to be told, every agency
// whose feed delivered the disputed content (from the access trail), and
// hands the command to the domain.
#ifndef KEEPER_SERVICES_GRPC_RECTIFICATION_SERVICE_H_
#define KEEPER_SERVICES_GRPC_RECTIFICATION_SERVICE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "domain/case_commands.h"
#include "eventstore/event_store.h"
#include "keeper/v1/rectification_service.grpc.pb.h"
#include "projections/engine.h"
#include "services/access/access_gate.h"
#include "services/grpc/handler_pool.h"
#include "services/grpc/pooled_service.h"

namespace keeper::services {

// Thread-safe; all must outlive the service.
class RectificationService final
    : public PooledService<v1::RectificationService> {
 public:
  RectificationService(domain::CaseCommands& commands,
                       const eventstore::EventStore& store,
                       const projections::ProjectionEngine& engine,
                       AccessGate& gate, HandlerPool& pool);

 private:
  absl::StatusOr<v1::CommandResult> HandleRequest(
      grpc::ServerContextBase& context,
      const v1::RequestRectification& request);
  absl::StatusOr<v1::CommandResult> HandleDecide(
      grpc::ServerContextBase& context, const v1::DecideRectification& request);
  // Admits the caller for `method`; a refusal is recorded.
  absl::StatusOr<Caller> Admit(grpc::ServerContextBase& context,
                               const std::string& method,
                               const google::protobuf::Message& body);
  absl::StatusOr<v1::CommandResult> Execute(const Caller& caller,
                                            const v1::Command& command);
  // The agencies whose feeds delivered the event at `position` of the case.
  absl::StatusOr<std::vector<v1::NoticeRecipient>> Recipients(
      const std::string& case_id, uint64_t position) const;

  domain::CaseCommands& commands_;
  const eventstore::EventStore& store_;
  const projections::ProjectionEngine& engine_;
};

}  // namespace keeper::services

#endif  // KEEPER_SERVICES_GRPC_RECTIFICATION_SERVICE_H_
