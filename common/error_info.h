// The machine-readable reason of an error: a google.rpc.ErrorInfo in domain
// keeper.v1 carried as a payload of the absl::Status, which the gRPC layer
// sends among the status details. proto/README.md lists every reason.
//
// Thread safety: stateless functions.
#ifndef KEEPER_COMMON_ERROR_INFO_H_
#define KEEPER_COMMON_ERROR_INFO_H_

#include <map>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "google/rpc/error_details.pb.h"

namespace keeper {

// The status payload key of the ErrorInfo.
inline constexpr char kErrorInfoTypeUrl[] =
    "type.googleapis.com/google.rpc.ErrorInfo";
// ErrorInfo.domain of every error keeper returns.
inline constexpr char kErrorDomain[] = "keeper.v1";

// Stable reasons. Those derived from the status code alone are chosen in
// ReasonForCode; the others are set where the refusal is made.
inline constexpr char kReasonPurposeRequired[] = "PURPOSE_REQUIRED";
inline constexpr char kReasonRoleNotPermitted[] = "ROLE_NOT_PERMITTED";
inline constexpr char kReasonOutsideAuthority[] = "OUTSIDE_AUTHORITY";
inline constexpr char kReasonCertificateRequired[] = "CERTIFICATE_REQUIRED";
inline constexpr char kReasonInputTooLong[] = "INPUT_TOO_LONG";
inline constexpr char kReasonQuotaExceeded[] = "QUOTA_EXCEEDED";
inline constexpr char kReasonMalformedRequest[] = "MALFORMED_REQUEST";
// A feed's client took no event within the stall timeout (ErrorInfo
// metadata `resume_from_position`, also a keeper.v1.FeedResume detail).
inline constexpr char kReasonFeedStalled[] = "FEED_STALLED";
// Every handler thread is busy and the calls waiting for one are at their
// bound: the call was not run (UNAVAILABLE, with a retry delay).
inline constexpr char kReasonServerOverloaded[] = "SERVER_OVERLOADED";
// keeperd is stopping; a feed ended so says where to resume.
inline constexpr char kReasonShuttingDown[] = "SHUTTING_DOWN";

// ErrorInfo metadata key: how long to wait before retrying, in
// milliseconds. The gRPC layer also sends it as a google.rpc.RetryInfo.
inline constexpr char kRetryDelayMsKey[] = "retry_delay_ms";

// `status` with an ErrorInfo of `reason` and `metadata`, replacing any it
// had. OK stays OK.
absl::Status WithReason(
    absl::Status status, absl::string_view reason,
    const std::map<std::string, std::string>& metadata = {});

// The ErrorInfo `status` carries, if any.
std::optional<google::rpc::ErrorInfo> ErrorInfoOf(const absl::Status& status);

// The reason of an error that was given none where it was made, from its
// code (e.g. FAILED_PRECONDITION is RULE_BROKEN, ABORTED VERSION_CONFLICT).
std::string ReasonForCode(absl::StatusCode code);

}  // namespace keeper

#endif  // KEEPER_COMMON_ERROR_INFO_H_
