// The register and the decision record, read back after seed stories told
// through the domain's commands; expected values checked by hand.
#include "absl/strings/str_join.h"
#include "gmock/gmock.h"
#include "projections/decision_record.h"
#include "projections/register.h"
#include "tests/projections/story_fixture.h"

namespace keeper::projections {
namespace {

using domain::testing::Chair;
using domain::testing::FiveParts;
using domain::testing::MakeDate;
using domain::testing::SocialWorkerPerson;
using ::testing::ElementsAre;

class RegisterStoryTest : public testing::ProjectionStoryTest {
 protected:
  v1::RegisterCheckResult CheckName(const std::string& given,
                                    const std::string& family, v1::Date born) {
    v1::RegisterCheckRequest request;
    request.mutable_name_and_birth()->set_given_name(given);
    request.mutable_name_and_birth()->set_family_name(family);
    *request.mutable_name_and_birth()->mutable_date_of_birth() = born;
    auto result = CheckRegister(Engine(), request);
    EXPECT_TRUE(result.ok()) << result.status();
    return result.value_or(v1::RegisterCheckResult());
  }

  v1::RegisterCheckResult CheckCase(const std::string& case_id) {
    v1::RegisterCheckRequest request;
    request.set_case_id(case_id);
    auto result = CheckRegister(Engine(), request);
    EXPECT_TRUE(result.ok()) << result.status();
    return result.value_or(v1::RegisterCheckResult());
  }

  std::vector<std::string> Listing(const std::string& authority,
                                   std::optional<uint64_t> as_of) {
    auto listing = ListRegister(Engine(), authority, as_of);
    EXPECT_TRUE(listing.ok()) << listing.status();
    std::vector<std::string> ids;
    if (!listing.ok()) return ids;
    for (const auto& entry : listing->entries()) {
      ids.push_back(entry.case_id() + " " +
                    absl::StrJoin(entry.areas_of_concern(), ","));
    }
    return ids;
  }
};

TEST_F(RegisterStoryTest, AnEnquiryFindsTheChildByCaseNameOrListing) {
  const uint64_t before = Head();
  RegisteredCase("c1", "fife", "chi-1");  // Jamie Smith, born 14 May 2016
  const uint64_t registered = Head();

  v1::RegisterCheckResult by_case = CheckCase("c1");
  EXPECT_TRUE(by_case.on_register());
  ASSERT_EQ(by_case.matches_size(), 1);
  EXPECT_EQ(by_case.matches(0).local_authority(), "fife");
  EXPECT_THAT(by_case.matches(0).areas_of_concern(),
              ElementsAre("Domestic Abuse"));
  EXPECT_EQ(by_case.matches(0).lead_professional_name(),
            SocialWorkerPerson().name());
  EXPECT_FALSE(by_case.matches(0).temporary());

  // Names compare folded; the date of birth must match.
  EXPECT_EQ(CheckName("JAMIE ", " smith", MakeDate(2016, 5, 14)).matches_size(),
            1);
  EXPECT_FALSE(
      CheckName("Jamie", "Smith", MakeDate(2016, 5, 15)).on_register());
  EXPECT_FALSE(
      CheckName("Jamie", "Brown", MakeDate(2016, 5, 14)).on_register());

  EXPECT_THAT(Listing("fife", std::nullopt), ElementsAre("c1 Domestic Abuse"));
  EXPECT_THAT(Listing("glasgow-city", std::nullopt), ElementsAre());
  EXPECT_THAT(Listing("fife", before), ElementsAre());

  // The areas change; then the child dies and leaves the register. Each
  // past listing still shows what the register held then.
  v1::AmendRegistration amend;
  amend.set_case_id("c1");
  amend.add_areas_of_concern("Domestic Abuse");
  amend.add_areas_of_concern("Physical Neglect");
  *amend.mutable_lead_professional() = SocialWorkerPerson();
  amend.set_reason("Neglect found at the home visit");
  Ok(amend);
  const uint64_t amended = Head();
  v1::DeregisterChild died;
  died.set_case_id("c1");
  died.set_reason(v1::DEREGISTRATION_REASON_DIED);
  *died.mutable_date_of_death() = MakeDate(2024, 3, 3);
  Ok(died);

  EXPECT_FALSE(CheckCase("c1").on_register());
  EXPECT_FALSE(
      CheckName("Jamie", "Smith", MakeDate(2016, 5, 14)).on_register());
  EXPECT_THAT(Listing("fife", std::nullopt), ElementsAre());
  EXPECT_THAT(Listing("fife", registered), ElementsAre("c1 Domestic Abuse"));
  EXPECT_THAT(Listing("fife", amended),
              ElementsAre("c1 Domestic Abuse,Physical Neglect"));
  EXPECT_THAT(Listing("fife", Head()), ElementsAre());
}

TEST_F(RegisterStoryTest, TheDecisionRecordHoldsWhatWasKnownAtTheDecision) {
  OpenCase("c1", "fife", domain::testing::BornChild("chi-1"));
  Prepare("c1", "k1", v1::CONFERENCE_KIND_INITIAL,
          {"mum", "sw", "hv", "police"}, {"mum", "sw", "hv", "police"});
  v1::SubmitReport report;
  report.set_case_id("c1");
  report.set_conference_id("k1");
  report.set_report_id("r1");
  *report.mutable_author() = SocialWorkerPerson();
  report.set_title("Child Protection Assessment Report");
  for (const v1::ReportPart& part : FiveParts()) *report.add_parts() = part;
  Ok(report);
  v1::ShareReport share;
  share.set_case_id("c1");
  share.set_report_id("r1");
  share.set_version(1);
  share.set_participant_id("mum");
  Ok(share);
  v1::RecordDisagreement disagree;
  disagree.set_case_id("c1");
  disagree.set_disagreement_id("d1");
  disagree.set_report_id("r1");
  disagree.set_version(1);
  disagree.set_section(v1::REPORT_SECTION_FACTUAL_INFORMATION);
  disagree.set_reason("Two of the appointments were cancelled by the clinic");
  disagree.set_participant_id("mum");
  Ok(disagree);
  // A corrected version, shared again, is the one the conference had.
  v1::CorrectReport correct;
  correct.set_case_id("c1");
  correct.set_report_id("r1");
  correct.set_title(report.title());
  *correct.mutable_parts() = report.parts();
  correct.mutable_parts(2)->set_text("Missed one appointment.");
  correct.set_reason("Two appointments were cancelled by the clinic");
  Ok(correct);
  share.set_version(2);
  share.clear_idempotency_key();
  Ok(share);

  OpenMeeting("c1", "k1");
  View("c1", "k1", "sw", v1::REGISTRATION_VIEW_REGISTER);
  View("c1", "k1", "hv", v1::REGISTRATION_VIEW_REGISTER);
  View("c1", "k1", "police", v1::REGISTRATION_VIEW_DO_NOT_REGISTER);
  View("c1", "k1", "police", v1::REGISTRATION_VIEW_REGISTER);  // changed
  DecideAs(Chair(), "c1", "k1", {v1::OUTCOME_REGISTER});
  EXPECT_EQ(GetDecisionRecord(Engine(), "c1", "k2").status().code(),
            absl::StatusCode::kNotFound);

  // After the decision: the child's name is corrected and the mother asks
  // that her dissent be recorded. Only the dissent joins the record.
  v1::AmendChildDetails amend;
  amend.set_case_id("c1");
  *amend.mutable_child() = domain::testing::BornChild("chi-1");
  amend.mutable_child()->set_given_name("Jamie-Lee");
  amend.set_reason("Name spelled wrongly");
  Ok(amend);
  v1::RecordDissent dissent;
  dissent.set_case_id("c1");
  dissent.set_conference_id("k1");
  dissent.set_participant_id("mum");
  dissent.set_statement("I do not agree that Jamie should be registered");
  Ok(dissent, Chair());

  auto record = GetDecisionRecord(Engine(), "c1", "k1");
  ASSERT_TRUE(record.ok()) << record.status();
  EXPECT_EQ(record->child().given_name(), "Jamie");
  std::vector<std::string> invited;
  for (const v1::Participant& p : record->invited()) {
    invited.push_back(p.participant_id());
  }
  EXPECT_THAT(invited, ElementsAre("mum", "sw", "hv", "police"));
  EXPECT_THAT(record->decision().outcomes(), ElementsAre(v1::OUTCOME_REGISTER));
  EXPECT_FALSE(record->decision().chair_decided());  // unanimous in the end
  EXPECT_EQ(record->decision().views_register(), 3);
  ASSERT_EQ(record->reports_size(), 1);
  EXPECT_EQ(record->reports(0).version().version(), 2);
  EXPECT_EQ(record->reports(0).version().parts(2).text(),
            "Missed one appointment.");
  ASSERT_EQ(record->reports(0).shared_size(), 1);
  EXPECT_EQ(record->reports(0).shared(0).participant_id(), "mum");
  ASSERT_EQ(record->disagreements_size(), 1);
  EXPECT_EQ(record->disagreements(0).version(), 1);
  EXPECT_EQ(record->attendance_size(), 4);
  EXPECT_TRUE(record->opening().quorate());
  std::vector<std::string> changes;
  for (const v1::ViewHistory& history : record->views()) {
    for (const auto& change : history.changes()) {
      changes.push_back(history.participant_id() + " " +
                        v1::RegistrationView_Name(change.view()));
    }
  }
  EXPECT_THAT(changes, ::testing::UnorderedElementsAre(
                           "sw REGISTRATION_VIEW_REGISTER",
                           "hv REGISTRATION_VIEW_REGISTER",
                           "police REGISTRATION_VIEW_DO_NOT_REGISTER",
                           "police REGISTRATION_VIEW_REGISTER"));
  ASSERT_EQ(record->dissent_size(), 1);
  EXPECT_EQ(record->dissent(0).participant_id(), "mum");
}

}  // namespace
}  // namespace keeper::projections
