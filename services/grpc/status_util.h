// absl::Status to grpc::Status, keeping the code and any rich details. Every
// non-OK grpc::Status keeper's services send is made by ToGrpcStatus, so
// that each carries its ErrorInfo (tools/check_status_details.py checks).
#ifndef KEEPER_SERVICES_GRPC_STATUS_UTIL_H_
#define KEEPER_SERVICES_GRPC_STATUS_UTIL_H_

#include <string>

#include "absl/status/status.h"
#include "google/protobuf/message.h"
#include "grpcpp/support/status.h"

namespace keeper::services {

// The status payload key under which a serialized google.rpc.Status with
// details (BadRequest, PreconditionFailure) travels inside an absl::Status.
inline constexpr char kRpcStatusPayload[] =
    "type.googleapis.com/google.rpc.Status";

// INVALID_ARGUMENT carrying a google.rpc.BadRequest that names `field`
// (empty: the request as a whole).
absl::Status InvalidField(const std::string& field,
                          const std::string& description);

// `status` with `detail` added to the google.rpc.Status details it
// carries (e.g. where a feed resumes). OK stays OK.
absl::Status AddDetail(absl::Status status,
                       const google::protobuf::Message& detail);

// Same code and message, with google.rpc.Status details: the BadRequest or
// PreconditionFailure `status` carries, and always a google.rpc.ErrorInfo
// in domain keeper.v1 naming a stable reason (RetryInfo too if it says
// when to retry), sent as the grpc-status-details-bin trailer.
grpc::Status ToGrpcStatus(const absl::Status& status);

}  // namespace keeper::services

#endif  // KEEPER_SERVICES_GRPC_STATUS_UTIL_H_
