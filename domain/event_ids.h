// Deterministic event ids for the events of one command, from its
// idempotency key, so that a retry proposes exactly the same ids.
//
// Thread safety: stateless functions.
#ifndef KEEPER_DOMAIN_EVENT_IDS_H_
#define KEEPER_DOMAIN_EVENT_IDS_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "google/protobuf/message.h"
#include "keeper/v1/commands.pb.h"

namespace keeper::domain {

// The id of a command's `index`th event: the key itself (canonical form)
// for index 0; for later events, SHA-256(key ‖ ":" ‖ index) shaped as a
// version 8 UUID. `key` must be a UUID.
std::string DerivedEventId(std::string_view key, size_t index);

// "sha256:<hex>" of the command's deterministic serialization: recorded as
// each event's causation_id, so a retry can be told from a reused key.
std::string CommandDigest(const v1::Command& command);
// The same for any command message (e.g. one not carried in v1.Command).
std::string MessageDigest(const google::protobuf::Message& command);

}  // namespace keeper::domain

#endif  // KEEPER_DOMAIN_EVENT_IDS_H_
