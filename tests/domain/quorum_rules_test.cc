// SPEC §4: quorum is at least one professional from each agency the policy
// names; an inquorate conference records the chair's reason to proceed,
// cannot deregister, and cannot follow another inquorate one.
#include "gtest/gtest.h"
#include "domain/rules.h"
#include "tests/domain/domain_fixture.h"

namespace keeper::domain::testing {
namespace {

class QuorumRulesTest : public OpenCaseTest {
 protected:
  v1::OpenConference Opening(const std::string& conference_id,
                             const std::string& reason) {
    v1::OpenConference command;
    command.set_case_id("c1");
    command.set_conference_id(conference_id);
    command.set_inquorate_reason(reason);
    return command;
  }

  void PoliceAbsent(const std::string& conference_id) {
    v1::RecordAttendance absent;
    absent.set_case_id("c1");
    absent.set_conference_id(conference_id);
    absent.set_participant_id("police");
    absent.set_attendance(v1::ATTENDANCE_ABSENT);
    absent.set_absence_reason("Called to an emergency");
    ASSERT_EQ(Ok(absent), std::vector<std::string>{"AttendanceRecorded"});
  }

  // k1: an initial conference without the police, opened with the chair's
  // reason, deciding to register.
  void InquorateInitialDecidesToRegister() {
    Prepare("c1", "k1", v1::CONFERENCE_KIND_INITIAL, {"sw", "hv", "police"},
            {"sw", "hv"});
    PoliceAbsent("k1");
    OpenMeeting("c1", "k1", "Risk is immediate");
    View("c1", "k1", "sw", v1::REGISTRATION_VIEW_REGISTER);
    View("c1", "k1", "hv", v1::REGISTRATION_VIEW_REGISTER);
    DecideAs(Chair(), "c1", "k1", {v1::OUTCOME_REGISTER});
  }

  void Reconvene(const std::string& conference_id, const std::string& earlier) {
    v1::ScheduleConference command;
    command.set_case_id("c1");
    command.set_conference_id(conference_id);
    command.set_reconvenes_conference_id(earlier);
    command.mutable_starts_at()->set_seconds(absl::ToUnixSeconds(now_));
    *command.mutable_chair() = ChairPerson();
    *command.mutable_minute_taker() = MinuteTakerPerson();
    ASSERT_EQ(Ok(command), std::vector<std::string>{"ConferenceScheduled"});
  }
};

TEST_F(QuorumRulesTest, SocialWorkHealthAndPoliceMakeAQuorum) {
  Prepare("c1", "k1", v1::CONFERENCE_KIND_INITIAL,
          {"mum", "sw", "hv", "police"}, {"mum", "sw", "hv", "police"});
  v1::OpenConference command = Opening("k1", "");
  EXPECT_EQ(Ok(command, Chair()), std::vector<std::string>{"ConferenceOpened"});
  const v1::ConferenceOpened opened = LastEvent("case-c1").conference_opened();
  EXPECT_TRUE(opened.quorate());
  EXPECT_EQ(opened.agencies_present_size(), 3);
  EXPECT_EQ(opened.agencies_missing_size(), 0);
  EXPECT_EQ(opened.policy_version(), "scotland-2023");
}

TEST_F(QuorumRulesTest, AnInquorateConferenceNeedsTheChairsReason) {
  Prepare("c1", "k1", v1::CONFERENCE_KIND_INITIAL,
          {"mum", "sw", "hv", "police"}, {"mum", "sw", "hv"});
  PoliceAbsent("k1");
  v1::OpenConference without = Opening("k1", "");
  const std::string message =
      Refused(without, Chair(), absl::StatusCode::kFailedPrecondition,
              rules::kQuorumReasonToProceed);
  EXPECT_NE(message.find("police"), std::string::npos) << message;

  v1::OpenConference with =
      Opening("k1", "Police report received in writing; risk is immediate");
  EXPECT_EQ(Ok(with, Chair()), std::vector<std::string>{"ConferenceOpened"});
  const v1::ConferenceOpened opened = LastEvent("case-c1").conference_opened();
  EXPECT_FALSE(opened.quorate());
  ASSERT_EQ(opened.agencies_missing_size(), 1);
  EXPECT_EQ(opened.agencies_missing(0), v1::AGENCY_POLICE);
  EXPECT_EQ(opened.inquorate_reason(),
            "Police report received in writing; risk is immediate");
  // Reconvene within 10 working days of Monday 4 March 2024.
  EXPECT_EQ(opened.reconvene_by().DebugString(),
            MakeDate(2024, 3, 18).DebugString());
}

TEST_F(QuorumRulesTest, OnlyProfessionalsWhoCameCount) {
  // The parent is no professional; an absent one does not count; one who
  // attended part does.
  Prepare("c1", "k1", v1::CONFERENCE_KIND_INITIAL,
          {"mum", "sw", "hv", "police"}, {"mum", "sw"});
  PoliceAbsent("k1");
  v1::RecordAttendance part;
  part.set_case_id("c1");
  part.set_conference_id("k1");
  part.set_participant_id("hv");
  part.set_attendance(v1::ATTENDANCE_ATTENDED_PART);
  part.set_part_attended("first half hour");
  ASSERT_EQ(Ok(part), std::vector<std::string>{"AttendanceRecorded"});
  v1::OpenConference command = Opening("k1", "Urgent");
  ASSERT_EQ(Ok(command, Chair()), std::vector<std::string>{"ConferenceOpened"});
  const v1::ConferenceOpened opened = LastEvent("case-c1").conference_opened();
  ASSERT_EQ(opened.agencies_missing_size(), 1);
  EXPECT_EQ(opened.agencies_missing(0), v1::AGENCY_POLICE);
}

TEST_F(QuorumRulesTest, AQuorateConferenceNeedsNoExcuse) {
  Prepare("c1", "k1", v1::CONFERENCE_KIND_INITIAL, {"sw", "hv", "police"},
          {"sw", "hv", "police"});
  v1::OpenConference command = Opening("k1", "Just in case");
  Refused(command, Chair(), absl::StatusCode::kInvalidArgument, "input");
}

TEST_F(QuorumRulesTest, AnInquorateConferenceCannotDeregister) {
  RegisteredCase("c1-registered", "fife", "child-2");
  // A review of the registered child without the police.
  const std::string c = "c1-registered";
  Prepare(c, "review1", v1::CONFERENCE_KIND_REVIEW, {"sw", "hv", "police"},
          {"sw", "hv"});
  v1::OpenConference opening;
  opening.set_case_id(c);
  opening.set_conference_id("review1");
  opening.set_inquorate_reason("Police unavailable; review is due");
  ASSERT_EQ(Ok(opening, Chair()), std::vector<std::string>{"ConferenceOpened"});
  for (const char* id : {"sw", "hv"}) {
    View(c, "review1", id, v1::REGISTRATION_VIEW_DO_NOT_REGISTER);
  }
  v1::RecordDecision deregister;
  deregister.set_case_id(c);
  deregister.set_conference_id("review1");
  deregister.add_outcomes(v1::OUTCOME_NOT_REGISTER);
  Refused(deregister, Chair(), absl::StatusCode::kFailedPrecondition,
          rules::kQuorumInquorateCannotDeregister);
  // Keeping the child registered is allowed, by the chair with reasons as
  // it differs from the professionals' view.
  v1::RecordDecision keep;
  keep.set_case_id(c);
  keep.set_conference_id("review1");
  keep.add_outcomes(v1::OUTCOME_REGISTER);
  keep.set_reasons("No change until a quorate review");
  EXPECT_EQ(Ok(keep, Chair()), std::vector<std::string>{"DecisionRecorded"});
}

TEST_F(QuorumRulesTest, AnInquorateConferenceCannotFollowAnother) {
  InquorateInitialDecidesToRegister();

  Reconvene("k2", "k1");
  Invite("c1", "k2", {"sw", "hv", "police"});
  Attend("c1", "k2", {"sw", "hv"});
  v1::OpenConference again = Opening("k2", "Police unavailable again");
  Refused(again, Chair(), absl::StatusCode::kFailedPrecondition,
          rules::kQuorumNoSecondInquorate);
  Attend("c1", "k2", {"police"});
  v1::OpenConference quorate = Opening("k2", "");
  EXPECT_EQ(Ok(quorate, Chair()), std::vector<std::string>{"ConferenceOpened"});
  EXPECT_TRUE(LastEvent("case-c1").conference_opened().quorate());
}

// A reconvened conference keeps the kind of the one it reconvenes: a
// reconvened initial conference is no review, so it cannot deregister.
TEST_F(QuorumRulesTest, AReconvenedInitialConferenceCannotDeregister) {
  InquorateInitialDecidesToRegister();
  Register("c1", "k1");

  Reconvene("k2", "k1");
  Invite("c1", "k2", {"sw", "hv", "police"});
  Attend("c1", "k2", {"sw", "hv", "police"});
  OpenMeeting("c1", "k2");
  for (const char* id : {"sw", "hv", "police"}) {
    View("c1", "k2", id, v1::REGISTRATION_VIEW_DO_NOT_REGISTER);
  }
  DecideAs(Chair(), "c1", "k2", {v1::OUTCOME_NOT_REGISTER});
  v1::DeregisterChild deregister;
  deregister.set_case_id("c1");
  deregister.set_conference_id("k2");
  deregister.set_reason(v1::DEREGISTRATION_REASON_REDUCED_RISK);
  deregister.set_details("The reconvened conference found less risk");
  Refused(deregister, absl::StatusCode::kFailedPrecondition,
          rules::kDeregisterGround);
}

TEST_F(QuorumRulesTest, OnlyAnInquorateConferenceIsReconvened) {
  Prepare("c1", "k1", v1::CONFERENCE_KIND_INITIAL, {"sw", "hv", "police"},
          {"sw", "hv", "police"});
  OpenMeeting("c1", "k1");
  v1::ScheduleConference command;
  command.set_case_id("c1");
  command.set_conference_id("k2");
  command.set_reconvenes_conference_id("k1");
  command.mutable_starts_at()->set_seconds(absl::ToUnixSeconds(now_));
  *command.mutable_chair() = ChairPerson();
  *command.mutable_minute_taker() = MinuteTakerPerson();
  Refused(command, absl::StatusCode::kFailedPrecondition,
          rules::kQuorumReconveneInquorate);
}

}  // namespace
}  // namespace keeper::domain::testing
