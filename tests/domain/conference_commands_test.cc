// Each conference command's happy path, with the exact events it writes,
// and its malformed (INVALID_ARGUMENT), unknown (NOT_FOUND) and repeated
// (ALREADY_EXISTS) counterparts, each of which writes nothing.
#include "gtest/gtest.h"
#include "domain/rules.h"
#include "tests/domain/domain_fixture.h"

namespace keeper::domain::testing {
namespace {

class ConferenceCommandsTest : public OpenCaseTest {
 protected:
  v1::RequestConference Requesting(const std::string& case_id) {
    v1::RequestConference command;
    command.set_case_id(case_id);
    command.set_request_id("r1");
    command.set_kind(v1::CONFERENCE_KIND_INITIAL);
    command.set_reasons("Bruising seen at nursery");
    return command;
  }

  v1::InviteParticipant Invitation(const v1::Participant& participant) {
    v1::InviteParticipant command;
    command.set_case_id("c1");
    command.set_conference_id("k1");
    *command.mutable_participant() = participant;
    return command;
  }

  v1::SubmitReport Report(const std::string& report_id) {
    v1::SubmitReport command;
    command.set_case_id("c1");
    command.set_conference_id("k1");
    command.set_report_id(report_id);
    *command.mutable_author() = Person("hv").person();
    for (const v1::ReportPart& part : FiveParts()) *command.add_parts() = part;
    return command;
  }

  // Refuses a copy of `command`, with a fresh key, changed by `change`.
  template <typename Command, typename Change>
  void RefusedIf(const Command& command, const v1::Actor& actor,
                 absl::StatusCode code, const std::string& rule,
                 Change change) {
    Command copy = command;
    copy.clear_idempotency_key();
    change(copy);
    Refused(copy, actor, code, rule);
  }
  template <typename Command, typename Change>
  void RefusedIf(const Command& command, absl::StatusCode code,
                 const std::string& rule, Change change) {
    RefusedIf(command, SocialWorker(), code, rule, change);
  }

  template <typename Command>
  Command About(const std::string& report_id, const std::string& person) {
    Command command;
    command.set_case_id("c1");
    command.set_report_id(report_id);
    command.set_participant_id(person);
    return command;
  }
};

TEST_F(ConferenceCommandsTest, OpenCase) {
  const v1::CaseOpened opened = LastEvent("case-c1").case_opened();
  EXPECT_EQ(opened.local_authority(), "fife");
  EXPECT_EQ(opened.child().child_id(), "child-1");
  EXPECT_EQ(opened.policy_version(), "scotland-2023");

  v1::OpenCase command;
  command.set_case_id("c1");
  command.set_local_authority("fife");
  *command.mutable_child() = BornChild("child-1");
  command.set_reason("Again");
  Refused(command, kExists, rules::kCaseOnce);
  command.set_case_id("c2");
  RefusedIf(command, kInvalid, "input", [](auto& c) { c.set_case_id("c 2"); });
  RefusedIf(command, kInvalid, "input", [](auto& c) { c.clear_reason(); });
  RefusedIf(command, kInvalid, "input",
            [](auto& c) { c.set_local_authority("Fife"); });
  RefusedIf(command, kBroken, "policy.covers_authority",
            [](auto& c) { c.set_local_authority("atlantis"); });
  RefusedIf(command, kInvalid, "input",
            [](auto& c) { c.mutable_child()->clear_date_of_birth(); });
  RefusedIf(command, kInvalid, "input", [](auto& c) {
    *c.mutable_child()->mutable_date_of_birth() = MakeDate(2024, 3, 5);
  });  // born tomorrow
  RefusedIf(command, kInvalid, "input", [](auto& c) {
    c.mutable_child()->set_unborn(true);
  });  // unborn, with a date of birth
}

// The application layer looks up the case's policy before Decide runs; an
// unknown case must still be NOT_FOUND, not a missing authority.
TEST_F(ConferenceCommandsTest, AnUnknownCaseIsNotFound) {
  v1::RequestConference request = Requesting("c9");
  Refused(request, kNotFound, "exists");
}

TEST_F(ConferenceCommandsTest, RequestConference) {
  v1::RequestConference command = Requesting("c1");
  *command.mutable_requested_by() = Person("teacher").person();
  v1::Actor teacher = SocialWorker();
  teacher.set_subject("teacher.ross");
  teacher.set_agency("education");
  ASSERT_EQ(Ok(command, teacher), Types{"ConferenceRequested"});
  const v1::ConferenceRequested requested =
      LastEvent("case-c1").conference_requested();
  EXPECT_EQ(requested.requesting_agency(), v1::AGENCY_EDUCATION);
  EXPECT_EQ(requested.requested_by().name(), "Robin Ross");
  EXPECT_EQ(requested.reasons(), "Bruising seen at nursery");

  RefusedIf(command, teacher, kExists, rules::kOnce, [](auto&) {});
  command.set_request_id("r2");
  RefusedIf(command, kInvalid, "input", [](auto& c) { c.clear_reasons(); });
  RefusedIf(command, kInvalid, "input", [](auto& c) { c.clear_kind(); });
  RefusedIf(command, kInvalid, "input",
            [](auto& c) { *c.mutable_concern_date() = MakeDate(2024, 3, 5); });
  v1::Actor no_agency = teacher;
  no_agency.set_agency("");
  RefusedIf(command, no_agency, kBroken, rules::kRequestByAgency, [](auto&) {});
}

TEST_F(ConferenceCommandsTest, ScheduleConference) {
  Request("c1", "r1", v1::CONFERENCE_KIND_INITIAL);
  v1::ScheduleConference command;
  command.set_case_id("c1");
  command.set_conference_id("k1");
  command.set_kind(v1::CONFERENCE_KIND_INITIAL);
  command.set_request_id("r1");
  command.mutable_starts_at()->set_seconds(absl::ToUnixSeconds(now_));
  *command.mutable_chair() = ChairPerson();
  *command.mutable_minute_taker() = MinuteTakerPerson();
  RefusedIf(command, kNotFound, "exists",
            [](auto& c) { c.set_request_id("r9"); });
  RefusedIf(command, kInvalid, "input", [](auto& c) { c.clear_request_id(); });
  RefusedIf(command, kBroken, rules::kMinuteTakerNotChair,
            [](auto& c) { *c.mutable_minute_taker() = ChairPerson(); });
  RefusedIf(command, kInvalid, "input",
            [](auto& c) { c.mutable_chair()->clear_subject(); });
  RefusedIf(command, kInvalid, "input", [](auto& c) { c.clear_starts_at(); });
  ASSERT_EQ(Ok(command), Types{"ConferenceScheduled"});
  const v1::ConferenceScheduled scheduled =
      LastEvent("case-c1").conference_scheduled();
  EXPECT_EQ(scheduled.request_id(), "r1");
  EXPECT_EQ(scheduled.chair().subject(), "chair.reid");
  // NG: within 28 days of the concern (Monday 4 March 2024).
  EXPECT_EQ(scheduled.due_by().DebugString(),
            MakeDate(2024, 4, 1).DebugString());
  EXPECT_EQ(scheduled.policy_version(), "scotland-2023");

  RefusedIf(command, kExists, rules::kOnce, [](auto&) {});
  RefusedIf(command, kExists, rules::kOnce,
            [](auto& c) { c.set_conference_id("k2"); });  // request used

  // A request for one kind does not schedule another.
  v1::CaseRef from;
  from.set_case_id("c1");
  from.set_local_authority("fife");
  OpenCase("d1", "dundee-city", BornChild("child-1"), from);
  Request("d1", "t1", v1::CONFERENCE_KIND_TRANSFER);
  RefusedIf(command, kBroken, rules::kConferenceKindMatchesRequest,
            [](auto& c) {
              c.set_case_id("d1");
              c.set_request_id("t1");
            });
}

TEST_F(ConferenceCommandsTest, InviteParticipant) {
  Prepare("c1", "k1", v1::CONFERENCE_KIND_INITIAL, {}, {});
  v1::InviteParticipant command = Invitation(Person("mum"));
  ASSERT_EQ(Ok(command), Types{"ParticipantInvited"});
  const v1::Participant invited =
      LastEvent("case-c1").participant_invited().participant();
  EXPECT_EQ(invited.role(), v1::PARTY_ROLE_PARENT);
  EXPECT_EQ(invited.person().name(), "Kim Smith");

  RefusedIf(command, kExists, rules::kOnce, [](auto&) {});
  const v1::InviteParticipant hv = Invitation(Person("hv"));
  RefusedIf(hv, kNotFound, "exists",
            [](auto& c) { c.set_conference_id("k9"); });
  RefusedIf(hv, kInvalid, "input", [](auto& c) {
    c.mutable_participant()->set_role(v1::PARTY_ROLE_CHAIR);
  });
  RefusedIf(hv, kInvalid, "input", [](auto& c) {
    c.mutable_participant()->mutable_person()->clear_agency();
  });
  RefusedIf(hv, kInvalid, "input",
            [](auto& c) { c.mutable_participant()->clear_role(); });
  // "mum" is the child's mother in this case, whatever else is claimed.
  Prepare("c1", "k2", v1::CONFERENCE_KIND_INITIAL, {}, {});
  RefusedIf(command, kBroken, rules::kParticipantOneRole, [](auto& c) {
    c.set_conference_id("k2");
    c.mutable_participant()->set_role(v1::PARTY_ROLE_CARER);
  });

  Invite("c1", "k1", {"sw", "hv", "police"});
  Attend("c1", "k1", {"sw", "hv", "police"});
  OpenMeeting("c1", "k1");
  RefusedIf(hv, kBroken, rules::kBeforeMeeting, [](auto&) {});
}

TEST_F(ConferenceCommandsTest, HoldPreMeeting) {
  Prepare("c1", "k1", v1::CONFERENCE_KIND_INITIAL,
          {"mum", "child", "sw", "hv", "police"}, {"sw", "hv", "police"});
  v1::HoldPreMeeting command;
  command.set_case_id("c1");
  command.set_conference_id("k1");
  command.add_participant_ids("mum");
  command.add_participant_ids("child");
  command.set_notes("Explained how the meeting runs");
  RefusedIf(command, Chair(), kBroken, rules::kPreMeetingFamily,
            [](auto& c) { c.add_participant_ids("sw"); });
  RefusedIf(command, Chair(), kNotFound, "exists",
            [](auto& c) { c.add_participant_ids("dad"); });
  RefusedIf(command, Chair(), kInvalid, "input",
            [](auto& c) { c.clear_participant_ids(); });
  RefusedIf(command, Chair(), kInvalid, "input",
            [](auto& c) { c.add_participant_ids("mum"); });  // twice

  ASSERT_EQ(Ok(command, Chair()), Types{"PreMeetingHeld"});
  const v1::PreMeetingHeld held = LastEvent("case-c1").pre_meeting_held();
  EXPECT_EQ(held.participant_ids_size(), 2);
  EXPECT_EQ(held.held_at().seconds(), absl::ToUnixSeconds(now_));

  OpenMeeting("c1", "k1");
  RefusedIf(command, Chair(), kBroken, rules::kBeforeMeeting, [](auto&) {});
}

TEST_F(ConferenceCommandsTest, RecordAttendanceAndOpenConference) {
  Prepare("c1", "k1", v1::CONFERENCE_KIND_INITIAL,
          {"mum", "sw", "hv", "police"}, {"sw", "hv", "police"});
  const auto attendance = [](const std::string& id, v1::Attendance what) {
    v1::RecordAttendance command;
    command.set_case_id("c1");
    command.set_conference_id("k1");
    command.set_participant_id(id);
    command.set_attendance(what);
    return command;
  };
  v1::RecordAttendance absent = attendance("mum", v1::ATTENDANCE_ABSENT);
  RefusedIf(absent, kInvalid, "input", [](auto&) {});  // absent: why?
  RefusedIf(absent, kInvalid, "input", [](auto& c) { c.clear_attendance(); });
  // Someone uninvited is recorded with their details.
  RefusedIf(absent, kInvalid, "input", [](auto& c) {
    c.set_participant_id("gran");
    c.set_attendance(v1::ATTENDANCE_ATTENDED);
  });
  RefusedIf(absent, kExists, rules::kOnce, [](auto& c) {
    c.set_participant_id("sw");
    c.set_attendance(v1::ATTENDANCE_ATTENDED);
  });
  RefusedIf(absent, kNotFound, "exists",
            [](auto& c) { c.set_conference_id("k9"); });
  absent.set_absence_reason("Unwell");
  ASSERT_EQ(Ok(absent, MinuteTaker()), Types{"AttendanceRecorded"});
  v1::RecordAttendance gran = attendance("gran", v1::ATTENDANCE_ATTENDED);
  *gran.mutable_participant() = Person("gran");
  ASSERT_EQ(Ok(gran, MinuteTaker()), Types{"AttendanceRecorded"});
  const v1::AttendanceRecorded recorded =
      LastEvent("case-c1").attendance_recorded();
  EXPECT_EQ(recorded.participant().role(), v1::PARTY_ROLE_CARER);
  EXPECT_EQ(recorded.corrects_event_id(), "");

  v1::OpenConference open;
  open.set_case_id("c1");
  open.set_conference_id("k1");
  ASSERT_EQ(Ok(open, Chair()), Types{"ConferenceOpened"});
  RefusedIf(open, Chair(), kExists, rules::kOnce, [](auto&) {});
  RefusedIf(open, Chair(), kNotFound, "exists",
            [](auto& c) { c.set_conference_id("k9"); });

  for (const char* id : {"sw", "hv", "police"}) {
    View("c1", "k1", id, v1::REGISTRATION_VIEW_DO_NOT_REGISTER);
  }
  DecideAs(Chair(), "c1", "k1", {v1::OUTCOME_NOT_REGISTER});
  RefusedIf(gran, kBroken, rules::kBeforeDecision,
            [](auto& c) { c.set_attendance(v1::ATTENDANCE_ATTENDED_PART); });
}

TEST_F(ConferenceCommandsTest, ReportsAreSubmittedRestrictedSharedAndSigned) {
  Prepare("c1", "k1", v1::CONFERENCE_KIND_INITIAL, {"mum", "dad", "sw"}, {});
  v1::SubmitReport partial = Report("hv-report");
  partial.mutable_parts()->RemoveLast();
  EXPECT_NE(Refused(partial, HealthVisitor(), kInvalid, "input")
                .find("risks and strengths"),
            std::string::npos);
  v1::SubmitReport submit = Report("hv-report");
  RefusedIf(submit, HealthVisitor(), kNotFound, "exists",
            [](auto& c) { c.set_conference_id("k9"); });
  ASSERT_EQ(Ok(submit, HealthVisitor()), Types{"ReportSubmitted"});
  EXPECT_EQ(LastEvent("case-c1").report_submitted().version(), 1);
  RefusedIf(submit, HealthVisitor(), kExists, rules::kOnce, [](auto&) {});

  // NG 3.167: a passage naming a third party is kept from the family.
  v1::RestrictReportPart restriction;
  restriction.set_case_id("c1");
  restriction.set_report_id("hv-report");
  restriction.set_part_index(4);
  restriction.set_reason("Names a neighbour who raised the concern");
  ASSERT_EQ(Ok(restriction), Types{"ReportPartRestricted"});
  EXPECT_EQ(LastEvent("case-c1").report_part_restricted().version(), 1);
  RefusedIf(restriction, kExists, rules::kOnce, [](auto&) {});
  RefusedIf(restriction, kNotFound, "exists",
            [](auto& c) { c.set_part_index(5); });
  RefusedIf(restriction, kNotFound, "exists",
            [](auto& c) { c.set_version(2); });

  auto share = About<v1::ShareReport>("hv-report", "mum");
  ASSERT_EQ(Ok(share), Types{"ReportShared"});
  const v1::ReportShared shared = LastEvent("case-c1").report_shared();
  EXPECT_EQ(shared.version(), 1);
  EXPECT_EQ(std::vector<int>(shared.withheld_part_indexes().begin(),
                             shared.withheld_part_indexes().end()),
            std::vector<int>{4});
  RefusedIf(share, kExists, rules::kOnce, [](auto&) {});
  RefusedIf(share, kBroken, rules::kReportSharedWithFamily,
            [](auto& c) { c.set_participant_id("sw"); });
  RefusedIf(share, kNotFound, "exists",
            [](auto& c) { c.set_participant_id("gran"); });
  RefusedIf(share, kNotFound, "exists",
            [](auto& c) { c.set_report_id("no-report"); });

  auto signs = About<v1::AcknowledgeReport>("hv-report", "mum");
  ASSERT_EQ(Ok(signs), Types{"ReportAcknowledged"});
  EXPECT_EQ(
      LastEvent("case-c1").report_acknowledged().signed_on().DebugString(),
      MakeDate(2024, 3, 4).DebugString());
  RefusedIf(signs, kExists, rules::kOnce, [](auto&) {});
  RefusedIf(signs, kBroken, rules::kReportSeenBeforeSigned,
            [](auto& c) { c.set_participant_id("dad"); });

  // A corrected version must be shown again before it is signed for.
  v1::CorrectReport correct;
  correct.set_case_id("c1");
  correct.set_report_id("hv-report");
  for (v1::ReportPart part : FiveParts()) *correct.add_parts() = part;
  correct.mutable_parts(4)->set_restricted(true);
  correct.mutable_parts(4)->set_restriction_reason("Names a neighbour");
  correct.set_reason("Dates corrected");
  ASSERT_EQ(Ok(correct, HealthVisitor()), Types{"ReportSubmitted"});
  EXPECT_EQ(LastEvent("case-c1").report_submitted().version(), 2);
  RefusedIf(signs, kBroken, rules::kReportSeenBeforeSigned, [](auto&) {});
  auto share_v2 = About<v1::ShareReport>("hv-report", "mum");
  ASSERT_EQ(Ok(share_v2), Types{"ReportShared"});
  EXPECT_EQ(LastEvent("case-c1").report_shared().version(), 2);
  EXPECT_EQ(LastEvent("case-c1").report_shared().withheld_part_indexes_size(),
            1);
}

TEST_F(ConferenceCommandsTest, RecordChildViewsAndGiveRegistrationView) {
  Prepare("c1", "k1", v1::CONFERENCE_KIND_INITIAL, {"sw", "hv", "police"},
          {"sw", "hv", "police"});
  v1::RecordChildViews views;
  views.set_case_id("c1");
  views.set_views_id("v1");
  views.set_conference_id("k1");
  views.set_channel(v1::CHILD_VIEW_CHANNEL_WRITTEN);
  views.set_good_things("My dog");
  RefusedIf(views, kInvalid, "input", [](auto& c) {
    c.set_channel(v1::CHILD_VIEW_CHANNEL_SOCIAL_WORKER);
  });  // conveyed by whom?
  RefusedIf(views, kInvalid, "input", [](auto& c) { c.clear_good_things(); });
  RefusedIf(views, kInvalid, "input", [](auto& c) { c.clear_channel(); });
  RefusedIf(views, kNotFound, "exists",
            [](auto& c) { c.set_conference_id("k9"); });
  ASSERT_EQ(Ok(views), Types{"ChildViewsRecorded"});
  const std::string first = Stream("case-c1").back().event_id();
  EXPECT_EQ(
      LastEvent("case-c1").child_views_recorded().given_on().DebugString(),
      MakeDate(2024, 3, 4).DebugString());
  // Recording the same views again corrects them.
  v1::RecordChildViews correction = views;
  correction.clear_idempotency_key();
  correction.set_good_things("My dog and my gran");
  ASSERT_EQ(Ok(correction), Types{"ChildViewsRecorded"});
  EXPECT_EQ(LastEvent("case-c1").child_views_recorded().corrects_event_id(),
            first);

  OpenMeeting("c1", "k1");
  v1::GiveRegistrationView view;
  view.set_case_id("c1");
  view.set_conference_id("k1");
  view.set_participant_id("sw");
  view.set_view(v1::REGISTRATION_VIEW_REGISTER);
  view.set_reasons("Bruising unexplained");
  RefusedIf(view, kNotFound, "exists",
            [](auto& c) { c.set_conference_id("k9"); });
  RefusedIf(view, kInvalid, "input", [](auto& c) { c.clear_view(); });
  ASSERT_EQ(Ok(view, MinuteTaker()), Types{"RegistrationViewGiven"});
  EXPECT_EQ(LastEvent("case-c1").registration_view_given().reasons(),
            "Bruising unexplained");
}

}  // namespace
}  // namespace keeper::domain::testing
