// Times as the authority's staff read them: in the time zone of the policy
// that covers the authority (Europe/London for the shipped ones), and the
// --from/--to of the trails, as dates or RFC 3339 times.
#ifndef KEEPER_TOOLS_LOCAL_TIME_H_
#define KEEPER_TOOLS_LOCAL_TIME_H_

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "domain/policy/policy.h"
#include "google/protobuf/timestamp.pb.h"
#include "keeper/v1/types.pb.h"

namespace keeper::tools {

// The zone of the policy covering `authority`; with no such policy (or no
// authority), the zone every policy shares, else UTC.
absl::TimeZone ZoneFor(const domain::PolicyRegistry& policies,
                       std::string_view authority);

// The zone of the policy with this version, else as ZoneFor(policies, "").
absl::TimeZone ZoneForVersion(const domain::PolicyRegistry& policies,
                              std::string_view version);

// A recorded time to the second, "2026-03-04 14:05:09"; "" when unset.
std::string RecordedText(const google::protobuf::Timestamp& time,
                         absl::TimeZone zone);
// A time given in a payload (a conference's start), "2026-03-04 14:00".
std::string MinuteText(const google::protobuf::Timestamp& time,
                       absl::TimeZone zone);
// "2026-03-04"; "" when unset.
std::string DateText(const v1::Date& date);

// A --from or --to: "YYYY-MM-DD" (the start of that day in `zone`; with
// `end_of_day`, the start of the next, so that --to includes the day), or
// an RFC 3339 time. INVALID_ARGUMENT otherwise.
absl::StatusOr<google::protobuf::Timestamp> ParseWhen(std::string_view text,
                                                      absl::TimeZone zone,
                                                      bool end_of_day);

// The value of --`flag`, a business day "YYYY-MM-DD"; INVALID_ARGUMENT
// naming the flag otherwise.
absl::StatusOr<v1::Date> DayFromFlag(const std::string& text, const char* flag);

}  // namespace keeper::tools

#endif  // KEEPER_TOOLS_LOCAL_TIME_H_
