// A responsible authority's acknowledgement of a notification of an
// enquiry, recorded as an event so that inspectors see which notifications
// were seen and how soon (the access trail lists them with each notice).
//
// Thread-safe: acknowledgements are checked and recorded one at a time, so
// an authority acknowledges a notification once. The store, engine and
// gate must outlive it.
#ifndef KEEPER_SERVICES_ACCESS_ACKNOWLEDGER_H_
#define KEEPER_SERVICES_ACCESS_ACKNOWLEDGER_H_

#include <cstdint>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "eventstore/event_store.h"
#include "keeper/v1/access.pb.h"
#include "projections/engine.h"
#include "services/access/access_gate.h"

namespace keeper::services {

class Acknowledger {
 public:
  Acknowledger(const eventstore::EventStore& store,
               const projections::ProjectionEngine& engine, AccessGate& gate)
      : store_(store), engine_(engine), gate_(gate) {}

  // Records that the caller's authority saw the notification at
  // `notice_position`. NOT_FOUND unless that event is an enquiry that
  // notified the caller's authority; ALREADY_EXISTS if the authority has
  // acknowledged it before; UNAVAILABLE if it could not be recorded.
  absl::StatusOr<v1::NotificationAcknowledgement> Acknowledge(
      const Caller& caller, uint64_t notice_position);

 private:
  const eventstore::EventStore& store_;
  const projections::ProjectionEngine& engine_;
  AccessGate& gate_;
  absl::Mutex mu_;
};

}  // namespace keeper::services

#endif  // KEEPER_SERVICES_ACCESS_ACKNOWLEDGER_H_
