#include "services/grpc/case_service.h"

#include "absl/time/clock.h"
#include "services/grpc/status_util.h"

namespace keeper::services {

grpc::Status CaseService::Run(grpc::ServerContext* context,
                              const std::string& method,
                              const v1::Command& command,
                              v1::CommandResult* response) {
  absl::StatusOr<Caller> caller = gate_.Admit(*context, method, false);
  if (!caller.ok()) return ToGrpcStatus(caller.status());
  domain::CallContext call;
  call.actor = caller->ToActor();
  call.purpose = caller->purpose;
  call.now = absl::Now();
  absl::StatusOr<v1::CommandResult> result = commands_.Execute(command, call);
  if (!result.ok()) return ToGrpcStatus(result.status());
  *response = *std::move(result);
  return grpc::Status::OK;
}

}  // namespace keeper::services
