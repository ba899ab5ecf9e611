#include "eventstore/envelope_view.h"

#include <climits>

#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/wire_format_lite.h"

namespace keeper::eventstore {
namespace {

using google::protobuf::internal::WireFormatLite;
using google::protobuf::io::CodedInputStream;

constexpr uint32_t kVarint = WireFormatLite::WIRETYPE_VARINT;
constexpr uint32_t kBytes = WireFormatLite::WIRETYPE_LENGTH_DELIMITED;

constexpr uint32_t Tag(int field, uint32_t wire_type) {
  return static_cast<uint32_t>(field) << 3 | wire_type;
}

// The parser takes a tag of at most 5 bytes; CodedInputStream would read
// up to 10 and drop the high bits.
constexpr int kMaxTagBytes = 5;

// The next tag, 0 at the end of the message or limit; false for a tag
// that would not parse.
bool NextTag(CodedInputStream& in, uint32_t* tag) {
  const int before = in.CurrentPosition();
  *tag = in.ReadTag();
  if (*tag == 0) return in.ConsumedEntireMessage();
  return in.CurrentPosition() - before <= kMaxTagBytes &&
         WireFormatLite::GetTagFieldNumber(*tag) != 0;
}

// A length-delimited value, as a view into the buffer.
bool ReadBytes(CodedInputStream& in, std::string_view* out) {
  int size = 0;
  if (!in.ReadVarintSizeAsInt(&size)) return false;
  const void* data = nullptr;
  int available = 0;
  in.GetDirectBufferPointerInline(&data, &available);  // up to the limit
  if (size > available) return false;
  *out = std::string_view(static_cast<const char*>(data), size);
  return in.Skip(size);
}

// A proto3 string field: the parser refuses one that is not UTF-8.
bool ReadString(CodedInputStream& in, std::string_view* out,
                const char* field) {
  return ReadBytes(in, out) && WireFormatLite::VerifyUtf8String(
                                   out->data(), static_cast<int>(out->size()),
                                   WireFormatLite::PARSE, field);
}

bool ReadVarint(CodedInputStream& in, uint64_t* out) {
  return in.ReadVarint64(out);
}

// A field that `read` does not know (false from it) is skipped, as the
// parser keeps it as an unknown field; a tag with a known number but
// another wire type is one of those.
template <typename ReadField>
bool ReadFields(CodedInputStream& in, ReadField read) {
  uint32_t tag = 0;
  while (NextTag(in, &tag)) {
    if (tag == 0) return true;
    bool known = false;
    if (!read(tag, &known)) return false;
    if (!known && !WireFormatLite::SkipField(&in, tag)) return false;
  }
  return false;
}

// A length-delimited message field. Each occurrence is read into the same
// views, so repeated occurrences merge field by field, as parsing does.
template <typename ReadField>
bool ReadMessage(CodedInputStream& in, ReadField read) {
  int size = 0;
  if (!in.ReadVarintSizeAsInt(&size) || size > in.BytesUntilLimit() ||
      !in.IncrementRecursionDepth()) {
    return false;
  }
  const CodedInputStream::Limit limit = in.PushLimit(size);
  const bool read_all = ReadFields(in, read);
  in.PopLimit(limit);
  in.DecrementRecursionDepth();
  return read_all;
}

bool ReadAny(CodedInputStream& in, EnvelopeView* view) {
  return ReadMessage(in, [&](uint32_t tag, bool* known) {
    *known = true;
    switch (tag) {
      case Tag(1, kBytes):
        return ReadString(in, &view->payload_type_url,
                          "google.protobuf.Any.type_url");
      case Tag(2, kBytes):
        return ReadBytes(in, &view->payload_value);
    }
    *known = false;
    return true;
  });
}

bool ReadTimestamp(CodedInputStream& in, EnvelopeView* view) {
  return ReadMessage(in, [&](uint32_t tag, bool* known) {
    uint64_t value = 0;
    *known = true;
    switch (tag) {
      case Tag(1, kVarint):
        if (!ReadVarint(in, &value)) return false;
        view->recorded_seconds = static_cast<int64_t>(value);
        return true;
      case Tag(2, kVarint):
        if (!ReadVarint(in, &value)) return false;
        view->recorded_nanos = static_cast<int32_t>(value);
        return true;
    }
    *known = false;
    return true;
  });
}

bool ReadActor(CodedInputStream& in, EnvelopeView* view) {
  return ReadMessage(in, [&](uint32_t tag, bool* known) {
    *known = true;
    switch (tag) {
      case Tag(1, kBytes):
        return ReadString(in, &view->actor_subject, "keeper.v1.Actor.subject");
      case Tag(2, kBytes):
        return ReadString(in, &view->actor_agency, "keeper.v1.Actor.agency");
      case Tag(3, kBytes):
        return ReadString(in, &view->actor_role, "keeper.v1.Actor.role");
      case Tag(4, kBytes):
        return ReadString(in, &view->actor_on_behalf_of,
                          "keeper.v1.Actor.on_behalf_of");
    }
    *known = false;
    return true;
  });
}

}  // namespace

bool ReadEnvelopeView(std::string_view bytes, EnvelopeView* view) {
  *view = EnvelopeView();
  if (bytes.size() > INT_MAX) return false;
  CodedInputStream in(reinterpret_cast<const uint8_t*>(bytes.data()),
                      static_cast<int>(bytes.size()));
  return ReadFields(in, [&](uint32_t tag, bool* known) {
    *known = true;
    switch (tag) {
      case Tag(1, kVarint):
        return ReadVarint(in, &view->position);
      case Tag(2, kBytes):
        return ReadString(in, &view->stream_id,
                          "keeper.v1.EventEnvelope.stream_id");
      case Tag(3, kVarint):
        return ReadVarint(in, &view->stream_version);
      case Tag(4, kBytes):
        return ReadString(in, &view->event_id,
                          "keeper.v1.EventEnvelope.event_id");
      case Tag(5, kBytes):
        return ReadString(in, &view->event_type,
                          "keeper.v1.EventEnvelope.event_type");
      case Tag(6, kBytes):
        return ReadAny(in, view);
      case Tag(7, kBytes):
        return ReadTimestamp(in, view);
      case Tag(8, kBytes):
        return ReadActor(in, view);
      case Tag(9, kBytes):
        return ReadString(in, &view->purpose,
                          "keeper.v1.EventEnvelope.purpose");
      case Tag(10, kBytes):
        return ReadString(in, &view->correlation_id,
                          "keeper.v1.EventEnvelope.correlation_id");
      case Tag(11, kBytes):
        return ReadString(in, &view->causation_id,
                          "keeper.v1.EventEnvelope.causation_id");
      case Tag(12, kBytes):
        return ReadBytes(in, &view->prev_hash);
      case Tag(13, kBytes):
        return ReadBytes(in, &view->hash);
    }
    *known = false;
    return true;
  });
}

EnvelopeView ViewOf(const v1::EventEnvelope& event) {
  EnvelopeView view;
  view.position = event.position();
  view.stream_id = event.stream_id();
  view.stream_version = event.stream_version();
  view.event_id = event.event_id();
  view.event_type = event.event_type();
  view.payload_type_url = event.payload().type_url();
  view.payload_value = event.payload().value();
  view.recorded_seconds = event.recorded_time().seconds();
  view.recorded_nanos = event.recorded_time().nanos();
  view.actor_subject = event.actor().subject();
  view.actor_agency = event.actor().agency();
  view.actor_role = event.actor().role();
  view.actor_on_behalf_of = event.actor().on_behalf_of();
  view.purpose = event.purpose();
  view.correlation_id = event.correlation_id();
  view.causation_id = event.causation_id();
  view.prev_hash = event.prev_hash();
  view.hash = event.hash();
  return view;
}

}  // namespace keeper::eventstore
