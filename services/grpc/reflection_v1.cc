#include "services/grpc/reflection_v1.h"

#include <chrono>
#include <utility>

#include "absl/status/status.h"
#include "grpcpp/completion_queue.h"
#include "grpcpp/generic/generic_stub.h"
#include "services/grpc/status_util.h"

namespace keeper::services {
namespace {

using grpc::reflection::v1::ServerReflectionRequest;
using grpc::reflection::v1::ServerReflectionResponse;

constexpr char kV1alphaMethod[] =
    "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo";

// Starts one operation of a relayed call and waits for it on `cq`, the
// call's own queue, which holds nothing else.
template <typename Start>
bool Await(grpc::CompletionQueue& cq, Start start) {
  start();
  void* tag = nullptr;
  bool ok = false;
  return cq.Next(&tag, &ok) && ok;
}

// Asks v1alpha one question on a stream of its own: gRPC 1.51's v1alpha
// keeps one response for a whole stream, so its second answer on a stream
// would still hold the files of the first.
grpc::Status Ask(const std::shared_ptr<grpc::Channel>& channel,
                 std::chrono::system_clock::time_point deadline,
                 const ServerReflectionRequest& request,
                 ServerReflectionResponse* response) {
  grpc::ClientContext context;
  context.set_deadline(deadline);
  grpc::CompletionQueue cq;
  grpc::TemplatedGenericStub<ServerReflectionRequest, ServerReflectionResponse>
      stub(channel);
  auto call = stub.PrepareCall(&context, kV1alphaMethod, &cq);
  void* const tag = call.get();
  const bool answered = Await(cq, [&] { call->StartCall(tag); }) &&
                        Await(cq, [&] { call->Write(request, tag); }) &&
                        Await(cq, [&] { call->Read(response, tag); });
  if (answered) {
    Await(cq, [&] { call->WritesDone(tag); });
  } else {
    context.TryCancel();
  }
  grpc::Status status;
  Await(cq, [&] { call->Finish(&status, tag); });
  cq.Shutdown();
  void* ignored = nullptr;
  for (bool ok = false; cq.Next(&ignored, &ok);) {
  }
  if (!status.ok()) {
    return ToGrpcStatus(
        absl::Status(static_cast<absl::StatusCode>(status.error_code()),
                     status.error_message()));
  }
  if (!answered) {
    return ToGrpcStatus(absl::UnavailableError("reflection did not answer"));
  }
  return grpc::Status::OK;
}

}  // namespace

void ReflectionV1::Attach(std::shared_ptr<grpc::Channel> channel) {
  absl::MutexLock lock(&mu_);
  channel_ = std::move(channel);
}

grpc::Status ReflectionV1::ServerReflectionInfo(
    grpc::ServerContext* context,
    grpc::ServerReaderWriter<ServerReflectionResponse, ServerReflectionRequest>*
        stream) {
  std::shared_ptr<grpc::Channel> channel;
  {
    absl::MutexLock lock(&mu_);
    channel = channel_;
  }
  if (channel == nullptr) {
    return ToGrpcStatus(absl::UnavailableError("reflection is starting"));
  }
  ServerReflectionRequest request;
  while (stream->Read(&request)) {
    ServerReflectionResponse response;
    if (grpc::Status asked =
            Ask(channel, context->deadline(), request, &response);
        !asked.ok()) {
      return asked;
    }
    if (!stream->Write(response)) break;
  }
  return grpc::Status::OK;
}

}  // namespace keeper::services
