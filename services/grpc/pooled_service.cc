#include "services/grpc/pooled_service.h"

#include <cstdio>
#include <cstdlib>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/error_info.h"
#include "common/status_macros.h"
#include "grpcpp/impl/codegen/server_callback_handlers.h"
#include "grpcpp/support/byte_buffer.h"
#include "services/grpc/status_util.h"

namespace keeper::services {
std::string BodyOf(const grpc::ByteBuffer& buffer) {
  std::vector<grpc::Slice> slices;
  std::string out;
  if (!buffer.Dump(&slices).ok()) return out;
  for (const grpc::Slice& slice : slices) {
    out.append(reinterpret_cast<const char*>(slice.begin()), slice.size());
  }
  return out;
}

grpc::internal::MethodHandler* NewPooledHandler(HandlerPool& pool,
                                                RawUnaryHandler handler) {
  return new grpc::internal::CallbackUnaryHandler<grpc::ByteBuffer,
                                                  grpc::ByteBuffer>(
      [&pool, handler = std::move(handler)](
          grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
          grpc::ByteBuffer* response) {
        grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
        // The request, response and context stay valid until Finish.
        const bool queued =
            pool.Submit([&handler, reactor, context, request, response] {
              std::string reply;
              const absl::Status status =
                  handler(*context, BodyOf(*request), &reply);
              if (status.ok()) {
                grpc::Slice slice(std::move(reply));
                *response = grpc::ByteBuffer(&slice, 1);
              }
              reactor->Finish(ToGrpcStatus(status));
            });
        if (!queued) {
          // Nothing ran and nothing was recorded: safe to retry as it is.
          reactor->Finish(ToGrpcStatus(WithReason(
              absl::UnavailableError(
                  absl::StrCat("keeperd is overloaded: ", pool.max_waiting(),
                               " calls are already waiting for a handler")),
              kReasonServerOverloaded, {{kRetryDelayMsKey, "100"}})));
        }
        return reactor;
      });
}

std::string FullMethodName(const google::protobuf::MethodDescriptor& method) {
  return absl::StrCat("/", method.service()->full_name(), "/", method.name());
}

const google::protobuf::ServiceDescriptor& ServiceNamed(
    const std::string& full_name) {
  const google::protobuf::ServiceDescriptor* service =
      google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(
          full_name);
  if (service == nullptr) {
    std::fprintf(stderr, "no descriptor for service %s\n", full_name.c_str());
    std::abort();
  }
  return *service;
}

absl::Status ParseRequest(AccessGate& gate,
                          const grpc::ServerContextBase& context,
                          const std::string& method, const std::string& body,
                          google::protobuf::Message& request) {
  RETURN_IF_ERROR(gate.Screen(context, method, body.size()));
  if (request.ParseFromString(body)) {
    return gate.CheckLimits(context, method, request);
  }
  const std::string type = request.GetDescriptor()->full_name();
  return gate.RecordRefusal(
      context, method, {{}, absl::StrCat("undecodable ", type)},
      WithReason(InvalidField("", absl::StrCat("the request to ", method,
                                               " is not a valid ", type)),
                 kReasonMalformedRequest));
}

}  // namespace keeper::services
