// UUIDs for event ids, in the canonical 8-4-4-4-12 lower-case hex form.
#ifndef KEEPER_EVENTSTORE_UUID_H_
#define KEEPER_EVENTSTORE_UUID_H_

#include <string>
#include <string_view>

namespace keeper::eventstore {

// True for 36 characters of hex digits with hyphens at 8, 13, 18 and 23.
bool IsUuid(std::string_view text);

// The canonical (lower-case) form; `text` must satisfy IsUuid.
std::string CanonicalUuid(std::string_view text);

// A random (version 4) UUID from OpenSSL's CSPRNG.
std::string NewUuid();

}  // namespace keeper::eventstore

#endif  // KEEPER_EVENTSTORE_UUID_H_
