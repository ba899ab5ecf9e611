// Deciders for what follows a decision: minutes and requests to review it.
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "domain/agency_and_role_names.h"
#include "domain/decide_internal.h"
#include "domain/ids.h"
#include "domain/policy/dates.h"
#include "domain/policy/rule_violation.h"
#include "domain/rules.h"

namespace keeper::domain::internal {
namespace {

// What follows a decision cannot be dated before it.
absl::Status CheckNotBeforeDecision(const ConferenceState& conference,
                                    absl::CivilDay day, std::string_view field,
                                    std::string_view refusal) {
  const std::optional<absl::CivilDay> decided_on =
      ToCivilDay(conference.decision.decided_on());
  if (decided_on.has_value() && day < *decided_on) {
    return Invalid(field, refusal);
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<Events> IssueMinutes(const CaseState& state,
                                    const v1::IssueMinutes& command,
                                    const CommandContext& context) {
  ASSIGN_OR_RETURN(const ConferenceState* conference,
                   FindDecidedConference(
                       state, command.conference_id(),
                       "minutes are issued after the conference has decided"));
  ASSIGN_OR_RETURN(absl::CivilDay issued_on,
                   DayOrToday(command.issued_on(), "issued_on", context));
  // Otherwise minutes back-dated before the meeting would count as in time.
  RETURN_IF_ERROR(
      CheckNotBeforeDecision(*conference, issued_on, "issued_on",
                             "minutes cannot precede the decision"));
  const std::optional<absl::CivilDay> due =
      ToCivilDay(conference->decision.minutes_due());
  v1::DomainEvent event;
  v1::MinutesIssued& minutes = *event.mutable_minutes_issued();
  minutes.set_case_id(state.case_id);
  minutes.set_conference_id(command.conference_id());
  minutes.set_version(conference->minutes_version + 1);
  *minutes.mutable_issued_on() = ToDate(issued_on);
  // Minutes go to everyone who attended (seed 003).
  for (const auto& [id, attendance] : conference->attendance) {
    if (attendance.attendance == v1::ATTENDANCE_ATTENDED ||
        attendance.attendance == v1::ATTENDANCE_ATTENDED_PART) {
      minutes.add_recipient_participant_ids(id);
    }
  }
  minutes.set_document_ref(command.document_ref());
  if (due.has_value()) {
    *minutes.mutable_due_by() = ToDate(*due);
    minutes.set_in_time(issued_on <= *due);
  }
  minutes.set_corrects_event_id(conference->minutes_event_id);
  minutes.set_policy_version(context.policy->version());
  return Events{ForCase(state, std::move(event))};
}

absl::StatusOr<Events> RequestDecisionReview(
    const CaseState& state, const v1::RequestDecisionReview& command,
    const CommandContext& context) {
  RETURN_IF_ERROR(CheckId(command.request_id(), "request_id"));
  if (state.review_requests.contains(command.request_id())) {
    return Duplicate(rules::kOnce, "request_id",
                     "the request is already recorded");
  }
  ASSIGN_OR_RETURN(const ConferenceState* conference,
                   FindDecidedConference(
                       state, command.conference_id(),
                       "a review is of a decision, which has not been made"));
  ASSIGN_OR_RETURN(
      const v1::Participant* participant,
      FindConferenceParticipant(*conference, command.participant_id(),
                                "participant_id"));
  if (participant->role() != v1::PARTY_ROLE_PARENT &&
      participant->role() != v1::PARTY_ROLE_CARER) {
    return Broken(rules::kDecisionReviewByParent, "participant_id",
                  absl::StrCat("a review of the decision is requested by a "
                               "parent or carer; ",
                               command.participant_id(), " is a ",
                               RoleName(participant->role())));
  }
  RETURN_IF_ERROR(RequireText(command.grounds(), "grounds",
                              "a request in writing gives its grounds"));
  ASSIGN_OR_RETURN(absl::CivilDay received_on,
                   DayOrToday(command.received_on(), "received_on", context));
  RETURN_IF_ERROR(
      CheckNotBeforeDecision(*conference, received_on, "received_on",
                             "a request cannot precede the decision"));
  v1::DomainEvent event;
  v1::DecisionReviewRequested& request =
      *event.mutable_decision_review_requested();
  request.set_case_id(state.case_id);
  request.set_request_id(command.request_id());
  request.set_conference_id(command.conference_id());
  request.set_participant_id(command.participant_id());
  *request.mutable_received_on() = ToDate(received_on);
  request.set_grounds(command.grounds());
  // The window was fixed with the decision, under the policy then in force;
  // without one, every request is in time.
  const std::optional<absl::CivilDay> window_ends =
      ToCivilDay(conference->decision.review_request_due());
  SetDate(window_ends, request.mutable_window_ends());
  request.set_in_window(!window_ends.has_value() ||
                        received_on <= *window_ends);
  request.set_policy_version(conference->decision.policy_version());
  return Events{ForCase(state, std::move(event))};
}

absl::StatusOr<Events> AnswerDecisionReview(
    const CaseState& state, const v1::AnswerDecisionReview& command,
    const CommandContext&) {
  RETURN_IF_ERROR(CheckId(command.request_id(), "request_id"));
  auto it = state.review_requests.find(command.request_id());
  if (it == state.review_requests.end()) {
    return Missing("request_id", "no such request to review a decision");
  }
  if (state.answered_review_requests.contains(command.request_id())) {
    return Duplicate(rules::kOnce, "request_id", "the request was answered");
  }
  if (command.outcome() == v1::DECISION_REVIEW_OUTCOME_UNSPECIFIED ||
      !v1::DecisionReviewOutcome_IsValid(command.outcome())) {
    return Invalid("outcome", "give the answer's outcome");
  }
  if (command.outcome() == v1::DECISION_REVIEW_OUTCOME_DECLINED_OUT_OF_TIME &&
      it->second.in_window()) {
    return Broken(rules::kDecisionReviewDeclineLateOnly, "outcome",
                  "the request was made within its window and cannot be "
                  "declined as out of time");
  }
  RETURN_IF_ERROR(
      RequireText(command.reasons(), "reasons", "an answer gives its reasons"));
  RETURN_IF_ERROR(CheckPerson(command.answered_by(), "answered_by", false));
  v1::DomainEvent event;
  v1::DecisionReviewAnswered& answer =
      *event.mutable_decision_review_answered();
  answer.set_case_id(state.case_id);
  answer.set_request_id(command.request_id());
  answer.set_outcome(command.outcome());
  answer.set_reasons(command.reasons());
  *answer.mutable_answered_by() = command.answered_by();
  return Events{ForCase(state, std::move(event))};
}

}  // namespace keeper::domain::internal
