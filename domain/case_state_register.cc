// The fold of registration on the child protection register;
// decide_register.cc checks the rules that read it.
#include "common/status_macros.h"
#include "domain/case_state_internal.h"
#include "domain/policy/dates.h"

namespace keeper::domain::internal {

absl::Status ApplyRegisterEvent(CaseState& state, const RecordedEvent& e) {
  const v1::DomainEvent& event = e.event;
  RegistrationState& registration = state.registration;
  switch (event.event_case()) {
    case v1::DomainEvent::kChildRegistered: {
      const v1::ChildRegistered& registered = event.child_registered();
      ASSIGN_OR_RETURN(ConferenceState * conference,
                       Conference(state, e, registered.conference_id()));
      conference->registered_by = true;
      registration = RegistrationState{};
      registration.registered = true;
      registration.conference_id = registered.conference_id();
      registration.registered_on =
          ToCivilDay(registered.registered_on()).value_or(absl::CivilDay());
      registration.areas_of_concern.assign(
          registered.areas_of_concern().begin(),
          registered.areas_of_concern().end());
      registration.lead_professional = registered.lead_professional();
      registration.details_event_id = e.event_id;
      registration.next_review_due = ToCivilDay(registered.first_review_due());
      registration.first_core_group_due =
          ToCivilDay(registered.first_core_group_due());
      state.ever_registered = true;
      state.core_group.clear();
      state.core_group_event_id.clear();
      state.last_core_group_meeting.reset();
      state.early_review_requested = false;
      return absl::OkStatus();
    }
    case v1::DomainEvent::kRegistrationAmended: {
      const v1::RegistrationAmended& amended = event.registration_amended();
      registration.areas_of_concern.assign(amended.areas_of_concern().begin(),
                                           amended.areas_of_concern().end());
      registration.lead_professional = amended.lead_professional();
      registration.details_event_id = e.event_id;
      return absl::OkStatus();
    }
    case v1::DomainEvent::kChildDeregistered:
    case v1::DomainEvent::kTemporaryRegistrationEnded:
      registration = RegistrationState{};
      return absl::OkStatus();
    case v1::DomainEvent::kTemporaryRegistrationMade: {
      const v1::TemporaryRegistrationMade& made =
          event.temporary_registration_made();
      registration = RegistrationState{};
      registration.registered = true;
      registration.temporary = true;
      registration.registered_on =
          ToCivilDay(made.starts_on()).value_or(absl::CivilDay());
      registration.areas_of_concern.assign(made.areas_of_concern().begin(),
                                           made.areas_of_concern().end());
      registration.lead_professional = made.lead_professional();
      registration.details_event_id = e.event_id;
      return absl::OkStatus();
    }
    default:
      return Inconsistent(e, "not a register event");
  }
}

}  // namespace keeper::domain::internal
