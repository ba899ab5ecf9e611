// EventsService: the committed-event feed for integrating agencies.
#ifndef KEEPER_SERVICES_GRPC_EVENTS_SERVICE_H_
#define KEEPER_SERVICES_GRPC_EVENTS_SERVICE_H_

#include <atomic>

#include "absl/time/time.h"
#include "eventstore/event_store.h"
#include "keeper/v1/events_service.grpc.pb.h"
#include "projections/engine.h"
#include "services/access/access_gate.h"
#include "services/grpc/pooled_service.h"

namespace keeper::services {

struct FeedOptions {
  // How long a write may wait for a client that takes no events (flow
  // control holds it) before the feed ends with RESOURCE_EXHAUSTED, so that
  // a stalled client holds no more than one read batch and one message.
  absl::Duration stall_timeout = absl::Seconds(30);
};

// Each subscription runs on its own thread, blocking on the store's commit
// notifications (no polling) and writing one event at a time under gRPC's
// flow control. Before each run of events is written, an AccessGranted
// record naming their positions is committed. Unless the caller's role is
// national, only events of cases of the caller's authority are delivered
// (the authority comes from the register projection). The store, engine
// and gate must outlive the service.
//
// Delivery: events go out in position order, each once per subscription.
// A feed the server ends (shutting down: UNAVAILABLE; a stalled client:
// RESOURCE_EXHAUSTED) carries a keeper.v1.FeedResume detail; a client
// resumes with from_position set to the position after the last event it
// received, and so receives every event exactly once across reconnects
// and restarts. Memory per feed is bounded: one read batch and one
// message in flight.
class EventsService final
    : public v1::EventsService::WithRawCallbackMethod_Subscribe<
          v1::EventsService::Service> {
 public:
  EventsService(eventstore::EventStore& store,
                const projections::ProjectionEngine& engine, AccessGate& gate,
                FeedOptions options = {})
      : store_(store), engine_(engine), gate_(gate), options_(options) {}

  grpc::ServerWriteReactor<grpc::ByteBuffer>* Subscribe(
      grpc::CallbackServerContext* context,
      const grpc::ByteBuffer* request) override;

  const google::protobuf::ServiceDescriptor& descriptor() const {
    return ServiceNamed(v1::EventsService::service_full_name());
  }

  // Ends every feed, and refuses new ones, with UNAVAILABLE "server shutting
  // down", within a fraction of a second: a feed otherwise lasts until
  // the server's shutdown grace runs out and cancels it.
  void StopFeeds() { stopping_ = true; }

 private:
  eventstore::EventStore& store_;
  const projections::ProjectionEngine& engine_;
  AccessGate& gate_;
  const FeedOptions options_;
  std::atomic<bool> stopping_{false};
};

}  // namespace keeper::services

#endif  // KEEPER_SERVICES_GRPC_EVENTS_SERVICE_H_
