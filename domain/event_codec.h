// Converts between v1.DomainEvent (a oneof over every domain event) and the
// event store's envelope, whose payload is the inner event message packed
// in an Any and whose event_type is that message's short name
// ("CaseOpened"). Projections use FromEnvelope to switch on an event.
//
// Thread safety: stateless functions.
#ifndef KEEPER_DOMAIN_EVENT_CODEC_H_
#define KEEPER_DOMAIN_EVENT_CODEC_H_

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "google/protobuf/message.h"
#include "keeper/v1/domain_event.pb.h"
#include "keeper/v1/eventstore.pb.h"

namespace keeper::domain {

// The message set in `event`'s oneof; nullptr when none is.
const google::protobuf::Message* EventPayload(const v1::DomainEvent& event);

// The event type recorded for `event`: the payload's short name.
std::string EventType(const v1::DomainEvent& event);

// True for the short name of any domain event message.
bool IsDomainEventType(std::string_view event_type);

// Sets envelope->payload and envelope->event_type from `event`.
// INVALID_ARGUMENT when no event is set.
absl::Status PackEvent(const v1::DomainEvent& event,
                       v1::EventEnvelope* envelope);

// The domain event an envelope carries. INVALID_ARGUMENT when the payload
// is not a domain event; DATA_LOSS when it does not parse or its type does
// not match event_type.
absl::StatusOr<v1::DomainEvent> UnpackEvent(const v1::EventEnvelope& envelope);

}  // namespace keeper::domain

#endif  // KEEPER_DOMAIN_EVENT_CODEC_H_
