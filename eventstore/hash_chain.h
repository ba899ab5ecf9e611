// The hash chain: each event's hash covers the previous event's hash, its
// position and every other field of its envelope. FORMAT.md gives the
// canonical encoding byte by byte.
#ifndef KEEPER_EVENTSTORE_HASH_CHAIN_H_
#define KEEPER_EVENTSTORE_HASH_CHAIN_H_

#include <string>

#include "eventstore/envelope_view.h"
#include "keeper/v1/eventstore.pb.h"

namespace keeper::eventstore {

// The hash that precedes the first event: 32 zero bytes.
const std::string& GenesisHash();

// Appends the canonical encoding of `event` to `out`: everything but its
// own `hash` field, starting with prev_hash and position.
void AppendCanonicalEncoding(const v1::EventEnvelope& event, std::string* out);
// The same from a view of the stored bytes, which the verifier reads.
void AppendCanonicalEncoding(const EnvelopeView& event, std::string* out);

// SHA-256 of the canonical encoding.
std::string ComputeEventHash(const v1::EventEnvelope& event);

}  // namespace keeper::eventstore

#endif  // KEEPER_EVENTSTORE_HASH_CHAIN_H_
