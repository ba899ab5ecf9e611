// The returns projection against hand-checked histories in Fife
// (scotland-2023), told through the domain's commands on a settable clock:
// the statistical year's edges (31 July, 1 August), areas amended after
// registration, a review that deregisters, a temporary stay, and a second
// plan of the same child.
#include "projections/returns.h"

#include "absl/strings/str_join.h"
#include "gmock/gmock.h"
#include "tests/projections/story_fixture.h"

namespace keeper::projections {
namespace {

using domain::testing::BornChild;
using domain::testing::MakeDate;
using domain::testing::SocialWorkerPerson;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

class ReturnsTest : public testing::ProjectionStoryTest {
 protected:
  // Each row as its cells joined by "|", after a header row.
  std::vector<std::string> Rows(v1::ReturnKind kind, const ReturnPeriod& p,
                                const std::string& authority = "fife") {
    auto got = BuildReturn(Engine(), kind, authority, p);
    EXPECT_TRUE(got.ok()) << got.status();
    std::vector<std::string> out;
    if (!got.ok()) return out;
    out.push_back(absl::StrJoin(got->columns(), "|"));
    for (const v1::ReturnRow& row : got->rows()) {
      out.push_back(absl::StrJoin(row.cells(), "|"));
    }
    return out;
  }
  std::vector<std::string> Body(v1::ReturnKind kind, const ReturnPeriod& p,
                                const std::string& authority = "fife") {
    std::vector<std::string> rows = Rows(kind, p, authority);
    if (!rows.empty()) rows.erase(rows.begin());
    return rows;
  }

  void Visit(const std::string& case_id, const std::string& id, bool alone) {
    v1::RecordHomeVisit visit;
    visit.set_case_id(case_id);
    visit.set_visit_id(id);
    visit.set_child_seen(true);
    visit.set_child_seen_alone(alone);
    *visit.mutable_visitor() = SocialWorkerPerson();
    Ok(visit);
  }

  void Amend(const std::string& case_id, std::vector<std::string> areas) {
    v1::AmendRegistration amend;
    amend.set_case_id(case_id);
    for (const std::string& area : areas) amend.add_areas_of_concern(area);
    *amend.mutable_lead_professional() = SocialWorkerPerson();
    amend.set_reason("A further concern");
    Ok(amend);
  }

  void ReviewOff(const std::string& case_id, const std::string& id) {
    QuorateConference(case_id, id, v1::CONFERENCE_KIND_REVIEW,
                      v1::REGISTRATION_VIEW_DO_NOT_REGISTER);
    v1::DeregisterChild off;
    off.set_case_id(case_id);
    off.set_conference_id(id);
    off.set_reason(v1::DEREGISTRATION_REASON_REDUCED_RISK);
    Ok(off);
  }

  // fife-a registered on 31 July 2026 (statistical year 2026), fife-b on
  // 1 August 2026 (2027); fife-c not registered on 5 August 2026.
  void Edges() {
    SetDay(2026, 7, 31);
    RegisteredCase("fife-a", "fife", "chi-a");
    SetDay(2026, 8, 1);
    RegisteredCase("fife-b", "fife", "chi-b");
    SetDay(2026, 8, 5);
    OpenCase("fife-c", "fife", BornChild("chi-c"));
    QuorateConference("fife-c", "fife-c-icpc", v1::CONFERENCE_KIND_INITIAL,
                      v1::REGISTRATION_VIEW_DO_NOT_REGISTER);
  }
};

TEST_F(ReturnsTest, TheStatisticalYearRunsFromAugustToJuly) {
  EXPECT_EQ(StatisticalYear(2027).first, absl::CivilDay(2026, 8, 1));
  EXPECT_EQ(StatisticalYear(2027).last, absl::CivilDay(2027, 7, 31));
  Edges();
  EXPECT_THAT(
      Rows(v1::RETURN_KIND_CONFERENCES, StatisticalYear(2026)),
      ElementsAre("case_id|conference_id|conference_kind|conference_date|"
                  "outcome|areas_of_concern",
                  "fife-a|fife-a-icpc|initial|2026-07-31|register|"
                  "Domestic Abuse"));
  EXPECT_THAT(Body(v1::RETURN_KIND_CONFERENCES, StatisticalYear(2027)),
              ElementsAre("fife-b|fife-b-icpc|initial|2026-08-01|register|"
                          "Domestic Abuse",
                          "fife-c|fife-c-icpc|initial|2026-08-05|"
                          "not_register|"));
  EXPECT_THAT(Body(v1::RETURN_KIND_REGISTRATIONS, StatisticalYear(2026)),
              ElementsAre("fife-a|2026-07-31|registered|initial||"
                          "Domestic Abuse"));
  EXPECT_THAT(Body(v1::RETURN_KIND_REGISTRATIONS, StatisticalYear(2027)),
              ElementsAre("fife-b|2026-08-01|registered|initial||"
                          "Domestic Abuse"));
  EXPECT_THAT(Body(v1::RETURN_KIND_NOT_REGISTERED, StatisticalYear(2027)),
              ElementsAre("fife-c|fife-c-icpc|initial|2026-08-05|"
                          "not_register"));
  EXPECT_THAT(Body(v1::RETURN_KIND_NOT_REGISTERED, StatisticalYear(2026)),
              IsEmpty());
  // Other authorities' children are not in Fife's returns.
  EXPECT_THAT(
      Body(v1::RETURN_KIND_CONFERENCES, StatisticalYear(2027), "dundee-city"),
      IsEmpty());
}

TEST_F(ReturnsTest, ListsStandAsAtThePeriodsLastDay) {
  Edges();
  SetDay(2026, 8, 10);
  Visit("fife-b", "v1", /*alone=*/true);
  SetDay(2026, 9, 1);
  Amend("fife-b", {"Domestic Abuse", "Physical Neglect"});
  SetDay(2026, 9, 8);
  Visit("fife-b", "v2", /*alone=*/false);
  SetDay(2027, 1, 15);
  ReviewOff("fife-b", "fife-b-rcpc");

  const ReturnPeriod july{absl::CivilDay(2026, 7, 1),
                          absl::CivilDay(2026, 7, 31)};
  EXPECT_THAT(Body(v1::RETURN_KIND_ON_REGISTER, july),
              ElementsAre("fife-a|registered|2026-07-31|Domestic Abuse|||"));
  const ReturnPeriod august{absl::CivilDay(2026, 8, 1),
                            absl::CivilDay(2026, 8, 31)};
  EXPECT_THAT(Body(v1::RETURN_KIND_ON_REGISTER, august),
              ElementsAre("fife-a|registered|2026-07-31|Domestic Abuse|||",
                          "fife-b|registered|2026-08-01|Domestic Abuse|||"
                          "2026-08-10"));
  EXPECT_THAT(
      Rows(v1::RETURN_KIND_PLANS, august),
      ElementsAre("case_id|plan_start|initial_category|latest_category|"
                  "latest_review|plan_end|end_reason|previous_plans|"
                  "last_visit|child_seen_alone|lead_professional",
                  "fife-a|2026-07-31|Domestic Abuse|Domestic Abuse||||0|||"
                  "Alex Jones",
                  "fife-b|2026-08-01|Domestic Abuse|Domestic Abuse||||0|"
                  "2026-08-10|yes|Alex Jones"));
  // By the year's end fife-b's plan was amended, reviewed and ended.
  EXPECT_THAT(
      Body(v1::RETURN_KIND_PLANS, StatisticalYear(2027)),
      ElementsAre("fife-a|2026-07-31|Domestic Abuse|Domestic Abuse||||0|||"
                  "Alex Jones",
                  "fife-b|2026-08-01|Domestic Abuse|Domestic Abuse; Physical "
                  "Neglect|2027-01-15|2027-01-15|reduced_risk|0|2026-09-08|no|"
                  "Alex Jones"));
  EXPECT_THAT(Body(v1::RETURN_KIND_ON_REGISTER, StatisticalYear(2027)),
              ElementsAre("fife-a|registered|2026-07-31|Domestic Abuse|||"));
  EXPECT_THAT(Body(v1::RETURN_KIND_CONFERENCES,
                   {absl::CivilDay(2027, 1, 15), absl::CivilDay(2027, 1, 15)}),
              ElementsAre("fife-b|fife-b-rcpc|review|2027-01-15|not_register|"
                          "Domestic Abuse; Physical Neglect"));
  EXPECT_THAT(Body(v1::RETURN_KIND_REGISTRATIONS,
                   {absl::CivilDay(2027, 1, 1), absl::CivilDay(2027, 1, 31)}),
              ElementsAre("fife-b|2027-01-15|deregistered|review|reduced_risk|"
                          "Domestic Abuse; Physical Neglect"));
  // A plan ended before the period is not in it.
  EXPECT_THAT(
      Body(v1::RETURN_KIND_PLANS,
           {absl::CivilDay(2027, 1, 16), absl::CivilDay(2027, 2, 1)}),
      ElementsAre("fife-a|2026-07-31|Domestic Abuse|Domestic Abuse||||0|"
                  "||Alex Jones"));
}

TEST_F(ReturnsTest, TemporaryStaysAreOnTheRegisterButAreNoPlans) {
  SetDay(2026, 8, 3);
  RegisteredCase("dundee-h", "dundee-city", "chi-h");
  v1::CaseRef home;
  home.set_case_id("dundee-h");
  home.set_local_authority("dundee-city");
  OpenCase("fife-t", "fife", BornChild("chi-h"), home);
  v1::RegisterTemporarily made;
  made.set_case_id("fife-t");
  *made.mutable_ends_on() = MakeDate(2026, 8, 31);
  made.set_reason("Staying with an aunt");
  *made.mutable_lead_professional() = SocialWorkerPerson();
  Ok(made);
  SetDay(2026, 8, 20);
  v1::EndTemporaryRegistration ended;
  ended.set_case_id("fife-t");
  ended.set_reason("Back home");
  Ok(ended);

  EXPECT_THAT(Body(v1::RETURN_KIND_REGISTRATIONS, StatisticalYear(2027)),
              ElementsAre("fife-t|2026-08-03|temporary registration||"
                          "Staying with an aunt|Domestic Abuse",
                          "fife-t|2026-08-20|temporary registration ended||"
                          "Back home|Domestic Abuse"));
  EXPECT_THAT(Body(v1::RETURN_KIND_ON_REGISTER,
                   {absl::CivilDay(2026, 8, 19), absl::CivilDay(2026, 8, 19)}),
              ElementsAre("fife-t|temporary|2026-08-03|Domestic Abuse|||"));
  EXPECT_THAT(Body(v1::RETURN_KIND_ON_REGISTER,
                   {absl::CivilDay(2026, 8, 20), absl::CivilDay(2026, 8, 20)}),
              IsEmpty());
  EXPECT_THAT(Body(v1::RETURN_KIND_PLANS, StatisticalYear(2027)), IsEmpty());
}

TEST_F(ReturnsTest, ASecondPlanCountsTheFirst) {
  SetDay(2026, 8, 3);
  RegisteredCase("fife-p", "fife", "chi-p");
  SetDay(2026, 10, 1);
  ReviewOff("fife-p", "fife-p-rcpc");
  SetDay(2027, 3, 1);
  OpenCase("fife-p2", "fife", BornChild("chi-p"));
  QuorateConference("fife-p2", "fife-p2-icpc", v1::CONFERENCE_KIND_INITIAL,
                    v1::REGISTRATION_VIEW_REGISTER);
  Register("fife-p2", "fife-p2-icpc", {"Physical Neglect"});
  EXPECT_THAT(
      Body(v1::RETURN_KIND_PLANS, StatisticalYear(2027)),
      ElementsAre("fife-p|2026-08-03|Domestic Abuse|Domestic Abuse|2026-10-01|"
                  "2026-10-01|reduced_risk|0|||Alex Jones",
                  "fife-p2|2027-03-01|Physical Neglect|Physical Neglect||||1|"
                  "||Alex Jones"));
}

TEST_F(ReturnsTest, RefusesAPeriodThatEndsBeforeItStarts) {
  auto got =
      BuildReturn(Engine(), v1::RETURN_KIND_PLANS, "fife",
                  {absl::CivilDay(2026, 2, 1), absl::CivilDay(2026, 1, 1)});
  EXPECT_EQ(got.status().code(), absl::StatusCode::kInvalidArgument);
  got = BuildReturn(Engine(), v1::RETURN_KIND_UNSPECIFIED, "fife",
                    StatisticalYear(2026));
  EXPECT_EQ(got.status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace keeper::projections
