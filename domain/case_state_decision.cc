// The fold of views on registration, the decision and dissent from it;
// decide_decision.cc checks the rules that read it.
#include "common/status_macros.h"
#include "domain/case_state_internal.h"
#include "domain/policy/dates.h"

namespace keeper::domain::internal {

absl::Status ApplyDecisionEvent(CaseState& state, const RecordedEvent& e) {
  const v1::DomainEvent& event = e.event;
  switch (event.event_case()) {
    case v1::DomainEvent::kRegistrationViewGiven: {
      const v1::RegistrationViewGiven& given = event.registration_view_given();
      ASSIGN_OR_RETURN(ConferenceState * conference,
                       Conference(state, e, given.conference_id()));
      conference->views[given.participant_id()] = {given.view(), e.event_id,
                                                   given.change_number()};
      return absl::OkStatus();
    }
    case v1::DomainEvent::kDecisionRecorded: {
      const v1::DecisionRecorded& decision = event.decision_recorded();
      ASSIGN_OR_RETURN(ConferenceState * conference,
                       Conference(state, e, decision.conference_id()));
      conference->decided = true;
      conference->decision = decision;
      conference->decision_event_id = e.event_id;
      conference->decided_while_registered =
          state.registration.registered && !state.registration.temporary;
      if (auto next = ToCivilDay(decision.next_review_due()); next) {
        state.registration.next_review_due = next;
      }
      return absl::OkStatus();
    }
    case v1::DomainEvent::kDissentRecorded: {
      ASSIGN_OR_RETURN(
          ConferenceState * conference,
          Conference(state, e, event.dissent_recorded().conference_id()));
      conference->dissenters.insert(event.dissent_recorded().participant_id());
      return absl::OkStatus();
    }
    default:
      return Inconsistent(e, "not a decision event");
  }
}

}  // namespace keeper::domain::internal
