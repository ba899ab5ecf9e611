// The one dispatch path of every unary RPC: the request arrives as bytes,
// is parsed here, handled on the HandlerPool, and its absl::Status becomes
// the gRPC status, with its details, in this one place.
//
// Parsing here rather than in gRPC means an undecodable body is answered
// INVALID_ARGUMENT naming the method, and recorded as a refusal of the
// caller, instead of gRPC's bare UNIMPLEMENTED.
#ifndef KEEPER_SERVICES_GRPC_POOLED_SERVICE_H_
#define KEEPER_SERVICES_GRPC_POOLED_SERVICE_H_

#include <functional>
#include <string>

#include "absl/status/statusor.h"
#include "google/protobuf/descriptor.h"
#include "grpcpp/server_context.h"
#include "grpcpp/support/byte_buffer.h"
#include "grpcpp/support/server_callback.h"
#include "services/access/access_gate.h"
#include "services/grpc/handler_pool.h"

namespace keeper::services {

// Handles one call: `body` is the request's bytes; on OK `reply` holds the
// response's.
using RawUnaryHandler =
    std::function<absl::Status(grpc::ServerContextBase& context,
                               const std::string& body, std::string* reply)>;

// The bytes of a request.
std::string BodyOf(const grpc::ByteBuffer& buffer);

// The callback-API handler that runs `handler` on `pool`.
grpc::internal::MethodHandler* NewPooledHandler(HandlerPool& pool,
                                                RawUnaryHandler handler);

// The full name ("/keeper.v1.CaseService/GetCase") of `method`.
std::string FullMethodName(const google::protobuf::MethodDescriptor& method);

// The service `full_name` in the generated descriptor pool; aborts if
// there is none (a build error, not a runtime one).
const google::protobuf::ServiceDescriptor& ServiceNamed(
    const std::string& full_name);

// Screens the call (AccessGate::Screen: quota, size, metadata limits),
// parses `body` into `request` and checks its input limits. If it does not
// parse, records the refusal of `method` against the caller's certificate
// and returns it (INVALID_ARGUMENT with a google.rpc.BadRequest naming the
// method).
absl::Status ParseRequest(AccessGate& gate,
                          const grpc::ServerContextBase& context,
                          const std::string& method, const std::string& body,
                          google::protobuf::Message& request);

// A generated service (`Generated` as v1::AuditService) whose methods the
// subclass serves, each from its constructor with Serve or ServeRaw.
template <typename Generated>
class PooledService : public Generated::Service {
 public:
  const google::protobuf::ServiceDescriptor& descriptor() const {
    return descriptor_;
  }

 protected:
  PooledService(HandlerPool& pool, AccessGate& gate)
      : pool_(pool),
        gate_(gate),
        descriptor_(ServiceNamed(Generated::service_full_name())) {}

  // Serves method `name` by `handler`, a member of the subclass.
  template <typename Self, typename Request, typename Response>
  void Serve(const std::string& name,
             absl::StatusOr<Response> (Self::*handler)(
                 grpc::ServerContextBase& context, const Request& request)) {
    const google::protobuf::MethodDescriptor* method =
        descriptor_.FindMethodByName(name);
    if (method == nullptr || method->input_type() != Request::descriptor() ||
        method->output_type() != Response::descriptor()) {
      std::abort();  // the handler does not match the proto
    }
    Self* self = static_cast<Self*>(this);
    ServeRaw(*method, [this, self, handler, full = FullMethodName(*method)](
                          grpc::ServerContextBase& context,
                          const std::string& body, std::string* reply) {
      Request request;
      if (absl::Status parsed =
              ParseRequest(gate_, context, full, body, request);
          !parsed.ok()) {
        return parsed;
      }
      absl::StatusOr<Response> response = (self->*handler)(context, request);
      if (!response.ok()) return response.status();
      response->SerializeToString(reply);
      return absl::OkStatus();
    });
  }

  void ServeRaw(const google::protobuf::MethodDescriptor& method,
                RawUnaryHandler handler) {
    this->MarkMethodRawCallback(method.index(),
                                NewPooledHandler(pool_, std::move(handler)));
  }

  HandlerPool& pool_;
  AccessGate& gate_;

 private:
  const google::protobuf::ServiceDescriptor& descriptor_;
};

}  // namespace keeper::services

#endif  // KEEPER_SERVICES_GRPC_POOLED_SERVICE_H_
