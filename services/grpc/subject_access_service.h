// SubjectAccessService: for the authority's data protection officer, the
// disclosure bundle answering a subject access request recorded on a case.
// What the bundle releases and withholds is the domain's rule
// (domain/subject_access.h); this class reads the streams, proves each
// released event against one signed checkpoint, records the release as a
// DisclosureRecorded event and only then answers, through AuditedRead.
#ifndef KEEPER_SERVICES_GRPC_SUBJECT_ACCESS_SERVICE_H_
#define KEEPER_SERVICES_GRPC_SUBJECT_ACCESS_SERVICE_H_

#include "absl/status/statusor.h"
#include "domain/case_commands.h"
#include "eventstore/checkpoint_publisher.h"
#include "eventstore/event_store.h"
#include "keeper/v1/privacy_service.grpc.pb.h"
#include "services/access/access_gate.h"
#include "services/grpc/handler_pool.h"
#include "services/grpc/pooled_service.h"

namespace keeper::services {

class SubjectAccessService final
    : public PooledService<v1::SubjectAccessService> {
 public:
  // All must outlive the service.
  SubjectAccessService(domain::CaseCommands& commands,
                       const eventstore::EventStore& store,
                       eventstore::CheckpointPublisher& publisher,
                       AccessGate& gate, HandlerPool& pool);

 private:
  absl::StatusOr<v1::DisclosureBundle> HandleProduceDisclosureBundle(
      grpc::ServerContextBase& context,
      const v1::ProduceDisclosureBundleRequest& request);
  // Every event of `stream_id`, in order.
  absl::Status ReadWhole(const std::string& stream_id,
                         std::vector<v1::EventEnvelope>& out) const;

  domain::CaseCommands& commands_;
  const eventstore::EventStore& store_;
  eventstore::CheckpointPublisher& publisher_;
};

}  // namespace keeper::services

#endif  // KEEPER_SERVICES_GRPC_SUBJECT_ACCESS_SERVICE_H_
