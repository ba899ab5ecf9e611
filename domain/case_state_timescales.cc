// The fold of the reasons given for timescales; decide_timescales.cc reads
// it.
#include "domain/case_state_internal.h"

namespace keeper::domain::internal {

absl::Status ApplyTimescaleEvent(CaseState& state, const RecordedEvent& e) {
  if (e.event.event_case() != v1::DomainEvent::kTimescaleReasonRecorded) {
    return Inconsistent(e, "not a timescale event");
  }
  state.timescale_reasons.insert(
      e.event.timescale_reason_recorded().reason_id());
  return absl::OkStatus();
}

}  // namespace keeper::domain::internal
