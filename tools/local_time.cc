#include "tools/local_time.h"

#include <optional>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "domain/policy/dates.h"

namespace keeper::tools {
namespace {

absl::Time FromProto(const google::protobuf::Timestamp& time) {
  return absl::FromUnixSeconds(time.seconds()) +
         absl::Nanoseconds(time.nanos());
}

google::protobuf::Timestamp ToProto(absl::Time time) {
  google::protobuf::Timestamp out;
  const int64_t nanos = absl::ToUnixNanos(time);
  out.set_seconds(absl::ToUnixSeconds(time));
  out.set_nanos(static_cast<int32_t>(nanos - out.seconds() * 1000000000));
  return out;
}

absl::TimeZone Load(const std::string& name) {
  absl::TimeZone zone = absl::UTCTimeZone();
  absl::LoadTimeZone(name, &zone);
  return zone;
}

}  // namespace

absl::TimeZone ZoneFor(const domain::PolicyRegistry& policies,
                       std::string_view authority) {
  if (!authority.empty()) {
    absl::StatusOr<const domain::Policy*> policy =
        policies.ForAuthority(std::string(authority), absl::Now());
    if (policy.ok()) return Load((*policy)->proto().time_zone());
  }
  std::set<std::string> zones;
  for (const std::string& version : policies.versions()) {
    zones.insert(policies.Find(version)->proto().time_zone());
  }
  return zones.size() == 1 ? Load(*zones.begin()) : absl::UTCTimeZone();
}

absl::TimeZone ZoneForVersion(const domain::PolicyRegistry& policies,
                              std::string_view version) {
  if (const domain::Policy* policy = policies.Find(std::string(version))) {
    return Load(policy->proto().time_zone());
  }
  return ZoneFor(policies, "");
}

std::string RecordedText(const google::protobuf::Timestamp& time,
                         absl::TimeZone zone) {
  if (time.seconds() == 0 && time.nanos() == 0) return "";
  return absl::FormatTime("%Y-%m-%d %H:%M:%S", FromProto(time), zone);
}

std::string MinuteText(const google::protobuf::Timestamp& time,
                       absl::TimeZone zone) {
  if (time.seconds() == 0 && time.nanos() == 0) return "";
  return absl::FormatTime("%Y-%m-%d %H:%M", FromProto(time), zone);
}

std::string DateText(const v1::Date& date) {
  if (date.year() == 0) return "";
  return absl::StrFormat("%04d-%02d-%02d", date.year(), date.month(),
                         date.day());
}

absl::StatusOr<google::protobuf::Timestamp> ParseWhen(std::string_view text,
                                                      absl::TimeZone zone,
                                                      bool end_of_day) {
  absl::CivilDay day;
  if (text.size() == 10 && absl::ParseCivilTime(std::string(text), &day)) {
    return ToProto(absl::FromCivil(end_of_day ? day + 1 : day, zone));
  }
  absl::Time time;
  std::string error;
  if (absl::ParseTime(absl::RFC3339_full, std::string(text), &time, &error)) {
    return ToProto(time);
  }
  return absl::InvalidArgumentError(
      absl::StrCat("'", std::string(text),
                   "' is neither a date (YYYY-MM-DD) nor an RFC 3339 time "
                   "(2026-03-04T09:30:00Z)"));
}

absl::StatusOr<v1::Date> DayFromFlag(const std::string& text,
                                     const char* flag) {
  std::optional<absl::CivilDay> day = domain::ParseDay(text);
  if (!day.has_value()) {
    return absl::InvalidArgumentError(
        absl::StrCat("--", flag, " must be YYYY-MM-DD, not '", text, "'"));
  }
  return domain::ToDate(*day);
}

}  // namespace keeper::tools
