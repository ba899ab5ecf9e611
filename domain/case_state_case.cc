// The fold of the case itself and of requests for and scheduling of its
// conferences; decide_case.cc checks the rules that read it.
#include "common/status_macros.h"
#include "domain/case_state_internal.h"

namespace keeper::domain::internal {

absl::Status ApplyCaseEvent(CaseState& state, const RecordedEvent& e) {
  const v1::DomainEvent& event = e.event;
  switch (event.event_case()) {
    case v1::DomainEvent::kCaseOpened: {
      if (state.exists()) return Inconsistent(e, "the case is already open");
      const v1::CaseOpened& opened = event.case_opened();
      state.case_id = opened.case_id();
      state.local_authority = opened.local_authority();
      state.child = opened.child();
      state.child_event_id = e.event_id;
      state.from_case = opened.from_case();
      return absl::OkStatus();
    }
    case v1::DomainEvent::kChildDetailsAmended:
      state.child = event.child_details_amended().child();
      state.child_event_id = e.event_id;
      return absl::OkStatus();
    case v1::DomainEvent::kConferenceRequested:
      state.requests[event.conference_requested().request_id()] =
          event.conference_requested();
      return absl::OkStatus();
    case v1::DomainEvent::kConferenceScheduled: {
      const v1::ConferenceScheduled& scheduled = event.conference_scheduled();
      ConferenceState& conference =
          state.conferences[scheduled.conference_id()];
      conference.conference_id = scheduled.conference_id();
      conference.kind = scheduled.kind();
      conference.chair = scheduled.chair();
      conference.minute_taker = scheduled.minute_taker();
      conference.reconvenes_conference_id =
          scheduled.reconvenes_conference_id();
      if (!scheduled.request_id().empty()) {
        state.scheduled_requests.insert(scheduled.request_id());
      }
      if (!scheduled.reconvenes_conference_id().empty()) {
        ASSIGN_OR_RETURN(
            ConferenceState * earlier,
            Conference(state, e, scheduled.reconvenes_conference_id()));
        earlier->reconvened = true;
      }
      if (scheduled.kind() == v1::CONFERENCE_KIND_REVIEW) {
        state.early_review_requested = false;
      }
      return absl::OkStatus();
    }
    default:
      return Inconsistent(e, "not a case event");
  }
}

}  // namespace keeper::domain::internal
