// Deciders for the time on the register: the Child's Plan and its tasks,
// the Core Group and its meetings, early reviews and home visits.
#include <set>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "domain/decide_internal.h"
#include "domain/ids.h"
#include "domain/policy/dates.h"
#include "domain/policy/rule_violation.h"
#include "domain/rules.h"

namespace keeper::domain::internal {
namespace {

absl::Status RequireRegistered(const CaseState& state, std::string_view what) {
  if (state.registration.registered) return absl::OkStatus();
  return Broken(rules::kRegistered, "case_id",
                absl::StrCat(Sv(what), " is for a child on the register"));
}

}  // namespace

absl::StatusOr<Events> RecordChildsPlan(const CaseState& state,
                                        const v1::RecordChildsPlan& command,
                                        const CommandContext&) {
  RETURN_IF_ERROR(RequireRegistered(state, "a Child's Plan"));
  RETURN_IF_ERROR(RequireText(command.summary(), "summary",
                              "a plan says how risks are to be reduced"));
  if (command.conference_id().empty() == command.meeting_id().empty()) {
    return Invalid("conference_id",
                   "a plan is made at a conference or updated at a Core "
                   "Group meeting: name exactly one");
  }
  if (!command.conference_id().empty()) {
    RETURN_IF_ERROR(FindConference(state, command.conference_id()).status());
  } else if (!state.core_group_meetings.contains(command.meeting_id())) {
    return Missing("meeting_id", "no such Core Group meeting");
  }
  v1::DomainEvent event;
  v1::ChildsPlanRecorded& plan = *event.mutable_childs_plan_recorded();
  plan.set_case_id(state.case_id);
  plan.set_version(state.plan_version + 1);
  plan.set_summary(command.summary());
  plan.set_conference_id(command.conference_id());
  plan.set_meeting_id(command.meeting_id());
  plan.set_supersedes_event_id(state.plan_event_id);
  return Events{ForCase(state, std::move(event))};
}

absl::StatusOr<Events> AddPlanTask(const CaseState& state,
                                   const v1::AddPlanTask& command,
                                   const CommandContext&) {
  RETURN_IF_ERROR(RequireRegistered(state, "a plan task"));
  if (state.plan_version == 0) {
    return Broken(rules::kPlanExists, "task_id",
                  "a task belongs to the Child's Plan: record the plan first");
  }
  RETURN_IF_ERROR(CheckId(command.task_id(), "task_id"));
  if (state.tasks.contains(command.task_id())) {
    return Duplicate(rules::kOnce, "task_id", "the task exists");
  }
  RETURN_IF_ERROR(CheckPerson(command.who(), "who", false));
  RETURN_IF_ERROR(
      RequireText(command.what(), "what", "say what is to be done"));
  ASSIGN_OR_RETURN(absl::CivilDay by_when,
                   RequiredDay(command.by_when(), "by_when"));
  v1::DomainEvent event;
  v1::PlanTaskAdded& task = *event.mutable_plan_task_added();
  task.set_case_id(state.case_id);
  task.set_task_id(command.task_id());
  *task.mutable_who() = command.who();
  task.set_what(command.what());
  *task.mutable_by_when() = ToDate(by_when);
  return Events{ForCase(state, std::move(event))};
}

absl::StatusOr<Events> UpdatePlanTask(const CaseState& state,
                                      const v1::UpdatePlanTask& command,
                                      const CommandContext&) {
  RETURN_IF_ERROR(CheckId(command.task_id(), "task_id"));
  auto it = state.tasks.find(command.task_id());
  if (it == state.tasks.end()) return Missing("task_id", "no such task");
  if (command.status() == v1::TASK_STATUS_UNSPECIFIED ||
      !v1::TaskStatus_IsValid(command.status())) {
    return Invalid("status", "give the task's status");
  }
  if (it->second == command.status()) {
    return Duplicate(rules::kOnce, "status", "the task already has it");
  }
  v1::DomainEvent event;
  v1::PlanTaskUpdated& task = *event.mutable_plan_task_updated();
  task.set_case_id(state.case_id);
  task.set_task_id(command.task_id());
  task.set_status(command.status());
  task.set_note(command.note());
  return Events{ForCase(state, std::move(event))};
}

absl::StatusOr<Events> NameCoreGroup(const CaseState& state,
                                     const v1::NameCoreGroup& command,
                                     const CommandContext&) {
  RETURN_IF_ERROR(RequireRegistered(state, "a Core Group"));
  if (command.members().empty()) {
    return Invalid("members", "a Core Group has members");
  }
  std::set<std::string> ids;
  for (int i = 0; i < command.members_size(); ++i) {
    const std::string field = absl::StrCat("members[", i, "]");
    RETURN_IF_ERROR(CheckParticipant(command.members(i), field));
    RETURN_IF_ERROR(CheckSameRole(state, command.members(i), field + ".role"));
    if (!ids.insert(command.members(i).participant_id()).second) {
      return Invalid(field, "a member is named twice");
    }
  }
  if (!command.conference_id().empty()) {
    RETURN_IF_ERROR(FindConference(state, command.conference_id()).status());
  }
  v1::DomainEvent event;
  v1::CoreGroupNamed& named = *event.mutable_core_group_named();
  named.set_case_id(state.case_id);
  *named.mutable_members() = command.members();
  named.set_conference_id(command.conference_id());
  named.set_replaces_event_id(state.core_group_event_id);
  return Events{ForCase(state, std::move(event))};
}

absl::StatusOr<Events> RecordCoreGroupMeeting(
    const CaseState& state, const v1::RecordCoreGroupMeeting& command,
    const CommandContext& context) {
  RETURN_IF_ERROR(RequireRegistered(state, "a Core Group meeting"));
  if (state.core_group.empty()) {
    return Broken(rules::kCoreGroupNamed, "case_id",
                  "the Core Group has not been named");
  }
  RETURN_IF_ERROR(CheckId(command.meeting_id(), "meeting_id"));
  if (state.core_group_meetings.contains(command.meeting_id())) {
    return Duplicate(rules::kOnce, "meeting_id", "the meeting is recorded");
  }
  ASSIGN_OR_RETURN(absl::CivilDay held_on,
                   DayOrToday(command.held_on(), "held_on", context));
  if (command.attendee_participant_ids().empty()) {
    return Invalid("attendee_participant_ids", "name who attended");
  }
  for (const std::string& id : command.attendee_participant_ids()) {
    RETURN_IF_ERROR(FindPerson(state, id, "attendee_participant_ids").status());
  }
  // The first meeting is due after the registering conference, later ones
  // an interval after the previous.
  std::optional<absl::CivilDay> due = state.registration.first_core_group_due;
  const bool first = !state.last_core_group_meeting.has_value();
  if (!first) {
    ASSIGN_OR_RETURN(due,
                     Due(context, state, *state.last_core_group_meeting,
                         context.policy->timescales().core_group_interval()));
  }
  v1::DomainEvent event;
  v1::CoreGroupMeetingHeld& meeting = *event.mutable_core_group_meeting_held();
  meeting.set_case_id(state.case_id);
  meeting.set_meeting_id(command.meeting_id());
  *meeting.mutable_held_on() = ToDate(held_on);
  *meeting.mutable_attendee_participant_ids() =
      command.attendee_participant_ids();
  meeting.set_notes(command.notes());
  if (due.has_value()) {
    *meeting.mutable_due_by() = ToDate(*due);
    meeting.set_in_time(held_on <= *due);
  }
  meeting.set_policy_version(context.policy->version());
  return Events{ForCase(state, std::move(event))};
}

absl::StatusOr<Events> RequestEarlyReview(const CaseState& state,
                                          const v1::RequestEarlyReview& command,
                                          const CommandContext&) {
  RETURN_IF_ERROR(RequireRegistered(state, "an early review"));
  RETURN_IF_ERROR(CheckId(command.meeting_id(), "meeting_id"));
  if (!state.core_group_meetings.contains(command.meeting_id())) {
    return Missing("meeting_id",
                   "the Core Group calls an early review at one of its "
                   "meetings; no such meeting");
  }
  if (state.early_review_requested) {
    return Duplicate(rules::kOnce, "meeting_id",
                     "an early review is already requested and not yet "
                     "scheduled");
  }
  RETURN_IF_ERROR(RequireText(command.reason(), "reason",
                              "say why the plan is not working"));
  v1::DomainEvent event;
  v1::EarlyReviewRequested& request = *event.mutable_early_review_requested();
  request.set_case_id(state.case_id);
  request.set_meeting_id(command.meeting_id());
  request.set_reason(command.reason());
  return Events{ForCase(state, std::move(event))};
}

absl::StatusOr<Events> RecordHomeVisit(const CaseState& state,
                                       const v1::RecordHomeVisit& command,
                                       const CommandContext& context) {
  RETURN_IF_ERROR(CheckId(command.visit_id(), "visit_id"));
  if (state.home_visits.contains(command.visit_id())) {
    return Duplicate(rules::kOnce, "visit_id", "the visit is recorded");
  }
  ASSIGN_OR_RETURN(absl::CivilDay visited_on,
                   DayOrToday(command.visited_on(), "visited_on", context));
  RETURN_IF_ERROR(CheckPerson(command.visitor(), "visitor", true));
  if (!command.child_seen()) {
    RETURN_IF_ERROR(RequireText(command.child_not_seen_reason(),
                                "child_not_seen_reason",
                                "say why the child was not seen"));
  } else if (!command.child_not_seen_reason().empty()) {
    return Invalid("child_not_seen_reason", "the child was seen");
  }
  if (command.child_seen_alone() && !command.child_seen()) {
    return Invalid("child_seen_alone", "the child was not seen");
  }
  v1::DomainEvent event;
  v1::HomeVisitRecorded& visit = *event.mutable_home_visit_recorded();
  visit.set_case_id(state.case_id);
  visit.set_visit_id(command.visit_id());
  *visit.mutable_visited_on() = ToDate(visited_on);
  visit.set_announced(command.announced());
  visit.set_child_seen(command.child_seen());
  visit.set_child_seen_alone(command.child_seen_alone());
  visit.set_child_not_seen_reason(command.child_not_seen_reason());
  *visit.mutable_visitor() = command.visitor();
  visit.set_notes(command.notes());
  return Events{ForCase(state, std::move(event))};
}

}  // namespace keeper::domain::internal
