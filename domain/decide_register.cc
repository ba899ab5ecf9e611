// Deciders for the register: registration and its amendment,
// deregistration, and temporary registration.
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "domain/decide_internal.h"
#include "domain/ids.h"
#include "domain/policy/dates.h"
#include "domain/policy/rule_violation.h"
#include "domain/rules.h"

namespace keeper::domain::internal {
namespace {

bool FullyRegistered(const CaseState& state) {
  return state.registration.registered && !state.registration.temporary;
}

absl::Status NotRegistered(const CaseState& state) {
  return Broken(rules::kRegistered, "case_id",
                absl::StrCat("the child is not on ", state.local_authority,
                             "'s register in this case"));
}

const RegisterEntryState& Entry(const CommandContext& context) {
  static const RegisterEntryState kNone;
  return context.register_entry == nullptr ? kNone : *context.register_entry;
}

v1::DomainEvent EntryOpened(const CaseState& state, bool temporary) {
  v1::DomainEvent event;
  v1::RegisterEntryOpened& opened = *event.mutable_register_entry_opened();
  opened.set_local_authority(state.local_authority);
  opened.set_child_id(state.child.child_id());
  opened.set_case_id(state.case_id);
  opened.set_temporary(temporary);
  return event;
}

v1::DomainEvent EntryClosed(const CaseState& state) {
  v1::DomainEvent event;
  v1::RegisterEntryClosed& closed = *event.mutable_register_entry_closed();
  closed.set_local_authority(state.local_authority);
  closed.set_child_id(state.child.child_id());
  closed.set_case_id(state.case_id);
  return event;
}

// Only a review conference's decision deregisters (SPEC: an inquorate or
// transfer conference may not). A reconvened conference has the kind of the
// one it reconvenes, so a quorate reconvened review may.
absl::Status CheckReviewGround(const CaseState& state,
                               const v1::DeregisterChild& command) {
  if (command.conference_id().empty()) {
    return Broken(rules::kDeregisterGround, "conference_id",
                  "deregistering needs a review conference's decision (or "
                  "the child's death or transfer)");
  }
  ASSIGN_OR_RETURN(const ConferenceState* conference,
                   FindConference(state, command.conference_id()));
  if (conference->kind != v1::CONFERENCE_KIND_REVIEW) {
    return Broken(rules::kDeregisterGround, "conference_id",
                  absl::StrCat("only a review conference may deregister; "
                               "conference ",
                               command.conference_id(), " is ",
                               v1::ConferenceKind_Name(conference->kind)));
  }
  if (conference->opened && !conference->quorate) {
    return Broken(rules::kQuorumInquorateCannotDeregister, "conference_id",
                  "an inquorate conference cannot deregister");
  }
  if (!conference->decided || !conference->decided_while_registered ||
      !conference->Decided(v1::OUTCOME_NOT_REGISTER)) {
    return Broken(rules::kDeregisterGround, "conference_id",
                  absl::StrCat("conference ", command.conference_id(),
                               " has not decided, while the child was "
                               "registered, that the child should not stay "
                               "on the register"));
  }
  return absl::OkStatus();
}

absl::Status CheckTransferGround(const CaseState& state,
                                 const v1::DeregisterChild& command,
                                 const CommandContext& context) {
  RETURN_IF_ERROR(
      CheckId(command.transferred_to_case_id(), "transferred_to_case_id"));
  const CaseState* other = context.other_case;
  if (other == nullptr || !other->exists()) {
    return Missing(
        "transferred_to_case_id",
        absl::StrCat("no case '", command.transferred_to_case_id(), "'"));
  }
  if (other->local_authority == state.local_authority) {
    return Broken(rules::kTransferOtherAuthority, "transferred_to_case_id",
                  "a transfer is to another authority");
  }
  if (other->child.child_id() != state.child.child_id()) {
    return Broken(rules::kTransferSameChild, "transferred_to_case_id",
                  "the receiving case is about another child");
  }
  if (other->from_case.case_id() != state.case_id) {
    return Broken(rules::kTransferFromThisCase, "transferred_to_case_id",
                  "the receiving case does not continue this one");
  }
  for (const auto& [id, conference] : other->conferences) {
    if (conference.kind == v1::CONFERENCE_KIND_TRANSFER && conference.decided) {
      return absl::OkStatus();
    }
  }
  return Broken(
      rules::kDeregisterGround, "transferred_to_case_id",
      absl::StrCat("deregistering on transfer waits for ",
                   other->local_authority, "'s transfer conference to decide"));
}

}  // namespace

absl::StatusOr<Events> RegisterChild(const CaseState& state,
                                     const v1::RegisterChild& command,
                                     const CommandContext& context) {
  ASSIGN_OR_RETURN(const ConferenceState* conference,
                   FindConference(state, command.conference_id()));
  if (!conference->Decided(v1::OUTCOME_REGISTER) ||
      conference->kind == v1::CONFERENCE_KIND_REVIEW) {
    return Broken(rules::kRegisterNeedsDecision, "conference_id",
                  absl::StrCat("registering needs a conference's decision to "
                               "register; conference ",
                               command.conference_id(),
                               conference->decided ? " did not decide to"
                                                   : " has not decided"));
  }
  if (conference->registered_by) {
    return Duplicate(rules::kRegisterOncePerDecision, "conference_id",
                     "this decision has already registered the child");
  }
  RETURN_IF_ERROR(CheckAreas(command.areas_of_concern(), *context.policy));
  RETURN_IF_ERROR(
      CheckPerson(command.lead_professional(), "lead_professional", true));
  const RegisterEntryState& entry = Entry(context);
  const bool ends_temporary =
      entry.on_register && entry.temporary && entry.case_id == state.case_id;
  if (FullyRegistered(state) || (entry.on_register && !ends_temporary)) {
    return Broken(
        rules::kRegisterNotAlreadyOn, "case_id",
        absl::StrCat("the child is already on ", state.local_authority,
                     "'s register (case ",
                     entry.on_register ? entry.case_id : state.case_id, ")"));
  }
  const v1::Timescales& t = context.policy->timescales();
  ASSIGN_OR_RETURN(
      absl::CivilDay decided_on,
      RequiredDay(conference->decision.decided_on(), "conference_id"));
  const bool pre_birth =
      conference->kind == v1::CONFERENCE_KIND_PRE_BIRTH || state.child.unborn();
  // Without a pre-birth timescale, the usual first review applies.
  const v1::DuePeriod& review_period =
      pre_birth && IsSet(t.first_review_pre_birth())
          ? t.first_review_pre_birth()
          : t.first_review();
  ASSIGN_OR_RETURN(std::optional<absl::CivilDay> first_review,
                   Due(context, state, decided_on, review_period));
  ASSIGN_OR_RETURN(std::optional<absl::CivilDay> first_core_group,
                   Due(context, state, decided_on, t.first_core_group()));

  v1::DomainEvent event;
  v1::ChildRegistered& registered = *event.mutable_child_registered();
  registered.set_case_id(state.case_id);
  registered.set_conference_id(command.conference_id());
  registered.set_decision_event_id(conference->decision_event_id);
  registered.set_local_authority(state.local_authority);
  *registered.mutable_child() = state.child;
  *registered.mutable_areas_of_concern() = command.areas_of_concern();
  *registered.mutable_registered_on() = ToDate(Today(context));
  *registered.mutable_lead_professional() = command.lead_professional();
  SetDate(first_review, registered.mutable_first_review_due());
  SetDate(first_core_group, registered.mutable_first_core_group_due());
  registered.set_ends_temporary_registration(ends_temporary);
  registered.set_policy_version(context.policy->version());
  return Events{ForCase(state, std::move(event)),
                ForRegister(state, EntryOpened(state, false))};
}

absl::StatusOr<Events> AmendRegistration(const CaseState& state,
                                         const v1::AmendRegistration& command,
                                         const CommandContext& context) {
  if (!state.registration.registered) return NotRegistered(state);
  RETURN_IF_ERROR(CheckAreas(command.areas_of_concern(), *context.policy));
  RETURN_IF_ERROR(
      CheckPerson(command.lead_professional(), "lead_professional", true));
  RETURN_IF_ERROR(
      RequireText(command.reason(), "reason", "an amendment gives its reason"));
  v1::DomainEvent event;
  v1::RegistrationAmended& amended = *event.mutable_registration_amended();
  amended.set_case_id(state.case_id);
  *amended.mutable_areas_of_concern() = command.areas_of_concern();
  *amended.mutable_lead_professional() = command.lead_professional();
  amended.set_reason(command.reason());
  amended.set_corrects_event_id(state.registration.details_event_id);
  amended.set_policy_version(context.policy->version());
  *amended.mutable_amended_on() = ToDate(Today(context));
  return Events{ForCase(state, std::move(event))};
}

absl::StatusOr<Events> DeregisterChild(const CaseState& state,
                                       const v1::DeregisterChild& command,
                                       const CommandContext& context) {
  if (command.reason() == v1::DEREGISTRATION_REASON_UNSPECIFIED ||
      !v1::DeregistrationReason_IsValid(command.reason())) {
    return Invalid("reason", "deregistering needs a reason");
  }
  if (!FullyRegistered(state)) {
    if (state.registration.temporary) {
      return Broken(rules::kRegistered, "case_id",
                    "a temporary registration is ended, not deregistered");
    }
    return NotRegistered(state);
  }
  const absl::CivilDay today = Today(context);
  v1::DomainEvent event;
  v1::ChildDeregistered& deregistered = *event.mutable_child_deregistered();
  switch (command.reason()) {
    case v1::DEREGISTRATION_REASON_OTHER:
      RETURN_IF_ERROR(RequireText(command.details(), "details",
                                  "say what the other reason is"));
      [[fallthrough]];
    case v1::DEREGISTRATION_REASON_REDUCED_RISK:
    case v1::DEREGISTRATION_REASON_TURNED_18: {
      RETURN_IF_ERROR(CheckReviewGround(state, command));
      const ConferenceState& conference =
          *state.FindConference(command.conference_id());
      deregistered.set_conference_id(command.conference_id());
      deregistered.set_decision_event_id(conference.decision_event_id);
      break;
    }
    case v1::DEREGISTRATION_REASON_TRANSFERRED: {
      RETURN_IF_ERROR(CheckTransferGround(state, command, context));
      deregistered.mutable_transferred_to()->set_case_id(
          command.transferred_to_case_id());
      deregistered.mutable_transferred_to()->set_local_authority(
          context.other_case->local_authority);
      break;
    }
    case v1::DEREGISTRATION_REASON_DIED: {
      std::optional<absl::CivilDay> died = ToCivilDay(command.date_of_death());
      if (!died.has_value() || *died > today) {
        return Invalid("date_of_death",
                       "a valid date of death, not in the future, is needed");
      }
      *deregistered.mutable_date_of_death() = command.date_of_death();
      break;
    }
    default:
      return Invalid("reason", "unknown reason");
  }
  if (command.reason() == v1::DEREGISTRATION_REASON_TURNED_18) {
    std::optional<absl::CivilDay> born =
        ToCivilDay(state.child.date_of_birth());
    if (!born.has_value() ||
        absl::CivilDay(born->year() + 18, born->month(), born->day()) > today) {
      return Broken(rules::kDeregisterTurned18, "reason",
                    "the child is not yet 18");
    }
  }
  const RegisterEntryState& entry = Entry(context);
  if (!entry.on_register || entry.case_id != state.case_id) {
    return absl::InternalError(absl::StrCat(
        "register entry of case ", state.case_id, " disagrees with the case"));
  }
  deregistered.set_case_id(state.case_id);
  deregistered.set_reason(command.reason());
  deregistered.set_details(command.details());
  *deregistered.mutable_deregistered_on() = ToDate(today);
  deregistered.set_policy_version(context.policy->version());
  return Events{ForCase(state, std::move(event)),
                ForRegister(state, EntryClosed(state))};
}

absl::StatusOr<Events> RegisterTemporarily(
    const CaseState& state, const v1::RegisterTemporarily& command,
    const CommandContext& context) {
  if (state.from_case.case_id().empty()) {
    return Broken(rules::kTemporaryHomeRegistered, "case_id",
                  "a temporary registration needs the child's home case "
                  "(open this case with from_case)");
  }
  const RegisterEntryState& entry = Entry(context);
  if (state.registration.registered || entry.on_register) {
    return Broken(rules::kRegisterNotAlreadyOn, "case_id",
                  absl::StrCat("the child is already on ",
                               state.local_authority, "'s register"));
  }
  const CaseState* home = context.other_case;
  if (home == nullptr || !home->exists() || !FullyRegistered(*home)) {
    return Broken(rules::kTemporaryHomeRegistered, "case_id",
                  absl::StrCat("the child is not on the register of their "
                               "home authority (case ",
                               state.from_case.case_id(), ")"));
  }
  const absl::CivilDay today = Today(context);
  ASSIGN_OR_RETURN(absl::CivilDay ends_on,
                   RequiredDay(command.ends_on(), "ends_on"));
  if (ends_on <= today) {
    return Invalid("ends_on", "a temporary registration ends after today");
  }
  RETURN_IF_ERROR(RequireText(command.reason(), "reason",
                              "say why the child is here for a time"));
  RETURN_IF_ERROR(
      CheckPerson(command.lead_professional(), "lead_professional", true));
  v1::DomainEvent event;
  v1::TemporaryRegistrationMade& made =
      *event.mutable_temporary_registration_made();
  made.set_case_id(state.case_id);
  made.mutable_home_case()->set_case_id(home->case_id);
  made.mutable_home_case()->set_local_authority(home->local_authority);
  for (const std::string& area : home->registration.areas_of_concern) {
    made.add_areas_of_concern(area);
  }
  *made.mutable_starts_on() = ToDate(today);
  *made.mutable_ends_on() = ToDate(ends_on);
  made.set_reason(command.reason());
  *made.mutable_lead_professional() = command.lead_professional();
  made.set_policy_version(context.policy->version());
  return Events{ForCase(state, std::move(event)),
                ForRegister(state, EntryOpened(state, true))};
}

absl::StatusOr<Events> EndTemporaryRegistration(
    const CaseState& state, const v1::EndTemporaryRegistration& command,
    const CommandContext& context) {
  if (!state.registration.temporary) {
    return Broken(rules::kRegistered, "case_id",
                  "the child has no temporary registration in this case");
  }
  RETURN_IF_ERROR(RequireText(command.reason(), "reason",
                              "say why the temporary registration ends"));
  v1::DomainEvent event;
  v1::TemporaryRegistrationEnded& ended =
      *event.mutable_temporary_registration_ended();
  ended.set_case_id(state.case_id);
  *ended.mutable_ended_on() = ToDate(Today(context));
  ended.set_reason(command.reason());
  return Events{ForCase(state, std::move(event)),
                ForRegister(state, EntryClosed(state))};
}

}  // namespace keeper::domain::internal
