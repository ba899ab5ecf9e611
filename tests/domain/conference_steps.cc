// The fixture's conference steps: each runs one command and expects it to
// succeed, so stories and rule tests can reach a state in a few lines.
#include "google/protobuf/util/time_util.h"
#include "tests/domain/domain_fixture.h"

namespace keeper::domain::testing {

void DomainTest::OpenCase(const std::string& case_id,
                          const std::string& authority,
                          const v1::ChildDetails& child,
                          const v1::CaseRef& from) {
  v1::OpenCase command;
  command.set_case_id(case_id);
  command.set_local_authority(authority);
  *command.mutable_child() = child;
  *command.mutable_from_case() = from;
  command.set_reason("Referral from the health visitor");
  EXPECT_EQ(Ok(command), std::vector<std::string>{"CaseOpened"});
}

void DomainTest::Request(const std::string& case_id,
                         const std::string& request_id,
                         v1::ConferenceKind kind) {
  v1::RequestConference command;
  command.set_case_id(case_id);
  command.set_request_id(request_id);
  command.set_kind(kind);
  command.set_reasons("Concerns about neglect");
  EXPECT_EQ(Ok(command, HealthVisitor()),
            std::vector<std::string>{"ConferenceRequested"});
}

void DomainTest::Schedule(const std::string& case_id,
                          const std::string& conference_id,
                          v1::ConferenceKind kind,
                          const std::string& request_id) {
  v1::ScheduleConference command;
  command.set_case_id(case_id);
  command.set_conference_id(conference_id);
  command.set_kind(kind);
  command.set_request_id(request_id);
  *command.mutable_starts_at() =
      google::protobuf::util::TimeUtil::SecondsToTimestamp(
          absl::ToUnixSeconds(now_ + absl::Hours(24 * 14)));
  command.set_location("Council Building, Room 2");
  *command.mutable_chair() = ChairPerson();
  *command.mutable_minute_taker() = MinuteTakerPerson();
  EXPECT_EQ(Ok(command), std::vector<std::string>{"ConferenceScheduled"});
}

void DomainTest::Invite(const std::string& case_id,
                        const std::string& conference_id,
                        const std::vector<std::string>& ids) {
  for (const std::string& id : ids) {
    v1::InviteParticipant command;
    command.set_case_id(case_id);
    command.set_conference_id(conference_id);
    *command.mutable_participant() = Person(id);
    EXPECT_EQ(Ok(command), std::vector<std::string>{"ParticipantInvited"});
  }
}

void DomainTest::Attend(const std::string& case_id,
                        const std::string& conference_id,
                        const std::vector<std::string>& ids) {
  for (const std::string& id : ids) {
    v1::RecordAttendance command;
    command.set_case_id(case_id);
    command.set_conference_id(conference_id);
    command.set_participant_id(id);
    command.set_attendance(v1::ATTENDANCE_ATTENDED);
    EXPECT_EQ(Ok(command, MinuteTaker()),
              std::vector<std::string>{"AttendanceRecorded"});
  }
}

void DomainTest::OpenMeeting(const std::string& case_id,
                             const std::string& conference_id,
                             const std::string& inquorate_reason) {
  v1::OpenConference command;
  command.set_case_id(case_id);
  command.set_conference_id(conference_id);
  command.set_inquorate_reason(inquorate_reason);
  EXPECT_EQ(Ok(command, Chair()), std::vector<std::string>{"ConferenceOpened"});
}

void DomainTest::View(const std::string& case_id,
                      const std::string& conference_id,
                      const std::string& participant_id,
                      v1::RegistrationView view) {
  v1::GiveRegistrationView command;
  command.set_case_id(case_id);
  command.set_conference_id(conference_id);
  command.set_participant_id(participant_id);
  command.set_view(view);
  command.set_reasons("From what I know of the family");
  EXPECT_EQ(Ok(command, MinuteTaker()),
            std::vector<std::string>{"RegistrationViewGiven"});
}

void DomainTest::DecideAs(const v1::Actor& actor, const std::string& case_id,
                          const std::string& conference_id,
                          std::vector<v1::Outcome> outcomes,
                          const std::string& reasons) {
  v1::RecordDecision command;
  command.set_case_id(case_id);
  command.set_conference_id(conference_id);
  for (v1::Outcome outcome : outcomes) command.add_outcomes(outcome);
  command.set_reasons(reasons);
  EXPECT_EQ(Ok(command, actor), std::vector<std::string>{"DecisionRecorded"});
}

void DomainTest::Register(const std::string& case_id,
                          const std::string& conference_id,
                          std::vector<std::string> areas) {
  v1::RegisterChild command;
  command.set_case_id(case_id);
  command.set_conference_id(conference_id);
  for (const std::string& area : areas) command.add_areas_of_concern(area);
  *command.mutable_lead_professional() = SocialWorkerPerson();
  EXPECT_EQ(Ok(command), (std::vector<std::string>{"ChildRegistered",
                                                   "RegisterEntryOpened"}));
}

void DomainTest::Prepare(const std::string& case_id,
                         const std::string& conference_id,
                         v1::ConferenceKind kind,
                         const std::vector<std::string>& invited,
                         const std::vector<std::string>& attending) {
  std::string request_id;
  if (kind != v1::CONFERENCE_KIND_REVIEW) {
    request_id = conference_id + "-request";
    Request(case_id, request_id, kind);
  }
  Schedule(case_id, conference_id, kind, request_id);
  Invite(case_id, conference_id, invited);
  Attend(case_id, conference_id, attending);
}

void DomainTest::QuorateConference(const std::string& case_id,
                                   const std::string& conference_id,
                                   v1::ConferenceKind kind,
                                   v1::RegistrationView view) {
  Prepare(case_id, conference_id, kind, {"sw", "hv", "police"},
          {"sw", "hv", "police"});
  OpenMeeting(case_id, conference_id);
  for (const char* id : {"sw", "hv", "police"}) {
    View(case_id, conference_id, id, view);
  }
  DecideAs(Chair(), case_id, conference_id,
           {view == v1::REGISTRATION_VIEW_REGISTER ? v1::OUTCOME_REGISTER
                                                   : v1::OUTCOME_NOT_REGISTER});
}

void DomainTest::RegisteredCase(const std::string& case_id,
                                const std::string& authority,
                                const std::string& child_id) {
  OpenCase(case_id, authority, BornChild(child_id));
  QuorateConference(case_id, case_id + "-icpc", v1::CONFERENCE_KIND_INITIAL,
                    v1::REGISTRATION_VIEW_REGISTER);
  Register(case_id, case_id + "-icpc");
}

}  // namespace keeper::domain::testing
