// The fold of the child's plan, its tasks, the core group and home visits;
// decide_plan.cc checks the rules that read it.
#include "domain/case_state_internal.h"
#include "domain/policy/dates.h"

namespace keeper::domain::internal {

absl::Status ApplyPlanEvent(CaseState& state, const RecordedEvent& e) {
  const v1::DomainEvent& event = e.event;
  switch (event.event_case()) {
    case v1::DomainEvent::kChildsPlanRecorded:
      state.plan_version = event.childs_plan_recorded().version();
      state.plan_event_id = e.event_id;
      return absl::OkStatus();
    case v1::DomainEvent::kPlanTaskAdded:
      state.tasks[event.plan_task_added().task_id()] =
          v1::TASK_STATUS_IN_PROGRESS;
      return absl::OkStatus();
    case v1::DomainEvent::kPlanTaskUpdated:
      state.tasks[event.plan_task_updated().task_id()] =
          event.plan_task_updated().status();
      return absl::OkStatus();
    case v1::DomainEvent::kCoreGroupNamed:
      state.core_group.clear();
      for (const v1::Participant& member : event.core_group_named().members()) {
        state.core_group[member.participant_id()] = member;
        state.people[member.participant_id()] = member;
      }
      state.core_group_event_id = e.event_id;
      return absl::OkStatus();
    case v1::DomainEvent::kCoreGroupMeetingHeld:
      state.core_group_meetings.insert(
          event.core_group_meeting_held().meeting_id());
      state.last_core_group_meeting =
          ToCivilDay(event.core_group_meeting_held().held_on());
      state.registration.first_core_group_due.reset();
      return absl::OkStatus();
    case v1::DomainEvent::kEarlyReviewRequested:
      state.early_review_requested = true;
      return absl::OkStatus();
    case v1::DomainEvent::kHomeVisitRecorded:
      state.home_visits.insert(event.home_visit_recorded().visit_id());
      return absl::OkStatus();
    default:
      return Inconsistent(e, "not a plan event");
  }
}

}  // namespace keeper::domain::internal
