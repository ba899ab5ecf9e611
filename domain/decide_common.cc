// Checks and look-ups shared by the deciders.
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

NewEvent ForCase(const CaseState& state, v1::DomainEvent event) {
  return {CaseStreamId(state.case_id), std::move(event)};
}

NewEvent ForRegister(const CaseState& state, v1::DomainEvent event) {
  return {RegisterStreamId(state.local_authority, state.child.child_id()),
          std::move(event)};
}

absl::CivilDay Today(const CommandContext& context) {
  return context.policy->Today(context.now);
}

const std::string& ActingSubject(const v1::Actor& actor) {
  return actor.on_behalf_of().empty() ? actor.subject() : actor.on_behalf_of();
}

bool HasText(std::string_view text) {
  for (char c : text) {
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return true;
  }
  return false;
}

absl::Status RequireText(std::string_view text, std::string_view field,
                         std::string_view what) {
  return HasText(text) ? absl::OkStatus() : Invalid(field, what);
}

absl::Status CheckPerson(const v1::Person& person, std::string_view field,
                         bool needs_agency) {
  RETURN_IF_ERROR(RequireText(person.name(), absl::StrCat(Sv(field), ".name"),
                              "a person needs a name"));
  if (!v1::Agency_IsValid(person.agency())) {
    return Invalid(absl::StrCat(Sv(field), ".agency"), "unknown agency");
  }
  if (needs_agency && person.agency() == v1::AGENCY_UNSPECIFIED) {
    return Invalid(absl::StrCat(Sv(field), ".agency"),
                   "a professional belongs to an agency");
  }
  return absl::OkStatus();
}

absl::Status CheckParticipant(const v1::Participant& participant,
                              std::string_view field) {
  RETURN_IF_ERROR(CheckId(participant.participant_id(),
                          absl::StrCat(Sv(field), ".participant_id")));
  if (participant.role() == v1::PARTY_ROLE_UNSPECIFIED ||
      !v1::PartyRole_IsValid(participant.role())) {
    return Invalid(absl::StrCat(Sv(field), ".role"),
                   "a participant needs a role");
  }
  RETURN_IF_ERROR(
      CheckPerson(participant.person(), absl::StrCat(Sv(field), ".person"),
                  participant.role() == v1::PARTY_ROLE_PROFESSIONAL));
  if (!participant.supports_participant_id().empty()) {
    RETURN_IF_ERROR(
        CheckId(participant.supports_participant_id(),
                absl::StrCat(Sv(field), ".supports_participant_id")));
  }
  return absl::OkStatus();
}

absl::Status CheckChild(const v1::ChildDetails& child, std::string_view field,
                        absl::CivilDay today) {
  const std::string prefix(field);
  RETURN_IF_ERROR(CheckId(child.child_id(), prefix + ".child_id"));
  if (child.unborn()) {
    if (!IsUnset(child.date_of_birth())) {
      return Invalid(prefix + ".date_of_birth",
                     "an unborn baby has an expected delivery date, not a "
                     "date of birth");
    }
    if (!ToCivilDay(child.expected_delivery_date()).has_value()) {
      return Invalid(prefix + ".expected_delivery_date",
                     "an unborn baby needs a valid expected delivery date");
    }
  } else {
    if (!IsUnset(child.expected_delivery_date())) {
      return Invalid(prefix + ".expected_delivery_date",
                     "a born child has a date of birth, not an expected "
                     "delivery date");
    }
    std::optional<absl::CivilDay> born = ToCivilDay(child.date_of_birth());
    if (!born.has_value() || *born > today) {
      return Invalid(prefix + ".date_of_birth",
                     "a born child needs a valid date of birth, not in the "
                     "future");
    }
    RETURN_IF_ERROR(RequireText(child.given_name(), prefix + ".given_name",
                                "a born child needs a given name"));
    RETURN_IF_ERROR(RequireText(child.family_name(), prefix + ".family_name",
                                "a born child needs a family name"));
  }
  for (const std::string& name : child.other_names()) {
    RETURN_IF_ERROR(RequireText(name, prefix + ".other_names",
                                "other names cannot be empty"));
  }
  return absl::OkStatus();
}

absl::StatusOr<absl::CivilDay> DayOrToday(const v1::Date& date,
                                          std::string_view field,
                                          const CommandContext& context) {
  const absl::CivilDay today = Today(context);
  if (IsUnset(date)) return today;
  std::optional<absl::CivilDay> day = ToCivilDay(date);
  if (!day.has_value()) return Invalid(field, "not a valid date");
  if (*day > today) return Invalid(field, "cannot be in the future");
  return *day;
}

absl::StatusOr<absl::CivilDay> RequiredDay(const v1::Date& date,
                                           std::string_view field) {
  std::optional<absl::CivilDay> day = ToCivilDay(date);
  if (!day.has_value()) return Invalid(field, "a valid date is required");
  return *day;
}

absl::Status CheckAreas(
    const google::protobuf::RepeatedPtrField<std::string>& areas,
    const Policy& policy) {
  if (areas.empty()) {
    return Invalid("areas_of_concern",
                   "registering needs at least one area of concern");
  }
  std::set<std::string> seen;
  for (const std::string& area : areas) {
    if (!policy.IsAreaOfConcern(area)) {
      return Invalid(
          "areas_of_concern",
          absl::StrCat("'", area, "' is not an area of concern in policy ",
                       policy.version()));
    }
    if (!seen.insert(area).second) {
      return Invalid("areas_of_concern",
                     absl::StrCat("'", area, "' is given twice"));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<const ConferenceState*> FindConference(const CaseState& state,
                                                      std::string_view id,
                                                      std::string_view field) {
  RETURN_IF_ERROR(CheckId(id, field));
  const ConferenceState* conference = state.FindConference(id);
  if (conference == nullptr) {
    return Missing(field,
                   absl::StrCat("the case has no conference '", Sv(id), "'"));
  }
  return conference;
}

absl::StatusOr<const ConferenceState*> FindDecidedConference(
    const CaseState& state, std::string_view id, std::string_view refusal) {
  ASSIGN_OR_RETURN(const ConferenceState* conference,
                   FindConference(state, id));
  if (!conference->decided) {
    return Broken(rules::kAfterDecision, "conference_id", refusal);
  }
  return conference;
}

absl::StatusOr<const v1::Participant*> FindConferenceParticipant(
    const ConferenceState& conference, std::string_view id,
    std::string_view field, std::string_view missing) {
  RETURN_IF_ERROR(CheckId(id, field));
  const v1::Participant* participant = conference.FindParticipant(id);
  if (participant == nullptr) {
    return Missing(field, absl::StrCat(Sv(id), " ", Sv(missing)));
  }
  return participant;
}

absl::StatusOr<const v1::Participant*> FindPerson(const CaseState& state,
                                                  std::string_view id,
                                                  std::string_view field) {
  RETURN_IF_ERROR(CheckId(id, field));
  auto it = state.people.find(std::string(id));
  if (it == state.people.end()) {
    return Missing(
        field, absl::StrCat("the case names no participant '", Sv(id), "'"));
  }
  return &it->second;
}

absl::Status CheckSameRole(const CaseState& state,
                           const v1::Participant& participant,
                           std::string_view field) {
  auto it = state.people.find(participant.participant_id());
  if (it == state.people.end() || it->second.role() == participant.role()) {
    return absl::OkStatus();
  }
  return Broken(
      rules::kParticipantOneRole, field,
      absl::StrCat("participant ", participant.participant_id(), " is a ",
                   RoleName(it->second.role()), " in this case, not a ",
                   RoleName(participant.role())));
}

bool IsFamily(v1::PartyRole role) {
  return role == v1::PARTY_ROLE_PARENT || role == v1::PARTY_ROLE_CARER ||
         role == v1::PARTY_ROLE_CHILD;
}

absl::StatusOr<std::optional<absl::CivilDay>> Due(const CommandContext& context,
                                                  const CaseState& state,
                                                  absl::CivilDay from,
                                                  const v1::DuePeriod& period) {
  if (!IsSet(period)) return std::nullopt;
  return context.policy->Due(state.local_authority, from, period);
}

void SetDate(const std::optional<absl::CivilDay>& day, v1::Date* date) {
  if (day.has_value()) *date = ToDate(*day);
}

}  // namespace keeper::domain::internal
