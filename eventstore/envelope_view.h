// A stored envelope read in place: the fields the hash chain covers, as
// views into the stored bytes, without building a message. This is what
// `keeper verify` reads every event with: it allocates nothing, and it
// decodes exactly what parsing an EventEnvelope would, so an event that does
// not parse never verifies.
//
// Thread safety: stateless; the views share the lifetime of the bytes read.
#ifndef KEEPER_EVENTSTORE_ENVELOPE_VIEW_H_
#define KEEPER_EVENTSTORE_ENVELOPE_VIEW_H_

#include <cstdint>
#include <string_view>

#include "keeper/v1/eventstore.pb.h"

namespace keeper::eventstore {

// The fields of an EventEnvelope (FORMAT.md), with missing message fields
// read as their defaults: empty strings and zeros.
struct EnvelopeView {
  uint64_t position = 0;
  std::string_view stream_id;
  uint64_t stream_version = 0;
  std::string_view event_id;
  std::string_view event_type;
  std::string_view payload_type_url;
  std::string_view payload_value;
  int64_t recorded_seconds = 0;
  int32_t recorded_nanos = 0;
  std::string_view actor_subject;
  std::string_view actor_agency;
  std::string_view actor_role;
  std::string_view actor_on_behalf_of;
  std::string_view purpose;
  std::string_view correlation_id;
  std::string_view causation_id;
  std::string_view prev_hash;
  std::string_view hash;
};

// Decodes the serialized envelope `bytes` into `view`, with protobuf's wire
// format rules as parsing the message applies them: the last value of a
// field wins, repeated message fields merge, unknown fields are skipped and
// string fields must be UTF-8. False, with `view` unspecified, for bytes
// that would not parse.
bool ReadEnvelopeView(std::string_view bytes, EnvelopeView* view);

// The view of a parsed envelope; it points into `event`.
EnvelopeView ViewOf(const v1::EventEnvelope& event);

}  // namespace keeper::eventstore

#endif  // KEEPER_EVENTSTORE_ENVELOPE_VIEW_H_
