#include "services/grpc/status_util.h"

#include <string>

namespace keeper::services {

grpc::Status ToGrpcStatus(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  const auto code = static_cast<grpc::StatusCode>(status.code());
  const std::string message(status.message());
  if (auto details = status.GetPayload(kRpcStatusPayload);
      details.has_value()) {
    return grpc::Status(code, message, std::string(*details));
  }
  return grpc::Status(code, message);
}

}  // namespace keeper::services
