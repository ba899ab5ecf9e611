// Subject access requests and the disclosures answering them (UK GDPR
// Art. 12(3), 15).
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "domain/decide_internal.h"
#include "domain/ids.h"
#include "domain/policy/dates.h"
#include "domain/policy/rule_violation.h"
#include "domain/rules.h"

namespace keeper::domain::internal {

absl::StatusOr<Events> RecordSubjectAccessRequest(
    const CaseState& state, const v1::RecordSubjectAccessRequest& command,
    const CommandContext& context) {
  RETURN_IF_ERROR(CheckId(command.request_id(), "request_id"));
  if (state.subject_access_requests.contains(command.request_id())) {
    return Duplicate(rules::kOnce, "request_id", "the request is recorded");
  }
  if (!command.subject_participant_id().empty()) {
    ASSIGN_OR_RETURN(const v1::Participant* subject,
                     FindPerson(state, command.subject_participant_id(),
                                "subject_participant_id"));
    if (subject->role() != v1::PARTY_ROLE_PARENT &&
        subject->role() != v1::PARTY_ROLE_CARER) {
      return Broken(rules::kSubjectAccessSubject, "subject_participant_id",
                    "a request is about the child, or a parent or carer "
                    "named in the case");
    }
  }
  RETURN_IF_ERROR(CheckPerson(command.requested_by(), "requested_by", false));
  ASSIGN_OR_RETURN(absl::CivilDay received,
                   DayOrToday(command.received_on(), "received_on", context));
  if (received > Today(context)) {
    return Invalid("received_on", "a request cannot be received in future");
  }
  const v1::DuePeriod& period =
      context.policy->proto().privacy().subject_access_response();
  ASSIGN_OR_RETURN(std::optional<absl::CivilDay> due,
                   Due(context, state, received, period));
  if (!due.has_value()) {
    return Broken(rules::kSubjectAccessPolicy, "policy",
                  absl::StrCat("policy ", context.policy->version(),
                               " sets no subject access response period"));
  }
  v1::DomainEvent event;
  v1::SubjectAccessRequested& requested =
      *event.mutable_subject_access_requested();
  requested.set_case_id(state.case_id);
  requested.set_request_id(command.request_id());
  requested.set_subject_participant_id(command.subject_participant_id());
  *requested.mutable_requested_by() = command.requested_by();
  *requested.mutable_received_on() = ToDate(received);
  *requested.mutable_due_on() = ToDate(*due);
  requested.set_policy_version(context.policy->version());
  return Events{ForCase(state, std::move(event))};
}

absl::StatusOr<Events> RecordDisclosure(const CaseState& state,
                                        const v1::RecordDisclosure& command,
                                        const CommandContext& context) {
  RETURN_IF_ERROR(CheckId(command.request_id(), "request_id"));
  if (!state.subject_access_requests.contains(command.request_id())) {
    return Missing("request_id",
                   absl::StrCat("no subject access request '",
                                command.request_id(), "' on the case"));
  }
  RETURN_IF_ERROR(CheckPerson(command.released_to(), "released_to", false));
  if (command.tree_size() == 0) {
    return Invalid("tree_size", "name the checkpoint the manifest proves");
  }
  for (uint64_t position : command.included_positions()) {
    if (position == 0 || position > command.tree_size()) {
      return Invalid("included_positions",
                     "every position is within the checkpoint's tree");
    }
  }
  for (const v1::WithheldItem& item : command.withheld()) {
    if (item.exemption() == v1::EXEMPTION_UNSPECIFIED ||
        !v1::Exemption_IsValid(item.exemption())) {
      return Invalid("withheld", "every withheld item names its exemption");
    }
  }
  v1::DomainEvent event;
  v1::DisclosureRecorded& recorded = *event.mutable_disclosure_recorded();
  recorded.set_case_id(state.case_id);
  recorded.set_request_id(command.request_id());
  *recorded.mutable_released_to() = command.released_to();
  *recorded.mutable_released_on() = ToDate(Today(context));
  *recorded.mutable_included_positions() = command.included_positions();
  *recorded.mutable_withheld() = command.withheld();
  recorded.set_tree_size(command.tree_size());
  return Events{ForCase(state, std::move(event))};
}

}  // namespace keeper::domain::internal
