// The fold of a conference's invitations, attendance and opening;
// decide_meeting.cc checks the rules that read it.
#include "common/status_macros.h"
#include "domain/case_state_internal.h"
#include "domain/policy/dates.h"

namespace keeper::domain::internal {

absl::Status ApplyMeetingEvent(CaseState& state, const RecordedEvent& e) {
  const v1::DomainEvent& event = e.event;
  switch (event.event_case()) {
    case v1::DomainEvent::kParticipantInvited: {
      const v1::ParticipantInvited& invited = event.participant_invited();
      ASSIGN_OR_RETURN(ConferenceState * conference,
                       Conference(state, e, invited.conference_id()));
      const std::string& id = invited.participant().participant_id();
      conference->invited[id] = invited.participant();
      state.people[id] = invited.participant();
      return absl::OkStatus();
    }
    case v1::DomainEvent::kPreMeetingHeld:
      return Conference(state, e, event.pre_meeting_held().conference_id())
          .status();
    case v1::DomainEvent::kAttendanceRecorded: {
      const v1::AttendanceRecorded& recorded = event.attendance_recorded();
      ASSIGN_OR_RETURN(ConferenceState * conference,
                       Conference(state, e, recorded.conference_id()));
      const std::string& id = recorded.participant().participant_id();
      conference->attendance[id] = {recorded.participant(),
                                    recorded.attendance(), e.event_id};
      state.people[id] = recorded.participant();
      return absl::OkStatus();
    }
    case v1::DomainEvent::kConferenceOpened: {
      const v1::ConferenceOpened& opened = event.conference_opened();
      ASSIGN_OR_RETURN(ConferenceState * conference,
                       Conference(state, e, opened.conference_id()));
      conference->opened = true;
      conference->quorate = opened.quorate();
      conference->reconvene_by = ToCivilDay(opened.reconvene_by());
      state.opened_order.push_back(opened.conference_id());
      return absl::OkStatus();
    }
    default:
      return Inconsistent(e, "not a meeting event");
  }
}

}  // namespace keeper::domain::internal
