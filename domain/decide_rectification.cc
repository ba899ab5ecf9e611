// Requests to rectify recorded content and their outcomes (UK GDPR
// Art. 16, 18, 19). Who may record them is the access policy's; the rules
// of the request and its outcome are here.
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "domain/decide_internal.h"
#include "domain/ids.h"
#include "domain/policy/dates.h"
#include "domain/policy/rule_violation.h"
#include "domain/rectification.h"
#include "domain/rules.h"

namespace keeper::domain::internal {
namespace {

bool SameContent(const v1::DisputedContent& a, const v1::DisputedContent& b) {
  return a.position() == b.position() && a.part_index() == b.part_index();
}

absl::Status CheckRecipients(
    const google::protobuf::RepeatedPtrField<v1::NoticeRecipient>& notified) {
  for (const v1::NoticeRecipient& recipient : notified) {
    if (!HasText(recipient.agency()) || !HasText(recipient.authority())) {
      return Invalid("notified",
                     "each recipient names its agency and authority");
    }
  }
  return absl::OkStatus();
}

// For a report, the correcting version; for another event, the correcting
// event. Either is recorded after the request.
absl::Status CheckCorrection(const CaseState& state,
                             const RectificationState& rectification,
                             const v1::DecideRectification& command,
                             v1::RectificationDecided& decided) {
  const v1::DisputedContent& content = rectification.request.content();
  if (!content.report_id().empty()) {
    const ReportState& report = state.reports.at(content.report_id());
    const int version = command.corrected_version();
    if (version <= content.version() ||
        version > static_cast<int>(report.versions.size())) {
      return Broken(
          rules::kRectificationCorrection, "corrected_version",
          absl::StrCat("name the version of report ", content.report_id(),
                       " that corrects version ", content.version(),
                       "; correct the report first"));
    }
    const ReportVersionState& corrected = report.versions[version - 1];
    if (corrected.position < rectification.requested_at) {
      return Broken(rules::kRectificationCorrection, "corrected_version",
                    absl::StrCat("version ", version,
                                 " was recorded before the request"));
    }
    decided.set_corrected_version(version);
    decided.set_correction_position(corrected.position);
    return absl::OkStatus();
  }
  auto it = state.events.find(command.correction_position());
  if (it == state.events.end() ||
      command.correction_position() <= rectification.requested_at ||
      it->second.event_type == "RectificationDecided") {
    return Broken(rules::kRectificationCorrection, "correction_position",
                  "name the case's event, recorded after the request, that "
                  "corrects the content");
  }
  decided.set_correction_position(command.correction_position());
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<Events> RequestRectification(
    const CaseState& state, const v1::RequestRectification& command,
    const CommandContext& context) {
  RETURN_IF_ERROR(CheckId(command.request_id(), "request_id"));
  if (state.rectifications.contains(command.request_id())) {
    return Duplicate(rules::kOnce, "request_id", "the request is recorded");
  }
  ASSIGN_OR_RETURN(v1::DisputedContent content,
                   ResolveDisputedContent(state, command));
  for (const auto& [id, open] : state.rectifications) {
    if (!open.decided && SameContent(open.request.content(), content)) {
      return Broken(
          rules::kRectificationOneOpen, "request_id",
          absl::StrCat("request ", id, " about this content is still open"));
    }
  }
  if (!command.subject_participant_id().empty()) {
    ASSIGN_OR_RETURN(const v1::Participant* subject,
                     FindPerson(state, command.subject_participant_id(),
                                "subject_participant_id"));
    if (!IsFamily(subject->role())) {
      return Broken(rules::kRectificationSubject, "subject_participant_id",
                    "a request is about the child, or a parent or carer "
                    "named in the case");
    }
  }
  RETURN_IF_ERROR(CheckPerson(command.requested_by(), "requested_by", false));
  RETURN_IF_ERROR(RequireText(command.inaccuracy(), "inaccuracy",
                              "say what the person says is inaccurate"));
  ASSIGN_OR_RETURN(absl::CivilDay received,
                   DayOrToday(command.received_on(), "received_on", context));
  RETURN_IF_ERROR(CheckRecipients(command.notified()));
  v1::DomainEvent event;
  v1::RectificationRequested& requested =
      *event.mutable_rectification_requested();
  requested.set_case_id(state.case_id);
  requested.set_request_id(command.request_id());
  *requested.mutable_content() = std::move(content);
  requested.set_subject_participant_id(command.subject_participant_id());
  *requested.mutable_requested_by() = command.requested_by();
  *requested.mutable_received_on() = ToDate(received);
  requested.set_inaccuracy(command.inaccuracy());
  *requested.mutable_notified() = command.notified();
  return Events{ForCase(state, std::move(event))};
}

absl::StatusOr<Events> DecideRectification(
    const CaseState& state, const v1::DecideRectification& command,
    const CommandContext& context) {
  RETURN_IF_ERROR(CheckId(command.request_id(), "request_id"));
  auto it = state.rectifications.find(command.request_id());
  if (it == state.rectifications.end()) {
    return Missing("request_id",
                   absl::StrCat("no rectification request '",
                                command.request_id(), "' on the case"));
  }
  const RectificationState& rectification = it->second;
  if (rectification.decided) {
    return Broken(rules::kRectificationDecidedOnce, "request_id",
                  "the request's outcome is recorded");
  }
  RETURN_IF_ERROR(CheckRecipients(command.notified()));
  v1::DomainEvent event;
  v1::RectificationDecided& decided = *event.mutable_rectification_decided();
  decided.set_case_id(state.case_id);
  decided.set_request_id(command.request_id());
  *decided.mutable_content() = rectification.request.content();
  decided.set_outcome(command.outcome());
  *decided.mutable_decided_on() = ToDate(Today(context));
  decided.set_reason(command.reason());
  switch (command.outcome()) {
    case v1::RECTIFICATION_OUTCOME_CORRECTED:
      RETURN_IF_ERROR(CheckCorrection(state, rectification, command, decided));
      break;
    case v1::RECTIFICATION_OUTCOME_NOT_CORRECTED:
      RETURN_IF_ERROR(RequireText(command.reason(), "reason",
                                  "say why the content stands"));
      RETURN_IF_ERROR(RequireText(command.supplementary_statement(),
                                  "supplementary_statement",
                                  "keep the person's view beside the content"));
      decided.set_supplementary_statement(command.supplementary_statement());
      break;
    default:
      return Invalid("outcome", "corrected or not corrected");
  }
  *decided.mutable_notified() = command.notified();
  return Events{ForCase(state, std::move(event))};
}

}  // namespace keeper::domain::internal
