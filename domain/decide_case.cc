// Deciders for the case, the child, and requesting and scheduling
// conferences.
#include <algorithm>

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

// Whether a conference of `kind` suits the case as it stands.
absl::Status CheckKindFits(const CaseState& state, v1::ConferenceKind kind) {
  const bool registered =
      state.registration.registered && !state.registration.temporary;
  std::string problem;
  switch (kind) {
    case v1::CONFERENCE_KIND_INITIAL:
      if (state.child.unborn()) {
        problem =
            "an unborn baby has a pre-birth conference, not an initial "
            "one";
      } else if (registered) {
        problem = "the child is on the register: hold a review conference";
      }
      break;
    case v1::CONFERENCE_KIND_PRE_BIRTH:
      if (!state.child.unborn()) {
        problem = "a pre-birth conference is for an unborn baby";
      }
      break;
    case v1::CONFERENCE_KIND_REVIEW:
      if (!registered) {
        problem = "a review conference is for a child on the register";
      }
      break;
    case v1::CONFERENCE_KIND_TRANSFER:
      if (state.from_case.case_id().empty()) {
        problem =
            "a transfer conference is for a child who came from "
            "another authority's case (open the case with from_case)";
      } else if (registered) {
        problem = "the child is already on this authority's register";
      }
      break;
    default:
      return Invalid("kind", "a conference needs a kind");
  }
  if (problem.empty()) return absl::OkStatus();
  return Broken(rules::kConferenceKindFits, "kind", problem);
}

bool SamePerson(const v1::Person& a, const v1::Person& b) {
  if (!a.subject().empty() || !b.subject().empty()) {
    return a.subject() == b.subject();
  }
  return a.name() == b.name();
}

// When the policy says a conference of this kind must be held by.
absl::StatusOr<std::optional<absl::CivilDay>> ConferenceDue(
    const CaseState& state, v1::ConferenceKind kind,
    const v1::ConferenceRequested* request, const CommandContext& context) {
  const v1::Timescales& t = context.policy->timescales();
  if (kind == v1::CONFERENCE_KIND_REVIEW) {
    return state.registration.next_review_due;
  }
  if (request == nullptr) return std::nullopt;
  ASSIGN_OR_RETURN(absl::CivilDay concern,
                   RequiredDay(request->concern_date(), "request_id"));
  if (kind == v1::CONFERENCE_KIND_INITIAL) {
    return Due(context, state, concern, t.initial_conference());
  }
  if (kind == v1::CONFERENCE_KIND_PRE_BIRTH) {
    ASSIGN_OR_RETURN(std::optional<absl::CivilDay> due,
                     Due(context, state, concern, t.pre_birth_conference()));
    if (t.pre_birth_latest_gestation_weeks() > 0) {
      ASSIGN_OR_RETURN(absl::CivilDay delivery,
                       RequiredDay(state.child.expected_delivery_date(),
                                   "child.expected_delivery_date"));
      const absl::CivilDay latest =
          *context.policy->LatestPreBirthConference(delivery);
      due = due.has_value() ? std::min(*due, latest) : latest;
    }
    return due;
  }
  return std::nullopt;
}

}  // namespace

absl::StatusOr<Events> OpenCase(const CaseState&, const v1::OpenCase& command,
                                const CommandContext& context) {
  RETURN_IF_ERROR(CheckId(command.case_id(), "case_id"));
  RETURN_IF_ERROR(CheckAuthority(command.local_authority(), "local_authority"));
  RETURN_IF_ERROR(CheckChild(command.child(), "child", Today(context)));
  RETURN_IF_ERROR(
      RequireText(command.reason(), "reason", "say why the case is opened"));
  const v1::CaseRef& from = command.from_case();
  if (!from.case_id().empty() || !from.local_authority().empty()) {
    RETURN_IF_ERROR(CheckId(from.case_id(), "from_case.case_id"));
    RETURN_IF_ERROR(
        CheckAuthority(from.local_authority(), "from_case.local_authority"));
    if (from.local_authority() == command.local_authority()) {
      return Broken(rules::kTransferOtherAuthority, "from_case.local_authority",
                    "a case continues another authority's case, not one of "
                    "the same authority");
    }
    const CaseState* other = context.other_case;
    if (other == nullptr || !other->exists()) {
      return Missing("from_case.case_id",
                     absl::StrCat("no case '", from.case_id(), "'"));
    }
    if (other->local_authority != from.local_authority()) {
      return Broken(rules::kTransferOtherAuthority, "from_case.local_authority",
                    absl::StrCat("case ", from.case_id(), " belongs to ",
                                 other->local_authority, ", not ",
                                 from.local_authority()));
    }
    if (other->child.child_id() != command.child().child_id()) {
      return Broken(
          rules::kTransferSameChild, "child.child_id",
          absl::StrCat("case ", from.case_id(), " is about another child"));
    }
  }
  v1::DomainEvent event;
  v1::CaseOpened& opened = *event.mutable_case_opened();
  opened.set_case_id(command.case_id());
  opened.set_local_authority(command.local_authority());
  *opened.mutable_child() = command.child();
  *opened.mutable_from_case() = from;
  opened.set_reason(command.reason());
  opened.set_policy_version(context.policy->version());
  CaseState opening;
  opening.case_id = command.case_id();
  return Events{ForCase(opening, std::move(event))};
}

absl::StatusOr<Events> AmendChildDetails(const CaseState& state,
                                         const v1::AmendChildDetails& command,
                                         const CommandContext& context) {
  RETURN_IF_ERROR(CheckChild(command.child(), "child", Today(context)));
  RETURN_IF_ERROR(
      RequireText(command.reason(), "reason", "say why the details change"));
  if (command.child().child_id() != state.child.child_id()) {
    return Broken(rules::kChildIdFixed, "child.child_id",
                  "a case is about one child: the child id cannot change");
  }
  if (!state.child.unborn() && command.child().unborn()) {
    return Broken(rules::kChildBirthFinal, "child.unborn",
                  "a born child cannot be recorded as unborn");
  }
  v1::DomainEvent event;
  v1::ChildDetailsAmended& amended = *event.mutable_child_details_amended();
  amended.set_case_id(state.case_id);
  *amended.mutable_child() = command.child();
  amended.set_reason(command.reason());
  amended.set_corrects_event_id(state.child_event_id);
  amended.set_birth_recorded(state.child.unborn() && !command.child().unborn());
  return Events{ForCase(state, std::move(event))};
}

absl::StatusOr<Events> RequestConference(const CaseState& state,
                                         const v1::RequestConference& command,
                                         const CommandContext& context) {
  RETURN_IF_ERROR(CheckId(command.request_id(), "request_id"));
  if (state.requests.contains(command.request_id())) {
    return Duplicate(
        rules::kOnce, "request_id",
        absl::StrCat("request ", command.request_id(), " was already made"));
  }
  if (!v1::ConferenceKind_IsValid(command.kind())) {
    return Invalid("kind", "unknown conference kind");
  }
  RETURN_IF_ERROR(CheckKindFits(state, command.kind()));
  RETURN_IF_ERROR(RequireText(command.reasons(), "reasons",
                              "a request gives the reasons for concern"));
  ASSIGN_OR_RETURN(absl::CivilDay concern,
                   DayOrToday(command.concern_date(), "concern_date", context));
  const v1::Agency agency = AgencyFromName(context.actor.agency());
  if (agency == v1::AGENCY_UNSPECIFIED) {
    return Broken(rules::kRequestByAgency, "actor.agency",
                  absl::StrCat("a conference is requested by an agency; '",
                               context.actor.agency(), "' is not one"));
  }
  if (command.has_requested_by()) {
    RETURN_IF_ERROR(CheckPerson(command.requested_by(), "requested_by", false));
  }
  v1::DomainEvent event;
  v1::ConferenceRequested& requested = *event.mutable_conference_requested();
  requested.set_case_id(state.case_id);
  requested.set_request_id(command.request_id());
  requested.set_kind(command.kind());
  requested.set_requesting_agency(agency);
  *requested.mutable_requested_by() = command.requested_by();
  requested.set_reasons(command.reasons());
  *requested.mutable_concern_date() = ToDate(concern);
  return Events{ForCase(state, std::move(event))};
}

absl::StatusOr<Events> ScheduleConference(const CaseState& state,
                                          const v1::ScheduleConference& command,
                                          const CommandContext& context) {
  RETURN_IF_ERROR(CheckId(command.conference_id(), "conference_id"));
  if (state.FindConference(command.conference_id()) != nullptr) {
    return Duplicate(rules::kOnce, "conference_id",
                     absl::StrCat("conference ", command.conference_id(),
                                  " was already scheduled"));
  }
  if (!v1::ConferenceKind_IsValid(command.kind())) {
    return Invalid("kind", "unknown conference kind");
  }
  v1::ConferenceKind kind = command.kind();
  std::optional<absl::CivilDay> due;
  const v1::ConferenceRequested* request = nullptr;

  if (!command.reconvenes_conference_id().empty()) {
    ASSIGN_OR_RETURN(const ConferenceState* earlier,
                     FindConference(state, command.reconvenes_conference_id(),
                                    "reconvenes_conference_id"));
    if (!earlier->opened || earlier->quorate) {
      return Broken(rules::kQuorumReconveneInquorate,
                    "reconvenes_conference_id",
                    absl::StrCat("only an inquorate conference is reconvened; "
                                 "conference ",
                                 earlier->conference_id, " was not one"));
    }
    if (earlier->reconvened) {
      return Duplicate(rules::kOnce, "reconvenes_conference_id",
                       absl::StrCat("conference ", earlier->conference_id,
                                    " was already reconvened"));
    }
    if (kind != v1::CONFERENCE_KIND_UNSPECIFIED && kind != earlier->kind) {
      return Broken(rules::kConferenceKindMatchesRequest, "kind",
                    "a reconvened conference is of the same kind");
    }
    kind = earlier->kind;
    due = earlier->reconvene_by;
    // An inquorate review may have kept the registration; its reconvening
    // is still a review of the registered child.
  } else {
    RETURN_IF_ERROR(CheckKindFits(state, kind));
    if (!command.request_id().empty() || kind != v1::CONFERENCE_KIND_REVIEW) {
      RETURN_IF_ERROR(CheckId(command.request_id(), "request_id"));
      auto it = state.requests.find(command.request_id());
      if (it == state.requests.end()) {
        return Missing("request_id", absl::StrCat("no conference request '",
                                                  command.request_id(), "'"));
      }
      request = &it->second;
      if (request->kind() != kind) {
        return Broken(
            rules::kConferenceKindMatchesRequest, "kind",
            absl::StrCat("request ", command.request_id(), " asked for a ",
                         v1::ConferenceKind_Name(request->kind()),
                         " conference"));
      }
      if (state.scheduled_requests.contains(command.request_id())) {
        return Duplicate(rules::kOnce, "request_id",
                         absl::StrCat("request ", command.request_id(),
                                      " already has its conference"));
      }
    }
    ASSIGN_OR_RETURN(due, ConferenceDue(state, kind, request, context));
  }
  if (!command.has_starts_at() || command.starts_at().seconds() <= 0) {
    return Invalid("starts_at", "a conference needs a start time");
  }
  RETURN_IF_ERROR(CheckPerson(command.chair(), "chair", false));
  // Only the chair may decide when the professionals disagree, so the
  // chair's identity must be known.
  if (command.chair().subject().empty()) {
    return Invalid("chair.subject",
                   "the chair's identity (certificate subject) is needed");
  }
  RETURN_IF_ERROR(CheckPerson(command.minute_taker(), "minute_taker", false));
  if (SamePerson(command.chair(), command.minute_taker())) {
    return Broken(rules::kMinuteTakerNotChair, "minute_taker",
                  "the minute taker must not be the chair (NG 3.165)");
  }

  v1::DomainEvent event;
  v1::ConferenceScheduled& scheduled = *event.mutable_conference_scheduled();
  scheduled.set_case_id(state.case_id);
  scheduled.set_conference_id(command.conference_id());
  scheduled.set_kind(kind);
  if (request != nullptr) scheduled.set_request_id(command.request_id());
  *scheduled.mutable_starts_at() = command.starts_at();
  scheduled.set_location(command.location());
  *scheduled.mutable_chair() = command.chair();
  *scheduled.mutable_minute_taker() = command.minute_taker();
  scheduled.set_reconvenes_conference_id(command.reconvenes_conference_id());
  SetDate(due, scheduled.mutable_due_by());
  scheduled.set_policy_version(context.policy->version());
  return Events{ForCase(state, std::move(event))};
}

}  // namespace keeper::domain::internal
