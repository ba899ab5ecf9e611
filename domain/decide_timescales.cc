// Reasons and approved variations for a case's timescales (SPEC §5, §6).
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "domain/decide_internal.h"
#include "domain/ids.h"
#include "domain/policy/dates.h"
#include "domain/policy/rule_violation.h"
#include "domain/rules.h"

namespace keeper::domain::internal {
namespace {

// Whether the case has the measure `kind` runs from `ref`: the same
// request, conference or meeting the timescales read names it by.
bool HasMeasure(const CaseState& state, v1::TimescaleKind kind,
                const std::string& ref) {
  const ConferenceState* conference = state.FindConference(ref);
  switch (kind) {
    case v1::TIMESCALE_KIND_INITIAL_CONFERENCE:
    case v1::TIMESCALE_KIND_PRE_BIRTH_CONFERENCE: {
      auto request = state.requests.find(ref);
      if (request == state.requests.end()) return false;
      return request->second.kind() ==
             (kind == v1::TIMESCALE_KIND_INITIAL_CONFERENCE
                  ? v1::CONFERENCE_KIND_INITIAL
                  : v1::CONFERENCE_KIND_PRE_BIRTH);
    }
    case v1::TIMESCALE_KIND_MINUTES:
    case v1::TIMESCALE_KIND_DECISION_REVIEW_WINDOW:
    case v1::TIMESCALE_KIND_REVIEW_CONFERENCE:
      return conference != nullptr && conference->decided;
    case v1::TIMESCALE_KIND_FIRST_CORE_GROUP:
      return conference != nullptr && conference->registered_by;
    case v1::TIMESCALE_KIND_CORE_GROUP:
      return state.core_group_meetings.contains(ref);
    case v1::TIMESCALE_KIND_INQUORATE_RECONVENE:
      return conference != nullptr && conference->opened &&
             !conference->quorate;
    default:
      return false;
  }
}

}  // namespace

absl::StatusOr<Events> RecordTimescaleReason(
    const CaseState& state, const v1::RecordTimescaleReason& command,
    const CommandContext& context) {
  RETURN_IF_ERROR(CheckId(command.reason_id(), "reason_id"));
  if (state.timescale_reasons.contains(command.reason_id())) {
    return Duplicate(rules::kOnce, "reason_id", "the reason is recorded");
  }
  if (command.kind() == v1::TIMESCALE_KIND_UNSPECIFIED ||
      !v1::TimescaleKind_IsValid(command.kind())) {
    return Invalid("kind", "name the kind of timescale the reason is for");
  }
  RETURN_IF_ERROR(CheckId(command.ref(), "ref"));
  if (!HasMeasure(state, command.kind(), command.ref())) {
    return Broken(
        rules::kTimescaleKnownMeasure, "ref",
        absl::StrCat("the case has no ", v1::TimescaleKind_Name(command.kind()),
                     " timescale running from '", command.ref(), "'"));
  }
  RETURN_IF_ERROR(CheckPerson(command.given_by(), "given_by", true));
  RETURN_IF_ERROR(
      RequireText(command.reason(), "reason", "say why the timescale slipped"));
  const bool varies = ToCivilDay(command.varied_due_by()).has_value();
  if (varies && !command.approved_variation()) {
    return Invalid("varied_due_by",
                   "only an approved variation changes the due date");
  }
  if (command.varied_due_by().year() != 0 && !varies) {
    return Invalid("varied_due_by", "not a date");
  }
  v1::DomainEvent event;
  v1::TimescaleReasonRecorded& recorded =
      *event.mutable_timescale_reason_recorded();
  recorded.set_case_id(state.case_id);
  recorded.set_reason_id(command.reason_id());
  recorded.set_kind(command.kind());
  recorded.set_ref(command.ref());
  *recorded.mutable_given_by() = command.given_by();
  recorded.set_reason(command.reason());
  recorded.set_approved_variation(command.approved_variation());
  if (varies) *recorded.mutable_varied_due_by() = command.varied_due_by();
  *recorded.mutable_recorded_on() = ToDate(Today(context));
  recorded.set_policy_version(context.policy->version());
  return Events{ForCase(state, std::move(event))};
}

}  // namespace keeper::domain::internal
