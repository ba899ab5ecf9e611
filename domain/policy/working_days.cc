#include "domain/policy/working_days.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "domain/policy/rule_violation.h"

namespace keeper::domain {

HolidayCalendar::HolidayCalendar(std::string name, int first_year,
                                 int last_year,
                                 std::set<absl::CivilDay> holidays)
    : name_(std::move(name)),
      first_year_(first_year),
      last_year_(last_year),
      holidays_(std::move(holidays)) {}

bool HolidayCalendar::IsWorkingDay(absl::CivilDay day) const {
  const absl::Weekday weekday = absl::GetWeekday(day);
  return weekday != absl::Weekday::saturday &&
         weekday != absl::Weekday::sunday && !IsHoliday(day);
}

absl::StatusOr<absl::CivilDay> HolidayCalendar::AddWorkingDays(
    absl::CivilDay start, int count) const {
  absl::CivilDay day = start;
  for (int counted = 0; counted < count;) {
    ++day;
    if (!Covers(static_cast<int>(day.year()))) {
      return Broken("policy.holidays_known", "public_holidays",
                    absl::StrCat("working days cannot be counted into ",
                                 day.year(), ": the public holidays of ", name_,
                                 " cover ", first_year_, " to ", last_year_));
    }
    if (IsWorkingDay(day)) ++counted;
  }
  return day;
}

absl::StatusOr<absl::CivilDay> AddPeriod(const HolidayCalendar& calendar,
                                         absl::CivilDay start,
                                         const v1::DuePeriod& period) {
  if (period.amount() < 0) {
    return Invalid("amount", "a due period cannot be negative");
  }
  switch (period.unit()) {
    case v1::DuePeriod::UNIT_CALENDAR_DAYS:
      return start + period.amount();
    case v1::DuePeriod::UNIT_WEEKS:
      return start + 7 * period.amount();
    case v1::DuePeriod::UNIT_WORKING_DAYS:
      return calendar.AddWorkingDays(start, period.amount());
    case v1::DuePeriod::UNIT_MONTHS: {
      const absl::CivilMonth month = absl::CivilMonth(start) + period.amount();
      const absl::CivilDay last_of_month = absl::CivilDay(month + 1) - 1;
      return absl::CivilDay(month.year(), month.month(),
                            std::min(start.day(), last_of_month.day()));
    }
    default:
      return Invalid("unit", "a due period needs a unit");
  }
}

}  // namespace keeper::domain
