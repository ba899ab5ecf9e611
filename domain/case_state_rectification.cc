// The fold of rectification requests and their outcomes;
// decide_rectification.cc and rectification.cc read it.
#include "domain/case_state_internal.h"

namespace keeper::domain::internal {

absl::Status ApplyRectificationEvent(CaseState& state, const RecordedEvent& e) {
  switch (e.event.event_case()) {
    case v1::DomainEvent::kRectificationRequested: {
      const v1::RectificationRequested& requested =
          e.event.rectification_requested();
      RectificationState& rectification =
          state.rectifications[requested.request_id()];
      rectification.request = requested;
      rectification.requested_at = e.position;
      return absl::OkStatus();
    }
    case v1::DomainEvent::kRectificationDecided: {
      const v1::RectificationDecided& decided = e.event.rectification_decided();
      auto it = state.rectifications.find(decided.request_id());
      if (it == state.rectifications.end()) {
        return Inconsistent(e, "an outcome of no recorded request");
      }
      it->second.decided = true;
      it->second.decision = decided;
      return absl::OkStatus();
    }
    default:
      return Inconsistent(e, "not a rectification event");
  }
}

}  // namespace keeper::domain::internal
