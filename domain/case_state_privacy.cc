// The fold of subject access requests and disclosures; decide_privacy.cc
// reads it.
#include "domain/case_state_internal.h"

namespace keeper::domain::internal {

absl::Status ApplyPrivacyEvent(CaseState& state, const RecordedEvent& e) {
  switch (e.event.event_case()) {
    case v1::DomainEvent::kSubjectAccessRequested: {
      const v1::SubjectAccessRequested& requested =
          e.event.subject_access_requested();
      state.subject_access_requests[requested.request_id()] = requested;
      return absl::OkStatus();
    }
    case v1::DomainEvent::kDisclosureRecorded:
      return absl::OkStatus();  // a request may be answered more than once
    default:
      return Inconsistent(e, "not a privacy event");
  }
}

}  // namespace keeper::domain::internal
