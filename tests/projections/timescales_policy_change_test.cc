// A Perth & Kinross case that spans the change from the authority's own
// policy (perth-kinross-2018) to the national one (scotland-2023, from 1
// September 2023): each measure counts by the version in force when its
// clock started, and says which.
#include <map>

#include "domain/policy/dates.h"
#include "gmock/gmock.h"
#include "projections/timescales.h"
#include "tests/projections/story_fixture.h"

namespace keeper::projections {
namespace {

std::string Day(const v1::Date& date) {
  if (date.year() == 0) return "-";
  return domain::FormatDay(*domain::ToCivilDay(date));
}

class TimescalesPolicyChangeTest : public testing::ProjectionStoryTest {};

TEST_F(TimescalesPolicyChangeTest, EachMeasureKeepsTheVersionItStartedUnder) {
  SetDay(2023, 8, 14);
  OpenCase("pk1", "perth-and-kinross", domain::testing::BornChild("pk1-c"));
  QuorateConference("pk1", "pk1-icpc", v1::CONFERENCE_KIND_INITIAL,
                    v1::REGISTRATION_VIEW_REGISTER);
  Register("pk1", "pk1-icpc");
  SetDay(2023, 11, 13);
  QuorateConference("pk1", "pk1-rcc", v1::CONFERENCE_KIND_REVIEW,
                    v1::REGISTRATION_VIEW_REGISTER);

  auto got = GetCaseTimescales(Engine(), "pk1", At(2023, 11, 14));
  ASSERT_TRUE(got.ok()) << got.status();
  std::map<std::string, v1::Timescale> minutes;
  for (const v1::Timescale& t : got->timescales()) {
    if (t.kind() == v1::TIMESCALE_KIND_MINUTES) minutes[t.ref()] = t;
  }
  ASSERT_EQ(minutes.size(), 2u);
  // Monday 14 August 2023 plus 15 working days: Monday 4 September.
  EXPECT_EQ(minutes["pk1-icpc"].policy_version(), "perth-kinross-2018");
  EXPECT_EQ(minutes["pk1-icpc"].rule(), "minutes: 15 working days");
  EXPECT_EQ(Day(minutes["pk1-icpc"].due_by()), "2023-09-04");
  // Monday 13 November 2023 plus 10 working days: Monday 27 November.
  EXPECT_EQ(minutes["pk1-rcc"].policy_version(), "scotland-2023");
  EXPECT_EQ(minutes["pk1-rcc"].rule(), "minutes: 10 working days");
  EXPECT_EQ(Day(minutes["pk1-rcc"].due_by()), "2023-11-27");
}

}  // namespace
}  // namespace keeper::projections
