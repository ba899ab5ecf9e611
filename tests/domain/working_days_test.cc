// Due-date arithmetic: weekends, national and local holidays, months, and
// the refusal to count into a year without holiday data.
#include "domain/policy/working_days.h"

#include "gtest/gtest.h"
#include "domain/policy/policy.h"
#include "domain/policy/rule_violation.h"
#include "tests/domain/domain_fixture.h"

namespace keeper::domain {
namespace {

using absl::CivilDay;

v1::DuePeriod Period(int amount, v1::DuePeriod::Unit unit) {
  v1::DuePeriod period;
  period.set_amount(amount);
  period.set_unit(unit);
  return period;
}

const Policy& Scotland() {
  return *testing::ShippedPolicies().Find("scotland-2023");
}

CivilDay WorkingDays(std::string_view authority, CivilDay from, int count) {
  absl::StatusOr<CivilDay> due = Scotland().Due(
      authority, from, Period(count, v1::DuePeriod::UNIT_WORKING_DAYS));
  EXPECT_TRUE(due.ok()) << due.status();
  return due.value_or(CivilDay());
}

TEST(WorkingDaysTest, SkipsTheWeekend) {
  EXPECT_EQ(WorkingDays("fife", CivilDay(2024, 3, 1), 1), CivilDay(2024, 3, 4));
  EXPECT_EQ(WorkingDays("fife", CivilDay(2024, 3, 2), 1), CivilDay(2024, 3, 4));
  EXPECT_EQ(WorkingDays("fife", CivilDay(2024, 3, 4), 5),
            CivilDay(2024, 3, 11));
}

TEST(WorkingDaysTest, ZeroIsTheStartDay) {
  EXPECT_EQ(WorkingDays("fife", CivilDay(2024, 3, 2), 0), CivilDay(2024, 3, 2));
}

TEST(WorkingDaysTest, SkipsNationalHolidays) {
  // Good Friday 2024 is a Scottish bank holiday; Easter Monday is not.
  EXPECT_EQ(WorkingDays("fife", CivilDay(2024, 3, 28), 1),
            CivilDay(2024, 4, 1));
  // Christmas, Boxing Day, 1 and 2 January fall inside ten working days.
  EXPECT_EQ(WorkingDays("fife", CivilDay(2024, 12, 16), 10),
            CivilDay(2025, 1, 3));
  // St Andrew's Day 2024 is a Saturday: the Monday after is the holiday.
  EXPECT_EQ(WorkingDays("fife", CivilDay(2024, 11, 29), 1),
            CivilDay(2024, 12, 3));
}

TEST(WorkingDaysTest, SkipsAnAuthoritysLocalHolidays) {
  // Glasgow keeps Easter Monday and Fair Monday; Fife does not.
  EXPECT_EQ(WorkingDays("glasgow-city", CivilDay(2024, 3, 28), 1),
            CivilDay(2024, 4, 2));
  EXPECT_EQ(WorkingDays("glasgow-city", CivilDay(2024, 7, 12), 1),
            CivilDay(2024, 7, 16));
  EXPECT_EQ(WorkingDays("fife", CivilDay(2024, 7, 12), 1),
            CivilDay(2024, 7, 15));
}

TEST(WorkingDaysTest, RefusesToCountIntoAYearWithoutHolidays) {
  absl::StatusOr<CivilDay> due =
      Scotland().Due("fife", CivilDay(2030, 12, 20),
                     Period(10, v1::DuePeriod::UNIT_WORKING_DAYS));
  EXPECT_EQ(due.status().code(), absl::StatusCode::kFailedPrecondition);
  ASSERT_TRUE(RuleViolationFromStatus(due.status()).has_value());
  EXPECT_EQ(RuleViolationFromStatus(due.status())->rule(),
            "policy.holidays_known");
  // Calendar days need no holidays.
  EXPECT_EQ(*Scotland().Due("fife", CivilDay(2030, 12, 20),
                            Period(28, v1::DuePeriod::UNIT_CALENDAR_DAYS)),
            CivilDay(2031, 1, 17));
}

TEST(WorkingDaysTest, MonthsKeepTheDayOrTakeTheMonthsLast) {
  const v1::DuePeriod six_months = Period(6, v1::DuePeriod::UNIT_MONTHS);
  EXPECT_EQ(*Scotland().Due("fife", CivilDay(2024, 3, 4), six_months),
            CivilDay(2024, 9, 4));
  EXPECT_EQ(*Scotland().Due("fife", CivilDay(2024, 8, 31), six_months),
            CivilDay(2025, 2, 28));
  EXPECT_EQ(*Scotland().Due("fife", CivilDay(2023, 8, 31), six_months),
            CivilDay(2024, 2, 29));
}

TEST(WorkingDaysTest, WeeksAndCalendarDaysIgnoreHolidays) {
  EXPECT_EQ(*Scotland().Due("fife", CivilDay(2024, 12, 20),
                            Period(1, v1::DuePeriod::UNIT_WEEKS)),
            CivilDay(2024, 12, 27));
  EXPECT_EQ(*Scotland().Due("fife", CivilDay(2024, 12, 20),
                            Period(6, v1::DuePeriod::UNIT_CALENDAR_DAYS)),
            CivilDay(2024, 12, 26));
}

TEST(WorkingDaysTest, RejectsMalformedPeriods) {
  HolidayCalendar calendar("test", 2024, 2024, {});
  EXPECT_EQ(AddPeriod(calendar, CivilDay(2024, 1, 1),
                      Period(-1, v1::DuePeriod::UNIT_CALENDAR_DAYS))
                .status()
                .code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(AddPeriod(calendar, CivilDay(2024, 1, 1),
                      Period(3, v1::DuePeriod::UNIT_UNSPECIFIED))
                .status()
                .code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(WorkingDaysTest, CalendarKnowsItsDays) {
  HolidayCalendar calendar("test", 2024, 2024, {CivilDay(2024, 5, 6)});
  EXPECT_TRUE(calendar.IsWorkingDay(CivilDay(2024, 5, 7)));
  EXPECT_FALSE(calendar.IsWorkingDay(CivilDay(2024, 5, 6)));   // holiday
  EXPECT_FALSE(calendar.IsWorkingDay(CivilDay(2024, 5, 11)));  // Saturday
  EXPECT_TRUE(calendar.Covers(2024));
  EXPECT_FALSE(calendar.Covers(2025));
}

}  // namespace
}  // namespace keeper::domain
