// Whole stories of a first conference, one per seed situation: each step's
// events in order, the payload fields the seeds care about, and the
// forbidden turns refused with their rule and nothing written.
#include "gtest/gtest.h"
#include "domain/event_codec.h"
#include "domain/rules.h"
#include "tests/domain/domain_fixture.h"

namespace keeper::domain::testing {
namespace {

class InitialStoriesTest : public DomainTest {
 protected:
  // The events of one type in a case's stream, oldest first.
  std::vector<v1::DomainEvent> EventsOf(const std::string& case_id,
                                        const std::string& type) {
    std::vector<v1::DomainEvent> found;
    for (const v1::EventEnvelope& envelope : Stream("case-" + case_id)) {
      if (envelope.event_type() == type) {
        found.push_back(UnpackEvent(envelope).value_or(v1::DomainEvent()));
      }
    }
    return found;
  }

  v1::SubmitReport Report(const std::string& case_id,
                          const std::string& report_id,
                          const std::string& author, const std::string& title) {
    v1::SubmitReport report;
    report.set_case_id(case_id);
    report.set_conference_id("icpc");
    report.set_report_id(report_id);
    *report.mutable_author() = Person(author).person();
    report.set_title(title);
    for (const v1::ReportPart& part : FiveParts()) *report.add_parts() = part;
    return report;
  }

  v1::RecordDecision Decision(const std::string& reasons) {
    v1::RecordDecision command;
    command.set_case_id("p1");
    command.set_conference_id("icpc");
    command.add_outcomes(v1::OUTCOME_REGISTER);
    command.set_reasons(reasons);
    return command;
  }
};

// Seed 001 (Perth & Kinross) with the child's voice of 000 and 003 and the
// dissent of 002: a request by health, reports shared and signed for, a
// parent's disagreement, a split view decided by the chair, registration
// and minutes, under the authority's own 2018 policy.
TEST_F(InitialStoriesTest, AnInitialConferenceFromRequestToMinutes) {
  SetDay(2019, 6, 3);  // a Monday; Scotland's 2023 policy is not yet in force
  OpenCase("p1", "perth-and-kinross", BornChild("child-1"));
  EXPECT_EQ(LastEvent("case-p1").case_opened().policy_version(),
            "perth-kinross-2018");

  v1::RequestConference request;
  request.set_case_id("p1");
  request.set_request_id("req1");
  request.set_kind(v1::CONFERENCE_KIND_INITIAL);
  request.set_reasons("Neglect; parental alcohol misuse");
  ASSERT_EQ(Ok(request, HealthVisitor()), Types{"ConferenceRequested"});
  const v1::ConferenceRequested requested =
      LastEvent("case-p1").conference_requested();
  EXPECT_EQ(requested.requesting_agency(), v1::AGENCY_HEALTH);
  EXPECT_EQ(requested.concern_date().DebugString(), On(2019, 6, 3));

  Schedule("p1", "icpc", v1::CONFERENCE_KIND_INITIAL, "req1");
  // 28 calendar days from the concern.
  EXPECT_EQ(LastEvent("case-p1").conference_scheduled().due_by().DebugString(),
            On(2019, 7, 1));
  Invite("p1", "icpc",
         {"mum", "dad", "friend", "child", "advocate", "sw", "hv", "police",
          "teacher"});

  // Reports go to the parents before the meeting; signing is not agreeing.
  v1::SubmitReport assessment =
      Report("p1", "sw-report", "sw", "Child Protection Assessment Report");
  ASSERT_EQ(Ok(assessment), Types{"ReportSubmitted"});
  v1::SubmitReport health =
      Report("p1", "hv-report", "hv", "Health visitor's report");
  ASSERT_EQ(Ok(health, HealthVisitor()), Types{"ReportSubmitted"});
  v1::ShareReport share;
  share.set_case_id("p1");
  share.set_report_id("sw-report");
  share.set_participant_id("mum");
  ASSERT_EQ(Ok(share), Types{"ReportShared"});
  v1::AcknowledgeReport signed_for;
  signed_for.set_case_id("p1");
  signed_for.set_report_id("sw-report");
  signed_for.set_participant_id("mum");
  ASSERT_EQ(Ok(signed_for), Types{"ReportAcknowledged"});
  EXPECT_EQ(LastEvent("case-p1").report_acknowledged().version(), 1);

  // The facts stay as written; the mother's disagreement is recorded.
  v1::RecordDisagreement disagreement;
  disagreement.set_case_id("p1");
  disagreement.set_disagreement_id("d1");
  disagreement.set_report_id("sw-report");
  disagreement.set_section(v1::REPORT_SECTION_FACTUAL_INFORMATION);
  disagreement.set_reason("The clinic cancelled two of the appointments");
  disagreement.set_participant_id("mum");
  ASSERT_EQ(Ok(disagreement), Types{"DisagreementRecorded"});
  const v1::DisagreementRecorded disagreed =
      LastEvent("case-p1").disagreement_recorded();
  EXPECT_EQ(disagreed.version(), 1);
  EXPECT_EQ(disagreed.reason(), "The clinic cancelled two of the appointments");

  // The child's views, through an advocate, answering the leaflet.
  v1::RecordChildViews views;
  views.set_case_id("p1");
  views.set_views_id("v1");
  views.set_conference_id("icpc");
  views.set_channel(v1::CHILD_VIEW_CHANNEL_ADVOCATE);
  *views.mutable_conveyed_by() = Person("advocate").person();
  views.set_good_things("Playing football with dad");
  views.set_difficult_things("When mum is poorly");
  views.set_who_helps_most("Gran");
  views.set_what_would_help("Someone to talk to at school");
  ASSERT_EQ(Ok(views), Types{"ChildViewsRecorded"});
  const v1::ChildViewsRecorded heard =
      LastEvent("case-p1").child_views_recorded();
  EXPECT_EQ(heard.conveyed_by().name(), "Jo Bell");
  EXPECT_EQ(heard.who_helps_most(), "Gran");

  v1::HoldPreMeeting pre;
  pre.set_case_id("p1");
  pre.set_conference_id("icpc");
  for (const char* id : {"mum", "dad", "child"}) pre.add_participant_ids(id);
  ASSERT_EQ(Ok(pre, Chair()), Types{"PreMeetingHeld"});

  SetDay(2019, 6, 17);  // the meeting
  Attend("p1", "icpc",
         {"mum", "dad", "friend", "advocate", "sw", "hv", "police", "teacher"});
  v1::RecordAttendance child_part;
  child_part.set_case_id("p1");
  child_part.set_conference_id("icpc");
  child_part.set_participant_id("child");
  child_part.set_attendance(v1::ATTENDANCE_ATTENDED_PART);
  child_part.set_part_attended("the first half hour");
  ASSERT_EQ(Ok(child_part, MinuteTaker()), Types{"AttendanceRecorded"});
  OpenMeeting("p1", "icpc");
  EXPECT_TRUE(LastEvent("case-p1").conference_opened().quorate());

  // Only professionals give a view (seed 003).
  v1::GiveRegistrationView parent_view;
  parent_view.set_case_id("p1");
  parent_view.set_conference_id("icpc");
  parent_view.set_participant_id("mum");
  parent_view.set_view(v1::REGISTRATION_VIEW_DO_NOT_REGISTER);
  Refused(parent_view, absl::StatusCode::kFailedPrecondition,
          rules::kViewsProfessionalsOnly);
  View("p1", "icpc", "sw", v1::REGISTRATION_VIEW_REGISTER);
  View("p1", "icpc", "hv", v1::REGISTRATION_VIEW_REGISTER);
  View("p1", "icpc", "police", v1::REGISTRATION_VIEW_DO_NOT_REGISTER);
  View("p1", "icpc", "teacher", v1::REGISTRATION_VIEW_DO_NOT_REGISTER);
  // The teacher changes their mind before the decision.
  View("p1", "icpc", "teacher", v1::REGISTRATION_VIEW_REGISTER);

  // The workers disagree: only the chair decides, and with reasons.
  v1::RecordDecision by_minutes = Decision("Majority view");
  Refused(by_minutes, MinuteTaker(), absl::StatusCode::kFailedPrecondition,
          rules::kDecisionChairDecides);
  v1::RecordDecision no_reasons = Decision("");
  Refused(no_reasons, Chair(), absl::StatusCode::kFailedPrecondition,
          rules::kDecisionChairReasons);
  v1::RecordDecision decision =
      Decision("Neglect is likely to continue without a plan");
  ASSERT_EQ(Ok(decision, Chair()), Types{"DecisionRecorded"});
  const v1::DecisionRecorded decided = LastEvent("case-p1").decision_recorded();
  EXPECT_TRUE(decided.chair_decided());
  EXPECT_EQ(decided.views_register(), 3);
  EXPECT_EQ(decided.views_do_not_register(), 1);
  EXPECT_EQ(decided.reasons(), "Neglect is likely to continue without a plan");
  EXPECT_EQ(decided.policy_version(), "perth-kinross-2018");
  // Seed 001: minutes within 15 working days, a review asked within 14 days.
  EXPECT_EQ(decided.minutes_due().DebugString(), On(2019, 7, 8));
  EXPECT_EQ(decided.review_request_due().DebugString(), On(2019, 7, 1));

  v1::GiveRegistrationView too_late;
  too_late.set_case_id("p1");
  too_late.set_conference_id("icpc");
  too_late.set_participant_id("police");
  too_late.set_view(v1::REGISTRATION_VIEW_REGISTER);
  Refused(too_late, absl::StatusCode::kFailedPrecondition,
          rules::kViewsBeforeDecision);

  // Dissent is recorded at a parent's request, not a supporter's.
  v1::RecordDissent dissent;
  dissent.set_case_id("p1");
  dissent.set_conference_id("icpc");
  dissent.set_participant_id("mum");
  dissent.set_statement("I do not agree that Jamie should be registered");
  ASSERT_EQ(Ok(dissent, Chair()), Types{"DissentRecorded"});
  v1::RecordDissent by_friend = dissent;
  by_friend.clear_idempotency_key();
  by_friend.set_participant_id("friend");
  Refused(by_friend, Chair(), absl::StatusCode::kFailedPrecondition,
          rules::kDissentByFamily);

  Register("p1", "icpc", {"Physical Neglect", "Parental Alcohol Misuse"});
  const v1::ChildRegistered registered =
      LastEvent("case-p1").child_registered();
  EXPECT_EQ(registered.policy_version(), "perth-kinross-2018");
  EXPECT_EQ(registered.child().other_names(0), "Jay");
  EXPECT_EQ(registered.registered_on().DebugString(), On(2019, 6, 17));
  // Seed 001: first review in 12 weeks, first Core Group in 10 days.
  EXPECT_EQ(registered.first_review_due().DebugString(), On(2019, 9, 9));
  EXPECT_EQ(registered.first_core_group_due().DebugString(), On(2019, 6, 27));

  SetDay(2019, 7, 8);  // the last day for the minutes
  v1::IssueMinutes minutes;
  minutes.set_case_id("p1");
  minutes.set_conference_id("icpc");
  minutes.set_document_ref("minutes/icpc.pdf");
  // Back-dated before the meeting, minutes would count as in time.
  *minutes.mutable_issued_on() = MakeDate(2019, 6, 16);
  Refused(minutes, MinuteTaker(), absl::StatusCode::kInvalidArgument, "input");
  minutes.clear_issued_on();
  ASSERT_EQ(Ok(minutes, MinuteTaker()), Types{"MinutesIssued"});
  const v1::MinutesIssued issued = LastEvent("case-p1").minutes_issued();
  EXPECT_TRUE(issued.in_time());
  EXPECT_EQ(issued.version(), 1);
  // Everyone who came, the child for part of it, and nobody who did not.
  EXPECT_EQ(Types(issued.recipient_participant_ids().begin(),
                  issued.recipient_participant_ids().end()),
            (Types{"advocate", "child", "dad", "friend", "hv", "mum", "police",
                   "sw", "teacher"}));

  // The case as it stands, and every view change still in the record.
  const CaseState state = Case("p1");
  EXPECT_TRUE(state.registration.registered);
  EXPECT_FALSE(state.registration.temporary);
  EXPECT_EQ(state.registration.conference_id, "icpc");
  EXPECT_EQ(state.registration.areas_of_concern,
            (Types{"Physical Neglect", "Parental Alcohol Misuse"}));
  EXPECT_EQ(state.registration.next_review_due, absl::CivilDay(2019, 9, 9));
  const ConferenceState& icpc = state.conferences.at("icpc");
  EXPECT_TRUE(icpc.dissenters.contains("mum"));
  EXPECT_EQ(icpc.views.at("teacher").changes, 1);
  EXPECT_EQ(EventsOf("p1", "RegistrationViewGiven").size(), 5u);
  EXPECT_EQ(EventsOf("p1", "DisagreementRecorded").size(), 1u);
  absl::StatusOr<RegisterEntryState> entry =
      commands_->LoadRegisterEntry("perth-and-kinross", "child-1");
  ASSERT_TRUE(entry.ok()) << entry.status();
  EXPECT_TRUE(entry->on_register);
  EXPECT_EQ(entry->case_id, "p1");
}

// Seed 001: a conference for an unborn baby. It is a pre-birth conference,
// due by 28 weeks' gestation; the baby takes no part and gives no views;
// the first review comes sooner (NG: 3 months); the birth is recorded
// later as new details of the same child.
TEST_F(InitialStoriesTest, APreBirthConferenceRegistersAnUnbornBaby) {
  SetDay(2024, 3, 4);
  OpenCase("b1", "fife", UnbornBaby("baby-1", MakeDate(2024, 6, 10)));
  const std::string opened_id = Stream("case-b1").front().event_id();

  v1::RequestConference initial;
  initial.set_case_id("b1");
  initial.set_request_id("req0");
  initial.set_kind(v1::CONFERENCE_KIND_INITIAL);
  initial.set_reasons("Domestic abuse during pregnancy");
  Refused(initial, HealthVisitor(), absl::StatusCode::kFailedPrecondition,
          rules::kConferenceKindFits);
  Request("b1", "req1", v1::CONFERENCE_KIND_PRE_BIRTH);
  Schedule("b1", "pbc", v1::CONFERENCE_KIND_PRE_BIRTH, "req1");
  // 28 days from the concern is 1 April, but 28 weeks' gestation comes
  // first: 12 weeks before the expected delivery.
  EXPECT_EQ(LastEvent("case-b1").conference_scheduled().due_by().DebugString(),
            On(2024, 3, 18));

  Invite("b1", "pbc", {"mum", "dad", "sw", "hv", "police"});
  v1::InviteParticipant baby;
  baby.set_case_id("b1");
  baby.set_conference_id("pbc");
  *baby.mutable_participant() = Person("child");
  Refused(baby, absl::StatusCode::kFailedPrecondition,
          rules::kUnbornNotParticipant);
  v1::RecordChildViews views;
  views.set_case_id("b1");
  views.set_views_id("v1");
  views.set_channel(v1::CHILD_VIEW_CHANNEL_SOCIAL_WORKER);
  *views.mutable_conveyed_by() = SocialWorkerPerson();
  views.set_other_views("None");
  Refused(views, absl::StatusCode::kFailedPrecondition, rules::kChildViewsBorn);

  SetDay(2024, 3, 14);
  Attend("b1", "pbc", {"mum", "dad", "sw", "hv", "police"});
  OpenMeeting("b1", "pbc");
  for (const char* id : {"sw", "hv", "police"}) {
    View("b1", "pbc", id, v1::REGISTRATION_VIEW_REGISTER);
  }
  // A unanimous view followed is not the chair's alone.
  DecideAs(MinuteTaker(), "b1", "pbc", {v1::OUTCOME_REGISTER});
  EXPECT_FALSE(LastEvent("case-b1").decision_recorded().chair_decided());
  Register("b1", "pbc", {"Domestic Abuse"});
  const v1::ChildRegistered registered =
      LastEvent("case-b1").child_registered();
  EXPECT_TRUE(registered.child().unborn());
  EXPECT_EQ(registered.child().expected_delivery_date().DebugString(),
            On(2024, 6, 10));
  EXPECT_FALSE(registered.child().has_date_of_birth());
  // Pre-birth: first review in 3 months, not 6. First Core Group in 15
  // working days, Good Friday (29 March) not counted.
  EXPECT_EQ(registered.first_review_due().DebugString(), On(2024, 6, 14));
  EXPECT_EQ(registered.first_core_group_due().DebugString(), On(2024, 4, 5));
  EXPECT_EQ(LastEvent("register-fife:baby-1").register_entry_opened().case_id(),
            "b1");

  // The baby is born: the same child, now with a date of birth.
  SetDay(2024, 6, 10);
  v1::AmendChildDetails birth;
  birth.set_case_id("b1");
  v1::ChildDetails& born = *birth.mutable_child();
  born.set_child_id("baby-1");
  born.set_given_name("Robin");
  born.set_family_name("Smith");
  *born.mutable_date_of_birth() = MakeDate(2024, 6, 8);
  birth.set_reason("Born on 8 June");
  ASSERT_EQ(Ok(birth), Types{"ChildDetailsAmended"});
  const v1::ChildDetailsAmended amended =
      LastEvent("case-b1").child_details_amended();
  EXPECT_TRUE(amended.birth_recorded());
  EXPECT_EQ(amended.corrects_event_id(), opened_id);
  v1::AmendChildDetails unborn_again;
  unborn_again.set_case_id("b1");
  *unborn_again.mutable_child() = UnbornBaby("baby-1", MakeDate(2024, 7, 1));
  unborn_again.set_reason("Mistake");
  Refused(unborn_again, absl::StatusCode::kFailedPrecondition,
          rules::kChildBirthFinal);

  // Still registered; a pre-birth conference no longer fits, and the
  // review falls due on the pre-birth date.
  const CaseState state = Case("b1");
  EXPECT_TRUE(state.registration.registered);
  EXPECT_FALSE(state.child.unborn());
  EXPECT_EQ(state.registration.areas_of_concern, Types{"Domestic Abuse"});
  v1::RequestConference pre_birth;
  pre_birth.set_case_id("b1");
  pre_birth.set_request_id("req2");
  pre_birth.set_kind(v1::CONFERENCE_KIND_PRE_BIRTH);
  pre_birth.set_reasons("Again");
  Refused(pre_birth, HealthVisitor(), absl::StatusCode::kFailedPrecondition,
          rules::kConferenceKindFits);
  Schedule("b1", "review1", v1::CONFERENCE_KIND_REVIEW, "");
  EXPECT_EQ(LastEvent("case-b1").conference_scheduled().due_by().DebugString(),
            On(2024, 6, 14));
}

}  // namespace
}  // namespace keeper::domain::testing
