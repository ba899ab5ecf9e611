// The fold's entry points and the helpers its slices share; the slices
// themselves are in case_state_*.cc.
#include "domain/case_state.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "common/strings.h"
#include "domain/case_state_internal.h"
#include "domain/event_codec.h"

namespace keeper::domain {
namespace internal {

absl::Status Inconsistent(const RecordedEvent& event, std::string_view what) {
  return absl::DataLossError(absl::StrCat(
      "event ", event.event_id, " (", EventType(event.event), "): ", Sv(what)));
}

absl::StatusOr<ConferenceState*> Conference(CaseState& state,
                                            const RecordedEvent& event,
                                            const std::string& id) {
  auto it = state.conferences.find(id);
  if (it == state.conferences.end()) {
    return Inconsistent(event, absl::StrCat("unknown conference ", id));
  }
  return &it->second;
}

}  // namespace internal

using internal::Inconsistent;

const v1::Participant* ConferenceState::FindParticipant(
    std::string_view id) const {
  if (auto it = attendance.find(std::string(id)); it != attendance.end()) {
    return &it->second.participant;
  }
  if (auto it = invited.find(std::string(id)); it != invited.end()) {
    return &it->second;
  }
  return nullptr;
}

bool ConferenceState::Decided(v1::Outcome outcome) const {
  return decided &&
         std::find(decision.outcomes().begin(), decision.outcomes().end(),
                   outcome) != decision.outcomes().end();
}

const ConferenceState* CaseState::FindConference(std::string_view id) const {
  auto it = conferences.find(std::string(id));
  return it == conferences.end() ? nullptr : &it->second;
}

absl::Status Evolve(CaseState& state, const RecordedEvent& e) {
  namespace in = internal;
  const v1::DomainEvent& event = e.event;
  if (!state.exists() && event.event_case() != v1::DomainEvent::kCaseOpened) {
    return Inconsistent(e, "a case stream starts with CaseOpened");
  }
  absl::Status status;
  // Every event is listed, so that the compiler names one left unrouted.
  switch (event.event_case()) {
    case v1::DomainEvent::kCaseOpened:
    case v1::DomainEvent::kChildDetailsAmended:
    case v1::DomainEvent::kConferenceRequested:
    case v1::DomainEvent::kConferenceScheduled:
      status = in::ApplyCaseEvent(state, e);
      break;
    case v1::DomainEvent::kParticipantInvited:
    case v1::DomainEvent::kPreMeetingHeld:
    case v1::DomainEvent::kAttendanceRecorded:
    case v1::DomainEvent::kConferenceOpened:
      status = in::ApplyMeetingEvent(state, e);
      break;
    case v1::DomainEvent::kReportSubmitted:
    case v1::DomainEvent::kReportPartRestricted:
    case v1::DomainEvent::kReportShared:
    case v1::DomainEvent::kReportAcknowledged:
    case v1::DomainEvent::kDisagreementRecorded:
    case v1::DomainEvent::kChildViewsRecorded:
      status = in::ApplyReportEvent(state, e);
      break;
    case v1::DomainEvent::kRegistrationViewGiven:
    case v1::DomainEvent::kDecisionRecorded:
    case v1::DomainEvent::kDissentRecorded:
      status = in::ApplyDecisionEvent(state, e);
      break;
    case v1::DomainEvent::kMinutesIssued:
    case v1::DomainEvent::kDecisionReviewRequested:
    case v1::DomainEvent::kDecisionReviewAnswered:
      status = in::ApplyMinutesAndReviewRequestEvent(state, e);
      break;
    case v1::DomainEvent::kChildRegistered:
    case v1::DomainEvent::kRegistrationAmended:
    case v1::DomainEvent::kChildDeregistered:
    case v1::DomainEvent::kTemporaryRegistrationMade:
    case v1::DomainEvent::kTemporaryRegistrationEnded:
      status = in::ApplyRegisterEvent(state, e);
      break;
    case v1::DomainEvent::kChildsPlanRecorded:
    case v1::DomainEvent::kPlanTaskAdded:
    case v1::DomainEvent::kPlanTaskUpdated:
    case v1::DomainEvent::kCoreGroupNamed:
    case v1::DomainEvent::kCoreGroupMeetingHeld:
    case v1::DomainEvent::kEarlyReviewRequested:
    case v1::DomainEvent::kHomeVisitRecorded:
      status = in::ApplyPlanEvent(state, e);
      break;
    case v1::DomainEvent::kTimescaleReasonRecorded:
      status = in::ApplyTimescaleEvent(state, e);
      break;
    case v1::DomainEvent::kSubjectAccessRequested:
    case v1::DomainEvent::kDisclosureRecorded:
      status = in::ApplyPrivacyEvent(state, e);
      break;
    case v1::DomainEvent::kRectificationRequested:
    case v1::DomainEvent::kRectificationDecided:
      status = in::ApplyRectificationEvent(state, e);
      break;
    case v1::DomainEvent::kRegisterEntryOpened:
    case v1::DomainEvent::kRegisterEntryClosed:
    case v1::DomainEvent::kLegalHoldPlaced:
    case v1::DomainEvent::kLegalHoldLifted:
      return Inconsistent(e, "not an event of a case stream");
    case v1::DomainEvent::EVENT_NOT_SET:
      return Inconsistent(e, "no event set");
  }
  RETURN_IF_ERROR(status);
  if (e.position > 0) {
    state.events[e.position] = CaseEventRef{e.event_id, EventType(event)};
  }
  ++state.version;
  return absl::OkStatus();
}

absl::Status EvolveRegisterEntry(RegisterEntryState& state,
                                 const RecordedEvent& e) {
  switch (e.event.event_case()) {
    case v1::DomainEvent::kRegisterEntryOpened:
      state.on_register = true;
      state.case_id = e.event.register_entry_opened().case_id();
      state.temporary = e.event.register_entry_opened().temporary();
      break;
    case v1::DomainEvent::kRegisterEntryClosed:
      state.on_register = false;
      state.temporary = false;
      break;
    default:
      return Inconsistent(e, "not an event of a register stream");
  }
  ++state.version;
  return absl::OkStatus();
}

}  // namespace keeper::domain
