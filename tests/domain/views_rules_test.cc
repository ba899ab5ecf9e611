// SPEC §4: only a professional invited to or attending the conference may
// give a view on registration; one view each, which they may change before
// the decision; every change is kept.
#include "gtest/gtest.h"
#include "domain/event_codec.h"
#include "domain/rules.h"
#include "tests/domain/domain_fixture.h"

namespace keeper::domain::testing {
namespace {

class ViewsRulesTest : public OpenCaseTest {
 protected:
  void SetUp() override {
    OpenCaseTest::SetUp();
    Prepare("c1", "k1", v1::CONFERENCE_KIND_INITIAL,
            {"mum", "child", "advocate", "friend", "sw", "hv", "police"},
            {"mum", "sw", "hv", "police"});
  }

  v1::GiveRegistrationView ViewOf(const std::string& participant_id,
                                  v1::RegistrationView view) {
    v1::GiveRegistrationView command;
    command.set_case_id("c1");
    command.set_conference_id("k1");
    command.set_participant_id(participant_id);
    command.set_view(view);
    return command;
  }
};

TEST_F(ViewsRulesTest, AProfessionalGivesAView) {
  OpenMeeting("c1", "k1");
  v1::GiveRegistrationView command =
      ViewOf("hv", v1::REGISTRATION_VIEW_REGISTER);
  EXPECT_EQ(Ok(command), std::vector<std::string>{"RegistrationViewGiven"});
  const v1::RegistrationViewGiven given =
      LastEvent("case-c1").registration_view_given();
  EXPECT_EQ(given.participant_id(), "hv");
  EXPECT_EQ(given.view(), v1::REGISTRATION_VIEW_REGISTER);
  EXPECT_EQ(given.change_number(), 0);
  EXPECT_EQ(given.replaces_event_id(), "");
}

TEST_F(ViewsRulesTest, AParentCannotGiveAView) {
  OpenMeeting("c1", "k1");
  v1::GiveRegistrationView command =
      ViewOf("mum", v1::REGISTRATION_VIEW_DO_NOT_REGISTER);
  const std::string message =
      Refused(command, absl::StatusCode::kFailedPrecondition,
              rules::kViewsProfessionalsOnly);
  EXPECT_NE(message.find("a parent cannot give a view on registration (only "
                         "professionals may)"),
            std::string::npos)
      << message;
}

TEST_F(ViewsRulesTest, NorTheChildASupporterOrAnAdvocate) {
  OpenMeeting("c1", "k1");
  for (const char* id : {"child", "friend", "advocate"}) {
    v1::GiveRegistrationView command =
        ViewOf(id, v1::REGISTRATION_VIEW_REGISTER);
    Refused(command, absl::StatusCode::kFailedPrecondition,
            rules::kViewsProfessionalsOnly);
  }
}

TEST_F(ViewsRulesTest, AProfessionalNeitherInvitedNorAttendingCannot) {
  OpenMeeting("c1", "k1");
  v1::GiveRegistrationView command =
      ViewOf("teacher", v1::REGISTRATION_VIEW_REGISTER);
  Refused(command, absl::StatusCode::kFailedPrecondition,
          rules::kViewsInvitedOrAttending);
}

TEST_F(ViewsRulesTest, AProfessionalWhoCameUninvitedCan) {
  v1::RecordAttendance attendance;
  attendance.set_case_id("c1");
  attendance.set_conference_id("k1");
  attendance.set_participant_id("teacher");
  *attendance.mutable_participant() = Person("teacher");
  attendance.set_attendance(v1::ATTENDANCE_ATTENDED);
  EXPECT_EQ(Ok(attendance), std::vector<std::string>{"AttendanceRecorded"});
  OpenMeeting("c1", "k1");
  v1::GiveRegistrationView command =
      ViewOf("teacher", v1::REGISTRATION_VIEW_REGISTER);
  EXPECT_EQ(Ok(command), std::vector<std::string>{"RegistrationViewGiven"});
}

TEST_F(ViewsRulesTest, AViewMayChangeAndEveryChangeIsKept) {
  OpenMeeting("c1", "k1");
  v1::GiveRegistrationView first =
      ViewOf("police", v1::REGISTRATION_VIEW_DO_NOT_REGISTER);
  ASSERT_EQ(Ok(first), std::vector<std::string>{"RegistrationViewGiven"});
  const std::string first_id = Stream("case-c1").back().event_id();

  v1::GiveRegistrationView second =
      ViewOf("police", v1::REGISTRATION_VIEW_REGISTER);
  ASSERT_EQ(Ok(second), std::vector<std::string>{"RegistrationViewGiven"});
  v1::GiveRegistrationView third =
      ViewOf("police", v1::REGISTRATION_VIEW_DO_NOT_REGISTER);
  ASSERT_EQ(Ok(third), std::vector<std::string>{"RegistrationViewGiven"});

  std::vector<v1::RegistrationViewGiven> views;
  std::vector<std::string> ids;
  for (const v1::EventEnvelope& envelope : Stream("case-c1")) {
    if (envelope.event_type() != "RegistrationViewGiven") continue;
    views.push_back(UnpackEvent(envelope)->registration_view_given());
    ids.push_back(envelope.event_id());
  }
  ASSERT_EQ(views.size(), 3u);
  EXPECT_EQ(views[0].view(), v1::REGISTRATION_VIEW_DO_NOT_REGISTER);
  EXPECT_EQ(views[1].replaces_event_id(), first_id);
  EXPECT_EQ(views[1].change_number(), 1);
  EXPECT_EQ(views[2].replaces_event_id(), ids[1]);
  EXPECT_EQ(views[2].change_number(), 2);
}

TEST_F(ViewsRulesTest, OneViewPerProfessional) {
  OpenMeeting("c1", "k1");
  View("c1", "k1", "sw", v1::REGISTRATION_VIEW_REGISTER);
  v1::GiveRegistrationView again = ViewOf("sw", v1::REGISTRATION_VIEW_REGISTER);
  Refused(again, absl::StatusCode::kAlreadyExists,
          rules::kViewsOnePerProfessional);
}

TEST_F(ViewsRulesTest, NoChangeAfterTheDecision) {
  OpenMeeting("c1", "k1");
  for (const char* id : {"sw", "hv", "police"}) {
    View("c1", "k1", id, v1::REGISTRATION_VIEW_REGISTER);
  }
  DecideAs(Chair(), "c1", "k1", {v1::OUTCOME_REGISTER});
  v1::GiveRegistrationView change =
      ViewOf("hv", v1::REGISTRATION_VIEW_DO_NOT_REGISTER);
  Refused(change, absl::StatusCode::kFailedPrecondition,
          rules::kViewsBeforeDecision);
}

TEST_F(ViewsRulesTest, ViewsAreGivenAtTheMeeting) {
  v1::GiveRegistrationView early = ViewOf("sw", v1::REGISTRATION_VIEW_REGISTER);
  Refused(early, absl::StatusCode::kFailedPrecondition, rules::kViewsInMeeting);
}

}  // namespace
}  // namespace keeper::domain::testing
