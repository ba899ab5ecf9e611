// EventsService: the committed-event feed for integrating agencies.
#ifndef KEEPER_SERVICES_GRPC_EVENTS_SERVICE_H_
#define KEEPER_SERVICES_GRPC_EVENTS_SERVICE_H_

#include "eventstore/event_store.h"
#include "keeper/v1/events_service.grpc.pb.h"
#include "services/grpc/access_gate.h"

namespace keeper::services {

// Each subscription runs on its own thread, blocking on the store's commit
// notifications (no polling) and writing one event at a time under gRPC's
// flow control. Before each run of events is written, an AccessGranted
// record naming their positions is committed. The store and gate must
// outlive the service.
class EventsService final : public v1::EventsService::CallbackService {
 public:
  EventsService(eventstore::EventStore& store, AccessGate& gate)
      : store_(store), gate_(gate) {}

  grpc::ServerWriteReactor<v1::EventEnvelope>* Subscribe(
      grpc::CallbackServerContext* context,
      const v1::SubscribeRequest* request) override;

 private:
  eventstore::EventStore& store_;
  AccessGate& gate_;
};

}  // namespace keeper::services

#endif  // KEEPER_SERVICES_GRPC_EVENTS_SERVICE_H_
