#include "services/grpc/reflection_v1.h"

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

// Starts one operation of the relayed call and waits for it on `cq`, the
// call's own queue, which holds nothing else.
template <typename Start>
bool Await(grpc::CompletionQueue& cq, Start start) {
  start();
  void* tag = nullptr;
  bool ok = false;
  return cq.Next(&tag, &ok) && ok;
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
  grpc::ClientContext relay;
  relay.set_deadline(context->deadline());
  grpc::CompletionQueue cq;
  grpc::TemplatedGenericStub<ServerReflectionRequest, ServerReflectionResponse>
      stub(channel);
  auto call = stub.PrepareCall(&relay, kV1alphaMethod, &cq);
  void* const tag = call.get();
  bool ok = Await(cq, [&] { call->StartCall(tag); });
  ServerReflectionRequest request;
  ServerReflectionResponse response;
  // v1alpha answers each request with one response, in order.
  while (ok && stream->Read(&request)) {
    ok = Await(cq, [&] { call->Write(request, tag); }) &&
         Await(cq, [&] { call->Read(&response, tag); }) &&
         stream->Write(response);
  }
  if (ok) {
    Await(cq, [&] { call->WritesDone(tag); });
  } else {
    relay.TryCancel();  // else v1alpha waits for requests that never come
  }
  grpc::Status relayed;
  Await(cq, [&] { call->Finish(&relayed, tag); });
  cq.Shutdown();
  for (void* ignored; cq.Next(&ignored, &ok);) {
  }
  if (relayed.ok()) return grpc::Status::OK;
  return ToGrpcStatus(
      absl::Status(static_cast<absl::StatusCode>(relayed.error_code()),
                   relayed.error_message()));
}

}  // namespace keeper::services
