// The access policy's input limits applied to a request before anything is
// recorded of it, so that no caller can write unbounded input into the
// immutable log or have it echoed back.
//
// Thread safety: stateless functions.
#ifndef KEEPER_SERVICES_ACCESS_INPUT_LIMITS_H_
#define KEEPER_SERVICES_ACCESS_INPUT_LIMITS_H_

#include <cstddef>
#include <string_view>

#include "absl/status/status.h"
#include "google/protobuf/message.h"
#include "keeper/v1/access.pb.h"

namespace keeper::services {

// OK if every string of `request` (nested messages and repeated fields
// too) is within the limit of its kind: ids (a field named id, *_id, *_ids,
// or local_authority), names (*name*), ReportPart.text, any other text.
// Otherwise INVALID_ARGUMENT naming the first field over its limit, with
// ErrorInfo INPUT_TOO_LONG (metadata field, limit) and a BadRequest; the
// message quotes none of the input.
absl::Status CheckInputLimits(const v1::InputLimits& limits,
                              const google::protobuf::Message& request);

// The same for the call metadata a caller sends, and for an encoded
// request of `request_bytes`.
absl::Status CheckMetadataLimits(const v1::InputLimits& limits,
                                 std::string_view purpose,
                                 std::string_view on_behalf_of);
absl::Status CheckRequestSize(const v1::InputLimits& limits,
                              size_t request_bytes);

}  // namespace keeper::services

#endif  // KEEPER_SERVICES_ACCESS_INPUT_LIMITS_H_
