// The register and the time on it (SPEC §2.8 and §2.10): registration and
// its amendment, the Child's Plan and its tasks, the Core Group and its
// meetings, early reviews, home visits and deregistration. Happy paths
// with their exact events, and the refusals that write nothing.
#include "gtest/gtest.h"
#include "domain/rules.h"
#include "tests/domain/domain_fixture.h"

namespace keeper::domain::testing {
namespace {

class RegisterCommandsTest : public DomainTest {
 protected:
  // c1: registered at c1-icpc on Monday 4 March 2024; c2: not registered.
  void SetUp() override {
    DomainTest::SetUp();
    RegisteredCase("c1", "fife", "child-1");
    OpenCase("c2", "fife", BornChild("child-2"));
  }

  std::string LastId(const std::string& case_id) {
    return Stream("case-" + case_id).back().event_id();
  }

  v1::RecordChildsPlan Plan(const std::string& conference_id,
                            const std::string& meeting_id,
                            const std::string& case_id = "c1") {
    v1::RecordChildsPlan command;
    command.set_case_id(case_id);
    command.set_summary("Mum attends the parenting course; weekly visits");
    command.set_conference_id(conference_id);
    command.set_meeting_id(meeting_id);
    return command;
  }

  v1::AddPlanTask Task(const std::string& task_id) {
    v1::AddPlanTask command;
    command.set_case_id("c1");
    command.set_task_id(task_id);
    *command.mutable_who() = Person("mum").person();
    command.set_what("Attend the parenting course");
    *command.mutable_by_when() = MakeDate(2024, 4, 30);
    return command;
  }

  v1::NameCoreGroup CoreGroup(const std::vector<std::string>& ids) {
    v1::NameCoreGroup command;
    command.set_case_id("c1");
    command.set_conference_id("c1-icpc");
    for (const std::string& id : ids) *command.add_members() = Person(id);
    return command;
  }

  v1::RecordCoreGroupMeeting Meeting(const std::string& meeting_id) {
    v1::RecordCoreGroupMeeting command;
    command.set_case_id("c1");
    command.set_meeting_id(meeting_id);
    for (const char* id : {"mum", "sw", "hv"}) {
      command.add_attendee_participant_ids(id);
    }
    return command;
  }

  v1::RecordHomeVisit Visit(const std::string& visit_id) {
    v1::RecordHomeVisit command;
    command.set_case_id("c1");
    command.set_visit_id(visit_id);
    command.set_announced(false);
    command.set_child_seen(true);
    command.set_child_seen_alone(true);
    *command.mutable_visitor() = SocialWorkerPerson();
    return command;
  }
};

TEST_F(RegisterCommandsTest, RegistrationWritesTheCaseAndTheRegister) {
  QuorateConference("c2", "k2", v1::CONFERENCE_KIND_INITIAL,
                    v1::REGISTRATION_VIEW_REGISTER);
  v1::RegisterChild command;
  command.set_case_id("c2");
  command.set_conference_id("k2");
  command.add_areas_of_concern("Emotional Abuse");
  *command.mutable_lead_professional() = SocialWorkerPerson();
  v1::RegisterChild twice_named = command;
  twice_named.add_areas_of_concern("Emotional Abuse");
  Refused(twice_named, kInvalid, "input");
  v1::RegisterChild no_agency = command;
  no_agency.mutable_lead_professional()->clear_agency();
  Refused(no_agency, kInvalid, "input");
  v1::RegisterChild unknown = command;
  unknown.set_conference_id("k9");
  Refused(unknown, kNotFound, "exists");

  absl::StatusOr<v1::CommandResult> result = Run(command);
  ASSERT_TRUE(result.ok()) << result.status();
  ASSERT_EQ(result->events_size(), 2);
  EXPECT_EQ(result->events(0).event_type(), "ChildRegistered");
  EXPECT_EQ(result->events(0).stream_id(), "case-c2");
  EXPECT_EQ(result->events(1).event_type(), "RegisterEntryOpened");
  EXPECT_EQ(result->events(1).stream_id(), "register-fife:child-2");
  EXPECT_EQ(result->events(1).stream_version(), 1u);
  EXPECT_EQ(result->case_version(), Case("c2").version);
  EXPECT_FALSE(result->deduplicated());
}

TEST_F(RegisterCommandsTest, AmendRegistration) {
  const std::string registration_id = [&] {
    for (const auto& envelope : Stream("case-c1")) {
      if (envelope.event_type() == "ChildRegistered") {
        return envelope.event_id();
      }
    }
    return std::string();
  }();
  v1::AmendRegistration command;
  command.set_case_id("c1");
  command.add_areas_of_concern("Domestic Abuse");
  command.add_areas_of_concern("Physical Neglect");
  *command.mutable_lead_professional() = Person("hv").person();
  command.set_reason("Neglect confirmed at the Core Group");
  const auto changed = [&](auto change) {
    v1::AmendRegistration copy = command;
    change(copy);
    return copy;
  };
  auto no_reason = changed([](v1::AmendRegistration& c) { c.clear_reason(); });
  Refused(no_reason, kInvalid, "input");
  auto english = changed(
      [](v1::AmendRegistration& c) { c.add_areas_of_concern("Neglect"); });
  Refused(english, kInvalid, "input");
  auto unregistered =
      changed([](v1::AmendRegistration& c) { c.set_case_id("c2"); });
  Refused(unregistered, kBroken, rules::kRegistered);

  ASSERT_EQ(Ok(command), Types{"RegistrationAmended"});
  const v1::RegistrationAmended amended =
      LastEvent("case-c1").registration_amended();
  EXPECT_EQ(amended.corrects_event_id(), registration_id);
  EXPECT_EQ(amended.policy_version(), "scotland-2023");
  const CaseState state = Case("c1");
  EXPECT_EQ(state.registration.areas_of_concern,
            (Types{"Domestic Abuse", "Physical Neglect"}));
  EXPECT_EQ(state.registration.lead_professional.name(), "Nadia Khan");
  EXPECT_EQ(state.registration.details_event_id, LastId("c1"));
}

TEST_F(RegisterCommandsTest, TheChildsPlanAndItsTasks) {
  v1::AddPlanTask early = Task("t1");
  Refused(early, kBroken, rules::kPlanExists);
  v1::RecordChildsPlan unregistered = Plan("k2", "", "c2");
  Refused(unregistered, kBroken, rules::kRegistered);
  v1::RecordChildsPlan both = Plan("c1-icpc", "m1");
  Refused(both, kInvalid, "input");
  v1::RecordChildsPlan neither = Plan("", "");
  Refused(neither, kInvalid, "input");
  v1::RecordChildsPlan unknown = Plan("k9", "");
  Refused(unknown, kNotFound, "exists");
  v1::RecordChildsPlan no_meeting = Plan("", "m9");
  Refused(no_meeting, kNotFound, "exists");

  v1::RecordChildsPlan plan = Plan("c1-icpc", "");
  ASSERT_EQ(Ok(plan), Types{"ChildsPlanRecorded"});
  const v1::ChildsPlanRecorded recorded =
      LastEvent("case-c1").childs_plan_recorded();
  EXPECT_EQ(recorded.version(), 1);
  EXPECT_EQ(recorded.supersedes_event_id(), "");

  // Seed 001: who does what, by when.
  v1::AddPlanTask task = Task("t1");
  ASSERT_EQ(Ok(task), Types{"PlanTaskAdded"});
  const v1::PlanTaskAdded added = LastEvent("case-c1").plan_task_added();
  EXPECT_EQ(added.who().name(), "Kim Smith");
  EXPECT_EQ(added.by_when().DebugString(), On(2024, 4, 30));
  v1::AddPlanTask duplicate = Task("t1");
  Refused(duplicate, kExists, rules::kOnce);
  v1::AddPlanTask undated = Task("t2");
  undated.clear_by_when();
  Refused(undated, kInvalid, "input");
  v1::AddPlanTask vague = Task("t2");
  vague.set_what(" ");
  Refused(vague, kInvalid, "input");
  v1::AddPlanTask nobody = Task("t2");
  nobody.mutable_who()->clear_name();
  Refused(nobody, kInvalid, "input");

  v1::UpdatePlanTask update;
  update.set_case_id("c1");
  update.set_task_id("t1");
  update.set_status(v1::TASK_STATUS_DONE);
  update.set_note("Certificate seen");
  ASSERT_EQ(Ok(update), Types{"PlanTaskUpdated"});
  v1::UpdatePlanTask same = update;
  same.clear_idempotency_key();
  Refused(same, kExists, rules::kOnce);
  v1::UpdatePlanTask no_status = update;
  no_status.clear_idempotency_key();
  no_status.clear_status();
  Refused(no_status, kInvalid, "input");
  v1::UpdatePlanTask unknown_task = update;
  unknown_task.clear_idempotency_key();
  unknown_task.set_task_id("t9");
  Refused(unknown_task, kNotFound, "exists");
  EXPECT_EQ(Case("c1").tasks.at("t1"), v1::TASK_STATUS_DONE);
}

TEST_F(RegisterCommandsTest, TheCoreGroupAndItsMeetings) {
  v1::RecordCoreGroupMeeting unnamed = Meeting("m1");
  Refused(unnamed, kBroken, rules::kCoreGroupNamed);
  v1::NameCoreGroup empty = CoreGroup({});
  Refused(empty, kInvalid, "input");
  v1::NameCoreGroup doubled = CoreGroup({"mum", "mum"});
  Refused(doubled, kInvalid, "input");
  v1::NameCoreGroup recast = CoreGroup({"sw"});
  recast.mutable_members(0)->set_role(v1::PARTY_ROLE_PARENT);
  Refused(recast, kBroken, rules::kParticipantOneRole);

  v1::NameCoreGroup named = CoreGroup({"mum", "sw", "hv", "teacher"});
  ASSERT_EQ(Ok(named), Types{"CoreGroupNamed"});
  const std::string first_group = LastId("c1");
  v1::NameCoreGroup renamed = CoreGroup({"mum", "sw", "hv"});
  ASSERT_EQ(Ok(renamed), Types{"CoreGroupNamed"});
  EXPECT_EQ(LastEvent("case-c1").core_group_named().replaces_event_id(),
            first_group);
  v1::RecordChildsPlan plan = Plan("c1-icpc", "");
  ASSERT_EQ(Ok(plan), Types{"ChildsPlanRecorded"});
  const std::string first_plan = LastId("c1");

  // NG: the first meeting within 15 working days of the conference.
  SetDay(2024, 3, 25);
  v1::RecordCoreGroupMeeting no_one = Meeting("m1");
  no_one.clear_attendee_participant_ids();
  Refused(no_one, kInvalid, "input");
  v1::RecordCoreGroupMeeting stranger = Meeting("m1");
  stranger.add_attendee_participant_ids("gran");
  Refused(stranger, kNotFound, "exists");
  v1::RecordCoreGroupMeeting future = Meeting("m1");
  *future.mutable_held_on() = MakeDate(2024, 3, 26);
  Refused(future, kInvalid, "input");
  v1::RecordCoreGroupMeeting first = Meeting("m1");
  ASSERT_EQ(Ok(first), Types{"CoreGroupMeetingHeld"});
  const v1::CoreGroupMeetingHeld held =
      LastEvent("case-c1").core_group_meeting_held();
  EXPECT_EQ(held.due_by().DebugString(), On(2024, 3, 25));
  EXPECT_TRUE(held.in_time());
  v1::RecordCoreGroupMeeting again = Meeting("m1");
  Refused(again, kExists, rules::kOnce);

  // Then every 4 weeks: 22 April; held on the 26th, it is late.
  SetDay(2024, 4, 26);
  v1::RecordCoreGroupMeeting second = Meeting("m2");
  ASSERT_EQ(Ok(second), Types{"CoreGroupMeetingHeld"});
  const v1::CoreGroupMeetingHeld late =
      LastEvent("case-c1").core_group_meeting_held();
  EXPECT_EQ(late.due_by().DebugString(), On(2024, 4, 22));
  EXPECT_FALSE(late.in_time());
  EXPECT_EQ(late.policy_version(), "scotland-2023");

  // The Core Group updates the plan: a new version naming the old.
  v1::RecordChildsPlan update = Plan("", "m2");
  ASSERT_EQ(Ok(update), Types{"ChildsPlanRecorded"});
  const v1::ChildsPlanRecorded v2 = LastEvent("case-c1").childs_plan_recorded();
  EXPECT_EQ(v2.version(), 2);
  EXPECT_EQ(v2.meeting_id(), "m2");
  EXPECT_EQ(v2.supersedes_event_id(), first_plan);
}

TEST_F(RegisterCommandsTest, TheCoreGroupCallsAnEarlyReview) {
  v1::NameCoreGroup named = CoreGroup({"mum", "sw", "hv"});
  ASSERT_EQ(Ok(named), Types{"CoreGroupNamed"});
  v1::RecordCoreGroupMeeting meeting = Meeting("m1");
  ASSERT_EQ(Ok(meeting), Types{"CoreGroupMeetingHeld"});

  v1::RequestEarlyReview request;
  request.set_case_id("c1");
  request.set_meeting_id("m9");
  request.set_reason("Mum has stopped attending the course");
  Refused(request, kNotFound, "exists");
  request.clear_idempotency_key();
  request.set_meeting_id("m1");
  request.clear_reason();
  Refused(request, kInvalid, "input");
  request.clear_idempotency_key();
  request.set_reason("Mum has stopped attending the course");
  ASSERT_EQ(Ok(request), Types{"EarlyReviewRequested"});
  EXPECT_EQ(LastEvent("case-c1").early_review_requested().meeting_id(), "m1");
  EXPECT_TRUE(Case("c1").early_review_requested);
  v1::RequestEarlyReview again = request;
  again.clear_idempotency_key();
  Refused(again, kExists, rules::kOnce);
  // Once a review is scheduled, the Core Group may call another.
  Schedule("c1", "review1", v1::CONFERENCE_KIND_REVIEW, "");
  EXPECT_FALSE(Case("c1").early_review_requested);
  v1::RequestEarlyReview later = request;
  later.clear_idempotency_key();
  EXPECT_EQ(Ok(later), Types{"EarlyReviewRequested"});
  v1::RequestEarlyReview unregistered = request;
  unregistered.clear_idempotency_key();
  unregistered.set_case_id("c2");
  Refused(unregistered, kBroken, rules::kRegistered);
}

TEST_F(RegisterCommandsTest, HomeVisits) {
  v1::RecordHomeVisit visit = Visit("h1");
  ASSERT_EQ(Ok(visit), Types{"HomeVisitRecorded"});
  const v1::HomeVisitRecorded recorded =
      LastEvent("case-c1").home_visit_recorded();
  EXPECT_FALSE(recorded.announced());
  EXPECT_TRUE(recorded.child_seen_alone());
  EXPECT_EQ(recorded.visited_on().DebugString(), On(2024, 3, 4));
  v1::RecordHomeVisit duplicate = Visit("h1");
  Refused(duplicate, kExists, rules::kOnce);

  v1::RecordHomeVisit unseen = Visit("h2");
  unseen.set_child_seen(false);
  unseen.set_child_seen_alone(false);
  Refused(unseen, kInvalid, "input");  // why not?
  v1::RecordHomeVisit contradictory = Visit("h2");
  contradictory.set_child_not_seen_reason("Asleep");
  Refused(contradictory, kInvalid, "input");
  v1::RecordHomeVisit alone_unseen = unseen;
  alone_unseen.clear_idempotency_key();
  alone_unseen.set_child_not_seen_reason("At school");
  alone_unseen.set_child_seen_alone(true);
  Refused(alone_unseen, kInvalid, "input");
  v1::RecordHomeVisit no_agency = Visit("h2");
  no_agency.mutable_visitor()->clear_agency();
  Refused(no_agency, kInvalid, "input");
  v1::RecordHomeVisit future = Visit("h2");
  *future.mutable_visited_on() = MakeDate(2024, 3, 5);
  Refused(future, kInvalid, "input");

  v1::RecordHomeVisit not_seen = unseen;
  not_seen.clear_idempotency_key();
  not_seen.set_child_not_seen_reason("At school");
  ASSERT_EQ(Ok(not_seen), Types{"HomeVisitRecorded"});
  EXPECT_EQ(LastEvent("case-c1").home_visit_recorded().child_not_seen_reason(),
            "At school");
}

TEST_F(RegisterCommandsTest, DeathEndsTheRegistrationAndItsPlan) {
  v1::RecordChildsPlan plan = Plan("c1-icpc", "");
  ASSERT_EQ(Ok(plan), Types{"ChildsPlanRecorded"});
  v1::DeregisterChild died;
  died.set_case_id("c1");
  died.set_reason(v1::DEREGISTRATION_REASON_DIED);
  *died.mutable_date_of_death() = MakeDate(2024, 3, 5);
  Refused(died, kInvalid, "input");  // not in the future
  died.clear_idempotency_key();
  *died.mutable_date_of_death() = MakeDate(2024, 3, 3);
  ASSERT_EQ(Ok(died), (Types{"ChildDeregistered", "RegisterEntryClosed"}));
  EXPECT_EQ(
      LastEvent("case-c1").child_deregistered().date_of_death().DebugString(),
      On(2024, 3, 3));
  EXPECT_FALSE(commands_->LoadRegisterEntry("fife", "child-1")->on_register);

  v1::AddPlanTask task = Task("t1");
  Refused(task, kBroken, rules::kRegistered);
  v1::RecordChildsPlan new_plan = Plan("c1-icpc", "");
  Refused(new_plan, kBroken, rules::kRegistered);
  v1::NameCoreGroup group = CoreGroup({"sw"});
  Refused(group, kBroken, rules::kRegistered);
  v1::AmendRegistration amend;
  amend.set_case_id("c1");
  amend.add_areas_of_concern("Domestic Abuse");
  *amend.mutable_lead_professional() = SocialWorkerPerson();
  amend.set_reason("Late information");
  Refused(amend, kBroken, rules::kRegistered);
}

// Off the register, a child may be registered again by a new conference:
// the earlier Core Group does not carry over.
TEST_F(RegisterCommandsTest, AChildMayBeRegisteredAgain) {
  v1::NameCoreGroup named = CoreGroup({"mum", "sw"});
  ASSERT_EQ(Ok(named), Types{"CoreGroupNamed"});
  QuorateConference("c1", "review1", v1::CONFERENCE_KIND_REVIEW,
                    v1::REGISTRATION_VIEW_DO_NOT_REGISTER);
  v1::DeregisterChild off;
  off.set_case_id("c1");
  off.set_reason(v1::DEREGISTRATION_REASON_REDUCED_RISK);
  off.set_conference_id("review1");
  ASSERT_EQ(Ok(off), (Types{"ChildDeregistered", "RegisterEntryClosed"}));

  SetDay(2024, 10, 7);
  QuorateConference("c1", "icpc2", v1::CONFERENCE_KIND_INITIAL,
                    v1::REGISTRATION_VIEW_REGISTER);
  Register("c1", "icpc2", {"Parental Drug Misuse"});
  const CaseState state = Case("c1");
  EXPECT_TRUE(state.registration.registered);
  EXPECT_EQ(state.registration.conference_id, "icpc2");
  EXPECT_TRUE(state.core_group.empty());
  EXPECT_EQ(Stream("register-fife:child-1").size(), 3u);
  v1::RecordCoreGroupMeeting meeting = Meeting("m1");
  Refused(meeting, kBroken, rules::kCoreGroupNamed);
}

}  // namespace
}  // namespace keeper::domain::testing
