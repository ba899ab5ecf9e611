// Due-date arithmetic: calendar days, weeks, months, and working days that
// skip weekends and public holidays.
//
// Thread safety: a HolidayCalendar is immutable after construction and may
// be shared between threads.
// Failure: counting working days into a year the calendar does not cover is
// refused (FAILED_PRECONDITION) rather than silently miscounted.
#ifndef KEEPER_DOMAIN_POLICY_WORKING_DAYS_H_
#define KEEPER_DOMAIN_POLICY_WORKING_DAYS_H_

#include <set>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "keeper/v1/policy.pb.h"

namespace keeper::domain {

class HolidayCalendar {
 public:
  // `name` identifies the calendar in errors (e.g. "scotland-2023 for
  // fife"). Every holiday of the years [first_year, last_year] is in
  // `holidays`.
  HolidayCalendar(std::string name, int first_year, int last_year,
                  std::set<absl::CivilDay> holidays);

  bool Covers(int year) const {
    return year >= first_year_ && year <= last_year_;
  }
  bool IsHoliday(absl::CivilDay day) const { return holidays_.contains(day); }
  // Monday to Friday and not a holiday.
  bool IsWorkingDay(absl::CivilDay day) const;

  // The `count`th working day after `start` (`start` itself when count is
  // 0). FAILED_PRECONDITION when the count reaches an uncovered year.
  absl::StatusOr<absl::CivilDay> AddWorkingDays(absl::CivilDay start,
                                                int count) const;

  const std::string& name() const { return name_; }

 private:
  std::string name_;
  int first_year_;
  int last_year_;
  std::set<absl::CivilDay> holidays_;
};

// False for a period left out of a policy (no amount, no unit): the policy
// sets no such timescale.
inline bool IsSet(const v1::DuePeriod& period) {
  return period.amount() != 0 ||
         period.unit() != v1::DuePeriod::UNIT_UNSPECIFIED;
}

// `start` plus `period`. Months keep the day of the month, or take the
// month's last day when it has fewer days. INVALID_ARGUMENT for a period
// without a unit or with a negative amount.
absl::StatusOr<absl::CivilDay> AddPeriod(const HolidayCalendar& calendar,
                                         absl::CivilDay start,
                                         const v1::DuePeriod& period);

}  // namespace keeper::domain

#endif  // KEEPER_DOMAIN_POLICY_WORKING_DAYS_H_
