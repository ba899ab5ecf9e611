// The timescales projection with reasons and approved variations, in an
// English authority whose policy (england-2023) counts working days: Easter
// 2026 (Good Friday 3 April, Easter Monday 6 April) is skipped.
#include "absl/strings/str_cat.h"
#include "domain/policy/dates.h"
#include "gmock/gmock.h"
#include "projections/timescales.h"
#include "tests/projections/story_fixture.h"

namespace keeper::projections {
namespace {

using domain::testing::Chair;
using domain::testing::MakeDate;

std::string Day(const v1::Date& date) {
  if (date.year() == 0) return "-";
  return domain::FormatDay(*domain::ToCivilDay(date));
}

class TimescalesReasonsTest : public testing::ProjectionStoryTest {
 protected:
  // Concern on Monday 23 March 2026: 15 working days, skipping Easter, is
  // Wednesday 15 April (13 April if holidays were not skipped).
  void Requested(const std::string& id) {
    SetDay(2026, 3, 23);
    OpenCase(id, "kent", domain::testing::BornChild(id + "-child"));
    Request(id, id + "-req", v1::CONFERENCE_KIND_INITIAL);
    Schedule(id, id + "-icpc", v1::CONFERENCE_KIND_INITIAL, id + "-req");
    Invite(id, id + "-icpc", {"sw", "hv", "police"});
    Attend(id, id + "-icpc", {"sw", "hv", "police"});
  }

  void Explain(const std::string& id, const std::string& reason_id,
               const v1::Date& varied = {}) {
    v1::RecordTimescaleReason reason;
    reason.set_case_id(id);
    reason.set_reason_id(reason_id);
    reason.set_kind(v1::TIMESCALE_KIND_INITIAL_CONFERENCE);
    reason.set_ref(id + "-req");
    *reason.mutable_given_by() = domain::testing::SocialWorkerPerson();
    reason.set_reason("The police report was delayed");
    if (varied.year() != 0) {
      reason.set_approved_variation(true);
      *reason.mutable_varied_due_by() = varied;
    }
    Ok(reason);
  }

  v1::Timescale Initial(const std::string& id, absl::Time now) {
    auto got = GetCaseTimescales(Engine(), id, now);
    EXPECT_TRUE(got.ok()) << got.status();
    for (const v1::Timescale& t : got->timescales()) {
      if (t.kind() == v1::TIMESCALE_KIND_INITIAL_CONFERENCE) return t;
    }
    ADD_FAILURE() << "no initial conference timescale";
    return {};
  }
};

TEST_F(TimescalesReasonsTest, WorkingDaysSkipWeekendsAndEaster) {
  Requested("c1");
  const v1::Timescale t = Initial("c1", At(2026, 4, 15));
  EXPECT_EQ(Day(t.due_by()), "2026-04-15");
  EXPECT_EQ(t.status(), v1::TIMESCALE_STATUS_DUE);
  EXPECT_EQ(t.policy_version(), "england-2023");
  EXPECT_EQ(t.rule(), "initial_conference: 15 working days");
  EXPECT_EQ(t.started_by().event_type(), "ConferenceRequested");
  EXPECT_GT(t.started_by().position(), 0u);
  EXPECT_FALSE(t.has_stopped_by());
  EXPECT_EQ(Initial("c1", At(2026, 4, 16)).status(),
            v1::TIMESCALE_STATUS_OVERDUE);
}

TEST_F(TimescalesReasonsTest, AReasonStaysBesideALateMeasure) {
  Requested("c1");
  Explain("c1", "r1");
  SetDay(2026, 4, 17);
  OpenMeeting("c1", "c1-icpc");
  const v1::Timescale t = Initial("c1", At(2026, 4, 20));
  EXPECT_EQ(t.status(), v1::TIMESCALE_STATUS_MISSED);  // still late
  EXPECT_EQ(Day(t.done_on()), "2026-04-17");
  EXPECT_EQ(t.stopped_by().event_type(), "ConferenceOpened");
  EXPECT_GT(t.stopped_by().position(), t.started_by().position());
  ASSERT_EQ(t.reasons_size(), 1);
  EXPECT_EQ(t.reasons(0).reason(), "The police report was delayed");
  EXPECT_EQ(t.reasons(0).recorded_by().event_type(), "TimescaleReasonRecorded");
  EXPECT_FALSE(t.has_policy_due_by());
}

TEST_F(TimescalesReasonsTest, AnApprovedVariationMovesTheDueDateUsed) {
  Requested("c1");
  Explain("c1", "v1", MakeDate(2026, 4, 20));
  SetDay(2026, 4, 17);
  OpenMeeting("c1", "c1-icpc");
  const v1::Timescale t = Initial("c1", At(2026, 4, 20));
  EXPECT_EQ(t.status(), v1::TIMESCALE_STATUS_MET);
  EXPECT_EQ(Day(t.due_by()), "2026-04-20");
  EXPECT_EQ(Day(t.policy_due_by()), "2026-04-15");
  // The summary counts it by the varied day, in time.
  auto summary = SummariseTimescales(
      Engine(), "kent",
      {absl::CivilDay(2026, 4, 1), absl::CivilDay(2026, 4, 30)},
      At(2026, 4, 20));
  ASSERT_TRUE(summary.ok()) << summary.status();
  ASSERT_EQ(summary->tallies_size(), 1);
  EXPECT_EQ(summary->tallies(0).met(), 1);
  EXPECT_EQ(summary->tallies(0).share_met(), 1.0);
}

}  // namespace
}  // namespace keeper::projections
