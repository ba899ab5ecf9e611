// Calendar dates: v1.Date, "YYYY-MM-DD" text and absl::CivilDay.
//
// Thread safety: stateless functions.
#ifndef KEEPER_DOMAIN_POLICY_DATES_H_
#define KEEPER_DOMAIN_POLICY_DATES_H_

#include <optional>
#include <string>
#include <string_view>

#include "absl/time/civil_time.h"
#include "keeper/v1/types.pb.h"

namespace keeper::domain {

// True when no part of `date` is set.
bool IsUnset(const v1::Date& date);

// The day `date` names; nullopt when it is unset or not a real day
// (month 13, 30 February).
std::optional<absl::CivilDay> ToCivilDay(const v1::Date& date);

v1::Date ToDate(absl::CivilDay day);

// "2024-03-01" to a day; nullopt unless exactly that form and a real day.
std::optional<absl::CivilDay> ParseDay(std::string_view text);

// "2024-03-01".
std::string FormatDay(absl::CivilDay day);

}  // namespace keeper::domain

#endif  // KEEPER_DOMAIN_POLICY_DATES_H_
