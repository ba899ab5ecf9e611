#include "eventstore/hash_chain.h"

#include "eventstore/envelope_view.h"
#include "eventstore/keys.h"
#include "eventstore/sha256.h"

namespace keeper::eventstore {
namespace {

// The encoding is written into a buffer sized once, with no append a
// field: it is built for every appended and every verified event.
char* PutField(char* out, std::string_view field) {
  out = PutU32(out, static_cast<uint32_t>(field.size()));
  field.copy(out, field.size());
  return out + field.size();
}

}  // namespace

const std::string& GenesisHash() {
  static const std::string* genesis = new std::string(kHashSize, '\0');
  return *genesis;
}

void AppendCanonicalEncoding(const EnvelopeView& event, std::string* out) {
  const std::string_view fields[] = {
      event.stream_id,        event.event_id,       event.event_type,
      event.payload_type_url, event.payload_value,  event.actor_subject,
      event.actor_agency,     event.actor_role,     event.actor_on_behalf_of,
      event.purpose,          event.correlation_id, event.causation_id};
  size_t size = event.prev_hash.size() + 3 * 8 + 4;
  for (std::string_view field : fields) size += 4 + field.size();
  const size_t start = out->size();
  out->resize(start + size);
  char* p = out->data() + start;
  event.prev_hash.copy(p, event.prev_hash.size());
  p += event.prev_hash.size();
  p = PutU64(p, event.position);
  p = PutField(p, event.stream_id);
  p = PutU64(p, event.stream_version);
  p = PutField(p, event.event_id);
  p = PutField(p, event.event_type);
  p = PutField(p, event.payload_type_url);
  p = PutField(p, event.payload_value);
  p = PutU64(p, static_cast<uint64_t>(event.recorded_seconds));
  p = PutU32(p, static_cast<uint32_t>(event.recorded_nanos));
  p = PutField(p, event.actor_subject);
  p = PutField(p, event.actor_agency);
  p = PutField(p, event.actor_role);
  p = PutField(p, event.actor_on_behalf_of);
  p = PutField(p, event.purpose);
  p = PutField(p, event.correlation_id);
  PutField(p, event.causation_id);
}

void AppendCanonicalEncoding(const v1::EventEnvelope& event, std::string* out) {
  AppendCanonicalEncoding(ViewOf(event), out);
}

std::string ComputeEventHash(const v1::EventEnvelope& event) {
  std::string encoded;
  encoded.reserve(256 + event.payload().value().size());
  AppendCanonicalEncoding(event, &encoded);
  return Sha256(encoded);
}

}  // namespace keeper::eventstore
