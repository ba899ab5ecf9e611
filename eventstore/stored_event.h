// Decoding the stored value of one event, as every read and `keeper verify`
// do. Stateless and thread-safe.
#ifndef KEEPER_EVENTSTORE_STORED_EVENT_H_
#define KEEPER_EVENTSTORE_STORED_EVENT_H_

#include <cstdint>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "eventstore/envelope_view.h"
#include "keeper/v1/eventstore.pb.h"

namespace keeper::eventstore {

// Parses the stored value of the event at `position`: DATA_LOSS naming the
// position if it is not an envelope, or the envelope names another
// position. ParseStoredEventInto fills `event`, whose allocations a scan
// reuses.
absl::Status ParseStoredEventInto(uint64_t position, std::string_view value,
                                  v1::EventEnvelope* event);
absl::StatusOr<v1::EventEnvelope> ParseStoredEvent(uint64_t position,
                                                   std::string_view value);
// The same check without building the message: `view` points into `value`.
// It fails exactly where ParseStoredEventInto does, with the same status.
absl::Status ReadStoredEventView(uint64_t position, std::string_view value,
                                 EnvelopeView* view);

}  // namespace keeper::eventstore

#endif  // KEEPER_EVENTSTORE_STORED_EVENT_H_
