// The timescales projection against hand-checked histories: Scotland's
// national guidance (scotland-2023) in Fife, and Perth & Kinross's own
// policy (perth-kinross-2018) before the national one took effect.
#include "projections/timescales.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "domain/policy/dates.h"
#include "gmock/gmock.h"
#include "tests/projections/story_fixture.h"

namespace keeper::projections {
namespace {

using domain::testing::Chair;
using domain::testing::MakeDate;
using domain::testing::MinuteTaker;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

std::string Day(const v1::Date& date) {
  if (date.year() == 0) return "-";
  return domain::FormatDay(*domain::ToCivilDay(date));
}

// "KIND ref starts..due done DAY STATUS", with the enums' short names.
std::string Describe(const v1::Timescale& t) {
  std::string kind = v1::TimescaleKind_Name(t.kind()).substr(15);
  std::string status = v1::TimescaleStatus_Name(t.status()).substr(17);
  return absl::StrCat(kind, " ", t.ref(), " ", Day(t.starts_on()), "..",
                      Day(t.due_by()), " done ", Day(t.done_on()), " ", status);
}

// "KIND met/missed/overdue/due/cancelled/lapsed share".
std::string Describe(const v1::TimescaleTally& t) {
  return absl::StrCat(v1::TimescaleKind_Name(t.kind()).substr(15), " ", t.met(),
                      "/", t.missed(), "/", t.overdue(), "/", t.due(), "/",
                      t.cancelled(), "/", t.lapsed(), " ", t.share_met());
}

class TimescalesTest : public testing::ProjectionStoryTest {
 protected:
  std::vector<std::string> CaseAt(const std::string& case_id, absl::Time now) {
    auto got = GetCaseTimescales(Engine(), case_id, now);
    EXPECT_TRUE(got.ok()) << got.status();
    std::vector<std::string> out;
    if (!got.ok()) return out;
    for (const v1::Timescale& t : got->timescales()) out.push_back(Describe(t));
    return out;
  }

  std::vector<std::string> Summary(const std::string& authority,
                                   const std::string& period, absl::Time now) {
    auto parsed = ParsePeriod(period);
    EXPECT_TRUE(parsed.ok()) << parsed.status();
    auto got = SummariseTimescales(Engine(), authority, *parsed, now);
    EXPECT_TRUE(got.ok()) << got.status();
    std::vector<std::string> out;
    if (!got.ok()) return out;
    for (const v1::TimescaleTally& t : got->tallies()) {
      out.push_back(Describe(t));
    }
    return out;
  }

  // From request to registration, with the mother invited so that she may
  // ask for a review of the decision.
  void InitialConference(const std::string& id, const std::string& authority,
                         int y, int m, int d) {
    OpenCase(id, authority, domain::testing::BornChild(id + "-child"));
    Request(id, id + "-req", v1::CONFERENCE_KIND_INITIAL);
    Schedule(id, id + "-icpc", v1::CONFERENCE_KIND_INITIAL, id + "-req");
    Invite(id, id + "-icpc", {"sw", "hv", "police", "mum"});
    Attend(id, id + "-icpc", {"sw", "hv", "police", "mum"});
    SetDay(y, m, d);
    OpenMeeting(id, id + "-icpc");
    for (const char* who : {"sw", "hv", "police"}) {
      View(id, id + "-icpc", who, v1::REGISTRATION_VIEW_REGISTER);
    }
    DecideAs(Chair(), id, id + "-icpc", {v1::OUTCOME_REGISTER});
    Register(id, id + "-icpc");
  }

  void CoreGroupMeeting(const std::string& case_id, const std::string& id) {
    v1::RecordCoreGroupMeeting meeting;
    meeting.set_case_id(case_id);
    meeting.set_meeting_id(id);
    meeting.add_attendee_participant_ids("sw");
    meeting.add_attendee_participant_ids("mum");
    Ok(meeting);
  }

  void NameCoreGroup(const std::string& case_id) {
    v1::NameCoreGroup named;
    named.set_case_id(case_id);
    *named.add_members() = domain::testing::Person("sw");
    *named.add_members() = domain::testing::Person("mum");
    Ok(named);
  }
};

TEST_F(TimescalesTest, AnInitialConferenceIsDueTwentyEightDaysFromTheConcern) {
  OpenCase("c1", "fife", domain::testing::BornChild("chi-1"));
  Request("c1", "c1-req", v1::CONFERENCE_KIND_INITIAL);  // concern 4 March
  EXPECT_THAT(CaseAt("c1", At(2024, 4, 1)),
              ElementsAre("INITIAL_CONFERENCE c1-req 2024-03-04..2024-04-01 "
                          "done - DUE"));
  EXPECT_THAT(CaseAt("c1", At(2024, 4, 2)),
              ElementsAre("INITIAL_CONFERENCE c1-req 2024-03-04..2024-04-01 "
                          "done - OVERDUE"));
  // Overdue follows the query's now, not the clock: the state is unchanged.
  EXPECT_THAT(Summary("fife", "2024-04", At(2024, 4, 2)),
              ElementsAre("INITIAL_CONFERENCE 0/0/1/0/0/0 0"));
  EXPECT_THAT(Summary("fife", "2024-04", At(2024, 3, 20)),
              ElementsAre("INITIAL_CONFERENCE 0/0/0/1/0/0 0"));
}

TEST_F(TimescalesTest, AFifeCaseFromConcernToDeathOnTheRegister) {
  InitialConference("c1", "fife", 2024, 3, 25);  // concern 4 March
  // 10 working days of minutes skip Good Friday (29 March; Easter Monday is
  // no Scottish bank holiday); 15 for the first Core Group likewise.
  EXPECT_THAT(
      CaseAt("c1", At(2024, 3, 26)),
      ElementsAre(
          "INITIAL_CONFERENCE c1-req 2024-03-04..2024-04-01 done 2024-03-25 "
          "MET",
          "DECISION_REVIEW_WINDOW c1-icpc 2024-03-25..2024-04-08 done - DUE",
          "MINUTES c1-icpc 2024-03-25..2024-04-09 done - DUE",
          "FIRST_CORE_GROUP c1-icpc 2024-03-25..2024-04-16 done - DUE",
          "REVIEW_CONFERENCE c1-icpc 2024-03-25..2024-09-25 done - DUE"));

  SetDay(2024, 4, 5);
  v1::RequestDecisionReview review;
  review.set_case_id("c1");
  review.set_request_id("r1");
  review.set_conference_id("c1-icpc");
  review.set_participant_id("mum");
  review.set_grounds("The reports were shared late");
  Ok(review);
  SetDay(2024, 4, 10);
  v1::IssueMinutes minutes;
  minutes.set_case_id("c1");
  minutes.set_conference_id("c1-icpc");
  minutes.set_document_ref("minutes/c1-icpc/1");
  Ok(minutes, MinuteTaker());
  SetDay(2024, 4, 12);
  NameCoreGroup("c1");
  SetDay(2024, 4, 15);
  CoreGroupMeeting("c1", "cg1");

  EXPECT_THAT(
      CaseAt("c1", At(2024, 5, 20)),
      ElementsAre(
          "INITIAL_CONFERENCE c1-req 2024-03-04..2024-04-01 done 2024-03-25 "
          "MET",
          "DECISION_REVIEW_WINDOW c1-icpc 2024-03-25..2024-04-08 done "
          "2024-04-05 MET",
          "MINUTES c1-icpc 2024-03-25..2024-04-09 done 2024-04-10 MISSED",
          "FIRST_CORE_GROUP c1-icpc 2024-03-25..2024-04-16 done 2024-04-15 "
          "MET",
          "CORE_GROUP cg1 2024-04-15..2024-05-13 done - OVERDUE",
          "REVIEW_CONFERENCE c1-icpc 2024-03-25..2024-09-25 done - DUE"));
  // Q2 holds everything due from 1 April to 30 June, by kind.
  EXPECT_THAT(
      Summary("fife", "2024-Q2", At(2024, 5, 20)),
      ElementsAre("INITIAL_CONFERENCE 1/0/0/0/0/0 1", "MINUTES 0/1/0/0/0/0 0",
                  "FIRST_CORE_GROUP 1/0/0/0/0/0 1", "CORE_GROUP 0/0/1/0/0/0 0",
                  "DECISION_REVIEW_WINDOW 1/0/0/0/0/0 1"));
  EXPECT_THAT(Summary("fife", "2024-03", At(2024, 5, 20)), IsEmpty());
  EXPECT_THAT(Summary("glasgow-city", "2024-Q2", At(2024, 5, 20)), IsEmpty());

  // The child dies: the overdue Core Group stays missed; the review, not
  // yet due, is no longer needed.
  SetDay(2024, 6, 3);
  v1::DeregisterChild died;
  died.set_case_id("c1");
  died.set_reason(v1::DEREGISTRATION_REASON_DIED);
  *died.mutable_date_of_death() = MakeDate(2024, 6, 1);
  Ok(died);
  EXPECT_THAT(
      CaseAt("c1", At(2024, 10, 1)),
      ElementsAre(::testing::_, ::testing::_, ::testing::_, ::testing::_,
                  "CORE_GROUP cg1 2024-04-15..2024-05-13 done - MISSED",
                  "REVIEW_CONFERENCE c1-icpc 2024-03-25..2024-09-25 "
                  "done - CANCELLED"));
  EXPECT_THAT(Summary("fife", "2024-Q3", At(2024, 10, 1)),
              ElementsAre("REVIEW_CONFERENCE 0/0/0/0/1/0 0"));
  EXPECT_THAT(
      Summary("fife", "2024", At(2024, 10, 1)),
      ElementsAre("INITIAL_CONFERENCE 1/0/0/0/0/0 1", "MINUTES 0/1/0/0/0/0 0",
                  "FIRST_CORE_GROUP 1/0/0/0/0/0 1", "CORE_GROUP 0/1/0/0/0/0 0",
                  "REVIEW_CONFERENCE 0/0/0/0/1/0 0",
                  "DECISION_REVIEW_WINDOW 1/0/0/0/0/0 1"));
}

TEST_F(TimescalesTest, APreBirthConferenceIsDueByTwentyEightWeeksGestation) {
  // Delivery expected 10 June: 28 weeks' gestation is 12 weeks earlier,
  // 18 March, before the 28 days from the concern (1 April).
  OpenCase("c2", "fife",
           domain::testing::UnbornBaby("chi-2", MakeDate(2024, 6, 10)));
  Request("c2", "c2-req", v1::CONFERENCE_KIND_PRE_BIRTH);
  EXPECT_THAT(CaseAt("c2", At(2024, 3, 18)),
              ElementsAre("PRE_BIRTH_CONFERENCE c2-req 2024-03-04..2024-03-18 "
                          "done - DUE"));
  EXPECT_THAT(CaseAt("c2", At(2024, 3, 19)),
              ElementsAre("PRE_BIRTH_CONFERENCE c2-req 2024-03-04..2024-03-18 "
                          "done - OVERDUE"));
}

TEST_F(TimescalesTest, PerthAndKinrossCountedItsOwnTimescalesBefore2023) {
  // perth-kinross-2018: first Core Group in 10 days, first review in 12
  // weeks, Core Groups every 4 weeks.
  SetDay(2023, 6, 5);
  InitialConference("pk1", "perth-and-kinross", 2023, 6, 19);
  SetDay(2023, 6, 26);
  NameCoreGroup("pk1");
  SetDay(2023, 6, 28);
  CoreGroupMeeting("pk1", "cg1");
  std::vector<std::string> got = CaseAt("pk1", At(2023, 8, 1));
  EXPECT_THAT(got, ::testing::Contains(
                       "FIRST_CORE_GROUP pk1-icpc 2023-06-19..2023-06-29 done "
                       "2023-06-28 MET"));
  EXPECT_THAT(got, ::testing::Contains(
                       "CORE_GROUP cg1 2023-06-28..2023-07-26 done - OVERDUE"));
  EXPECT_THAT(got, ::testing::Contains("REVIEW_CONFERENCE pk1-icpc "
                                       "2023-06-19..2023-09-11 done - DUE"));
}

TEST_F(TimescalesTest, AnInquorateConferenceIsReconvenedWithinTenWorkingDays) {
  OpenCase("c3", "fife", domain::testing::BornChild("chi-3"));
  Prepare("c3", "k1", v1::CONFERENCE_KIND_INITIAL,
          {"mum", "sw", "hv", "police"}, {"mum", "sw", "hv"});
  v1::RecordAttendance absent;
  absent.set_case_id("c3");
  absent.set_conference_id("k1");
  absent.set_participant_id("police");
  absent.set_attendance(v1::ATTENDANCE_ABSENT);
  absent.set_absence_reason("Called to an emergency");
  Ok(absent);
  OpenMeeting("c3", "k1", "Police report received in writing");
  // Ten working days from Monday 4 March: Monday 18 March.
  EXPECT_THAT(
      CaseAt("c3", At(2024, 3, 18)),
      ElementsAre("INQUORATE_RECONVENE k1 2024-03-04..2024-03-18 done - DUE",
                  "INITIAL_CONFERENCE k1-request 2024-03-04..2024-04-01 "
                  "done 2024-03-04 MET"));
  SetDay(2024, 3, 20);
  v1::ScheduleConference again;
  again.set_case_id("c3");
  again.set_conference_id("k2");
  again.set_reconvenes_conference_id("k1");
  again.mutable_starts_at()->set_seconds(absl::ToUnixSeconds(now_));
  *again.mutable_chair() = domain::testing::ChairPerson();
  *again.mutable_minute_taker() = domain::testing::MinuteTakerPerson();
  Ok(again);
  Invite("c3", "k2", {"sw", "hv", "police"});
  Attend("c3", "k2", {"sw", "hv", "police"});
  OpenMeeting("c3", "k2");
  EXPECT_THAT(CaseAt("c3", At(2024, 3, 21)),
              ElementsAre("INQUORATE_RECONVENE k1 2024-03-04..2024-03-18 done "
                          "2024-03-20 MISSED",
                          ::testing::_));
}

TEST_F(TimescalesTest, AnUnknownCaseIsNotFound) {
  EXPECT_EQ(
      GetCaseTimescales(Engine(), "nobody", At(2024, 1, 1)).status().code(),
      absl::StatusCode::kNotFound);
}

TEST(PeriodTest, MonthsQuartersAndYears) {
  auto month = ParsePeriod("2024-02");
  ASSERT_TRUE(month.ok());
  EXPECT_EQ(month->first, absl::CivilDay(2024, 2, 1));
  EXPECT_EQ(month->last, absl::CivilDay(2024, 2, 29));
  auto quarter = ParsePeriod("2024-Q4");
  ASSERT_TRUE(quarter.ok());
  EXPECT_EQ(quarter->first, absl::CivilDay(2024, 10, 1));
  EXPECT_EQ(quarter->last, absl::CivilDay(2024, 12, 31));
  auto year = ParsePeriod("2023");
  ASSERT_TRUE(year.ok());
  EXPECT_EQ(year->first, absl::CivilDay(2023, 1, 1));
  EXPECT_EQ(year->last, absl::CivilDay(2023, 12, 31));
}

TEST(PeriodTest, AnythingElseIsInvalid) {
  for (const char* bad :
       {"", "24", "2024-13", "2024-00", "2024-Q0", "2024-Q5", "2024/01",
        "2024-1", "2024-+1", " 2024", "2024-03-01", "20x4"}) {
    EXPECT_EQ(ParsePeriod(bad).status().code(),
              absl::StatusCode::kInvalidArgument)
        << bad;
  }
}

TEST_F(TimescalesTest, ASummaryNeedsAnAuthorityAndAForwardPeriod) {
  Period backwards{absl::CivilDay(2024, 3, 1), absl::CivilDay(2024, 2, 1)};
  EXPECT_EQ(SummariseTimescales(Engine(), "fife", backwards, At(2024, 3, 1))
                .status()
                .code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(
      SummariseTimescales(Engine(), "", *ParsePeriod("2024"), At(2024, 3, 1))
          .status()
          .code(),
      absl::StatusCode::kInvalidArgument);
}

TEST_F(TimescalesTest, TheDashboardTalliesEachMonthAndPagesTheLateItems) {
  InitialConference("c1", "fife", 2024, 3, 25);
  InitialConference("c2", "fife", 2024, 3, 27);
  InitialConference("c3", "fife", 2024, 4, 2);  // a day late
  const absl::Time now = At(2024, 10, 1);
  const Period year = *ParsePeriod("2024");
  std::vector<std::string> want_late;
  auto all = ListTimescales(Engine(), "fife", year, now);
  ASSERT_TRUE(all.ok()) << all.status();
  for (const v1::Timescale& t : *all) {
    if (t.status() == v1::TIMESCALE_STATUS_MISSED ||
        t.status() == v1::TIMESCALE_STATUS_OVERDUE) {
      want_late.push_back(t.case_id() + " " + Describe(t));
    }
  }
  ASSERT_GE(want_late.size(), 5u);

  std::vector<std::string> late;
  TimescaleDashboardQuery query{
      .authority = "fife", .period = year, .now = now, .late_page_size = 2};
  int pages = 0;
  do {
    auto page = QueryTimescaleDashboard(Engine(), query);
    ASSERT_TRUE(page.ok()) << page.status();
    ++pages;
    EXPECT_EQ(page->late_total, static_cast<int>(want_late.size()));
    EXPECT_LE(page->late.size(), 2u);
    for (const v1::Timescale& t : page->late) {
      late.push_back(t.case_id() + " " + Describe(t));
    }
    ASSERT_EQ(page->months.size(), 12u);
    for (int m = 1; m <= 12; ++m) {
      std::vector<std::string> tallies;
      for (const v1::TimescaleTally& t : page->months[m - 1].tallies()) {
        tallies.push_back(Describe(t));
      }
      EXPECT_EQ(tallies, Summary("fife", absl::StrFormat("2024-%02d", m), now))
          << "month " << m;
    }
    query.late_page_token = page->next_late_page_token;
  } while (!query.late_page_token.empty() && pages < 100);
  EXPECT_EQ(late, want_late);
  EXPECT_EQ(pages, static_cast<int>(want_late.size() + 1) / 2);
}

TEST_F(TimescalesTest, TheDashboardRefusesABadPageOrPeriod) {
  InitialConference("c1", "fife", 2024, 3, 25);
  TimescaleDashboardQuery query{.authority = "fife",
                                .period = *ParsePeriod("2024"),
                                .now = At(2024, 10, 1)};
  for (const char* token : {"zz", "00", "3230323441", "not a token"}) {
    query.late_page_token = token;
    EXPECT_EQ(QueryTimescaleDashboard(Engine(), query).status().code(),
              absl::StatusCode::kInvalidArgument)
        << token;
  }
  query.late_page_token.clear();
  for (int size : {0, -1, 1001}) {
    query.late_page_size = size;
    EXPECT_EQ(QueryTimescaleDashboard(Engine(), query).status().code(),
              absl::StatusCode::kInvalidArgument)
        << size;
  }
  query.late_page_size = 100;
  query.period = {absl::CivilDay(2024, 3, 1), absl::CivilDay(2024, 2, 1)};
  EXPECT_EQ(QueryTimescaleDashboard(Engine(), query).status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace keeper::projections
