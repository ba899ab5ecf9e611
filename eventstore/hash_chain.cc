#include "eventstore/hash_chain.h"

#include "eventstore/keys.h"
#include "eventstore/sha256.h"

namespace keeper::eventstore {
namespace {

void AppendField(std::string* out, const std::string& field) {
  AppendU32(out, static_cast<uint32_t>(field.size()));
  out->append(field);
}

}  // namespace

const std::string& GenesisHash() {
  static const std::string* genesis = new std::string(kHashSize, '\0');
  return *genesis;
}

void AppendCanonicalEncoding(const v1::EventEnvelope& event, std::string* out) {
  out->append(event.prev_hash());
  AppendU64(out, event.position());
  AppendField(out, event.stream_id());
  AppendU64(out, event.stream_version());
  AppendField(out, event.event_id());
  AppendField(out, event.event_type());
  AppendField(out, event.payload().type_url());
  AppendField(out, event.payload().value());
  AppendU64(out, static_cast<uint64_t>(event.recorded_time().seconds()));
  AppendU32(out, static_cast<uint32_t>(event.recorded_time().nanos()));
  AppendField(out, event.actor().subject());
  AppendField(out, event.actor().agency());
  AppendField(out, event.actor().role());
  AppendField(out, event.actor().on_behalf_of());
  AppendField(out, event.purpose());
  AppendField(out, event.correlation_id());
  AppendField(out, event.causation_id());
}

std::string ComputeEventHash(const v1::EventEnvelope& event) {
  std::string encoded;
  encoded.reserve(256 + event.payload().value().size());
  AppendCanonicalEncoding(event, &encoded);
  return Sha256(encoded);
}

}  // namespace keeper::eventstore
