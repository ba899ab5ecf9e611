// grpc.reflection.v1.ServerReflection, answered by the server's own
// grpc.reflection.v1alpha service (the only one Debian's gRPC 1.51 has):
// each v1 request is relayed over the server's in-process channel. The two
// versions' messages are the same on the wire, so both answer from the same
// descriptors and list the same services.
//
// Thread safety: thread-safe. Failure: a stream that arrives before Attach,
// or whose relay breaks, ends UNAVAILABLE; reflection's own errors are
// answered in-band, as v1alpha answers them.
#ifndef KEEPER_SERVICES_GRPC_REFLECTION_V1_H_
#define KEEPER_SERVICES_GRPC_REFLECTION_V1_H_

#include <memory>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "grpc/reflection/v1/reflection.grpc.pb.h"
#include "grpcpp/channel.h"

namespace keeper::services {

class ReflectionV1 final
    : public grpc::reflection::v1::ServerReflection::Service {
 public:
  // `channel` reaches the v1alpha service: the server's in-process channel,
  // known only once the server has started.
  void Attach(std::shared_ptr<grpc::Channel> channel);

  grpc::Status ServerReflectionInfo(
      grpc::ServerContext* context,
      grpc::ServerReaderWriter<grpc::reflection::v1::ServerReflectionResponse,
                               grpc::reflection::v1::ServerReflectionRequest>*
          stream) override;

 private:
  absl::Mutex mu_;
  std::shared_ptr<grpc::Channel> channel_ ABSL_GUARDED_BY(mu_);
};

}  // namespace keeper::services

#endif  // KEEPER_SERVICES_GRPC_REFLECTION_V1_H_
