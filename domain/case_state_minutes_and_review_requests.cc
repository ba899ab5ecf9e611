// The fold of minutes and of requests to review a decision;
// decide_minutes_and_review_requests.cc checks the rules that read it.
#include "common/status_macros.h"
#include "domain/case_state_internal.h"

namespace keeper::domain::internal {

absl::Status ApplyMinutesAndReviewRequestEvent(CaseState& state,
                                               const RecordedEvent& e) {
  const v1::DomainEvent& event = e.event;
  switch (event.event_case()) {
    case v1::DomainEvent::kMinutesIssued: {
      const v1::MinutesIssued& minutes = event.minutes_issued();
      ASSIGN_OR_RETURN(ConferenceState * conference,
                       Conference(state, e, minutes.conference_id()));
      conference->minutes_version = minutes.version();
      conference->minutes_event_id = e.event_id;
      return absl::OkStatus();
    }
    case v1::DomainEvent::kDecisionReviewRequested:
      state.review_requests[event.decision_review_requested().request_id()] =
          event.decision_review_requested();
      return absl::OkStatus();
    case v1::DomainEvent::kDecisionReviewAnswered:
      state.answered_review_requests.insert(
          event.decision_review_answered().request_id());
      return absl::OkStatus();
    default:
      return Inconsistent(e, "not a minutes or review request event");
  }
}

}  // namespace keeper::domain::internal
