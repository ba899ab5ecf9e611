// Shared by the case_state_*.cc files: the fold of a case's events, cut along
// the same slices as the deciders (decide_*.cc), and the helpers the slices
// have in common. Not part of the domain's interface.
#ifndef KEEPER_DOMAIN_CASE_STATE_INTERNAL_H_
#define KEEPER_DOMAIN_CASE_STATE_INTERNAL_H_

#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "domain/case_state.h"

namespace keeper::domain::internal {

// DATA_LOSS: `event` does not fit the state, for the reason `what`.
absl::Status Inconsistent(const RecordedEvent& event, std::string_view what);

// The conference an event names, which must exist.
absl::StatusOr<ConferenceState*> Conference(CaseState& state,
                                            const RecordedEvent& event,
                                            const std::string& id);

// --- The slices; each applies only the events Evolve routes to it ---

// case_state_case.cc
absl::Status ApplyCaseEvent(CaseState& state, const RecordedEvent& e);
// case_state_meeting.cc
absl::Status ApplyMeetingEvent(CaseState& state, const RecordedEvent& e);
// case_state_reports.cc
absl::Status ApplyReportEvent(CaseState& state, const RecordedEvent& e);
// case_state_decision.cc
absl::Status ApplyDecisionEvent(CaseState& state, const RecordedEvent& e);
// case_state_minutes_and_review_requests.cc
absl::Status ApplyMinutesAndReviewRequestEvent(CaseState& state,
                                               const RecordedEvent& e);
// case_state_register.cc
absl::Status ApplyRegisterEvent(CaseState& state, const RecordedEvent& e);
// case_state_plan.cc
absl::Status ApplyPlanEvent(CaseState& state, const RecordedEvent& e);
// Reasons given for timescales.
absl::Status ApplyTimescaleEvent(CaseState& state, const RecordedEvent& e);
// Subject access requests and the disclosures answering them.
absl::Status ApplyPrivacyEvent(CaseState& state, const RecordedEvent& e);
// Requests to rectify content, and their outcomes.
absl::Status ApplyRectificationEvent(CaseState& state, const RecordedEvent& e);

}  // namespace keeper::domain::internal

#endif  // KEEPER_DOMAIN_CASE_STATE_INTERNAL_H_
