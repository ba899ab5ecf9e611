// Deciders for the professionals' views on registration, the decision and
// dissent from it.
#include <set>

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

// Outcomes hold exactly one of REGISTER and NOT_REGISTER; single-agency
// support and no further action go only with NOT_REGISTER, and no further
// action stands alone.
absl::StatusOr<bool> CheckOutcomes(
    const google::protobuf::RepeatedField<int>& outcomes) {
  std::set<int> seen;
  for (int outcome : outcomes) {
    if (outcome == v1::OUTCOME_UNSPECIFIED || !v1::Outcome_IsValid(outcome)) {
      return Invalid("outcomes", "unknown outcome");
    }
    if (!seen.insert(outcome).second) {
      return Invalid("outcomes", "an outcome is given twice");
    }
  }
  const bool registers = seen.contains(v1::OUTCOME_REGISTER);
  if (registers == seen.contains(v1::OUTCOME_NOT_REGISTER)) {
    return Invalid("outcomes",
                   "a decision is either to register or not to register");
  }
  if (registers && (seen.contains(v1::OUTCOME_SINGLE_AGENCY_SUPPORT) ||
                    seen.contains(v1::OUTCOME_NO_FURTHER_ACTION))) {
    return Invalid("outcomes",
                   "single-agency support and no further action are "
                   "decisions not to register");
  }
  if (seen.contains(v1::OUTCOME_NO_FURTHER_ACTION) && seen.size() > 2) {
    return Invalid("outcomes", "no further action excludes other outcomes");
  }
  return registers;
}

}  // namespace

absl::StatusOr<Events> GiveRegistrationView(
    const CaseState& state, const v1::GiveRegistrationView& command,
    const CommandContext&) {
  ASSIGN_OR_RETURN(const ConferenceState* conference,
                   FindConference(state, command.conference_id()));
  RETURN_IF_ERROR(CheckId(command.participant_id(), "participant_id"));
  if (command.view() == v1::REGISTRATION_VIEW_UNSPECIFIED ||
      !v1::RegistrationView_IsValid(command.view())) {
    return Invalid("view", "a view is to register or not to register");
  }
  if (conference->decided) {
    return Broken(rules::kViewsBeforeDecision, "conference_id",
                  "views cannot be given or changed after the decision");
  }
  if (!conference->opened) {
    return Broken(rules::kViewsInMeeting, "conference_id",
                  "views on registration are given at the meeting, which "
                  "has not opened");
  }
  const v1::Participant* participant =
      conference->FindParticipant(command.participant_id());
  if (participant == nullptr) {
    return Broken(rules::kViewsInvitedOrAttending, "participant_id",
                  absl::StrCat(command.participant_id(),
                               " was neither invited to nor attended the "
                               "conference"));
  }
  if (participant->role() != v1::PARTY_ROLE_PROFESSIONAL) {
    return Broken(rules::kViewsProfessionalsOnly, "participant_id",
                  absl::StrCat("a ", RoleName(participant->role()),
                               " cannot give a view on registration (only "
                               "professionals may)"));
  }
  v1::DomainEvent event;
  v1::RegistrationViewGiven& given = *event.mutable_registration_view_given();
  given.set_case_id(state.case_id);
  given.set_conference_id(command.conference_id());
  given.set_participant_id(command.participant_id());
  given.set_view(command.view());
  given.set_reasons(command.reasons());
  if (auto it = conference->views.find(command.participant_id());
      it != conference->views.end()) {
    if (it->second.view == command.view()) {
      return Duplicate(rules::kViewsOnePerProfessional, "view",
                       absl::StrCat(command.participant_id(),
                                    " already gave this view; one view per "
                                    "professional, which they may change"));
    }
    given.set_replaces_event_id(it->second.event_id);
    given.set_change_number(it->second.changes + 1);
  }
  return Events{ForCase(state, std::move(event))};
}

absl::StatusOr<Events> RecordDecision(const CaseState& state,
                                      const v1::RecordDecision& command,
                                      const CommandContext& context) {
  ASSIGN_OR_RETURN(const ConferenceState* conference,
                   FindConference(state, command.conference_id()));
  ASSIGN_OR_RETURN(const bool registers, CheckOutcomes(command.outcomes()));
  if (conference->decided) {
    return Duplicate(rules::kDecisionOnce, "conference_id",
                     "the conference has decided");
  }
  if (!conference->opened) {
    return Broken(rules::kDecisionInMeeting, "conference_id",
                  "a decision is made at the meeting, which has not opened");
  }
  int for_register = 0;
  int against = 0;
  for (const auto& [id, view] : conference->views) {
    (view.view == v1::REGISTRATION_VIEW_REGISTER ? for_register : against)++;
  }
  if (for_register + against == 0) {
    return Broken(rules::kDecisionNeedsViews, "conference_id",
                  "no professional has given a view on registration");
  }
  const bool disagreed = for_register > 0 && against > 0;
  const bool differs =
      !disagreed && (registers ? for_register == 0 : against == 0);
  if (disagreed || differs) {
    const std::string why =
        disagreed ? "the professionals disagree"
                  : "the decision differs from the professionals' "
                    "unanimous view";
    if (ActingSubject(context.actor) != conference->chair.subject()) {
      return Broken(rules::kDecisionChairDecides, "actor",
                    absl::StrCat(why, ": the decision is the chair's (",
                                 conference->chair.name(), ")"));
    }
    if (!HasText(command.reasons())) {
      return Broken(rules::kDecisionChairReasons, "reasons",
                    absl::StrCat(why,
                                 ": the chair's decision carries the chair's "
                                 "reasons"));
    }
  }
  const bool registered =
      state.registration.registered && !state.registration.temporary;
  if (registered && !registers && !conference->quorate) {
    return Broken(rules::kQuorumInquorateCannotDeregister, "outcomes",
                  "an inquorate conference cannot deregister: the child "
                  "stays registered until a quorate conference decides");
  }

  const absl::CivilDay today = Today(context);
  const v1::Timescales& t = context.policy->timescales();
  ASSIGN_OR_RETURN(std::optional<absl::CivilDay> minutes_due,
                   Due(context, state, today, t.minutes()));
  ASSIGN_OR_RETURN(std::optional<absl::CivilDay> review_request_due,
                   Due(context, state, today, t.decision_review_request()));
  v1::DomainEvent event;
  v1::DecisionRecorded& decision = *event.mutable_decision_recorded();
  decision.set_case_id(state.case_id);
  decision.set_conference_id(command.conference_id());
  *decision.mutable_outcomes() = command.outcomes();
  decision.set_reasons(command.reasons());
  decision.set_chair_decided(disagreed || differs);
  decision.set_views_register(for_register);
  decision.set_views_do_not_register(against);
  *decision.mutable_decided_on() = ToDate(today);
  SetDate(minutes_due, decision.mutable_minutes_due());
  SetDate(review_request_due, decision.mutable_review_request_due());
  if (registered && registers) {
    ASSIGN_OR_RETURN(std::optional<absl::CivilDay> next,
                     Due(context, state, today, t.later_review()));
    SetDate(next, decision.mutable_next_review_due());
  }
  decision.set_policy_version(context.policy->version());
  return Events{ForCase(state, std::move(event))};
}

absl::StatusOr<Events> RecordDissent(const CaseState& state,
                                     const v1::RecordDissent& command,
                                     const CommandContext&) {
  ASSIGN_OR_RETURN(const ConferenceState* conference,
                   FindDecidedConference(
                       state, command.conference_id(),
                       "dissent is from a decision, which has not been made"));
  ASSIGN_OR_RETURN(
      const v1::Participant* participant,
      FindConferenceParticipant(*conference, command.participant_id(),
                                "participant_id"));
  if (!IsFamily(participant->role())) {
    return Broken(rules::kDissentByFamily, "participant_id",
                  absl::StrCat("dissent is recorded at the request of a "
                               "parent, a carer or the child; ",
                               command.participant_id(), " is a ",
                               RoleName(participant->role())));
  }
  if (conference->dissenters.contains(command.participant_id())) {
    return Duplicate(rules::kOnce, "participant_id",
                     "their dissent is already recorded");
  }
  v1::DomainEvent event;
  v1::DissentRecorded& dissent = *event.mutable_dissent_recorded();
  dissent.set_case_id(state.case_id);
  dissent.set_conference_id(command.conference_id());
  dissent.set_participant_id(command.participant_id());
  dissent.set_statement(command.statement());
  return Events{ForCase(state, std::move(event))};
}

}  // namespace keeper::domain::internal
