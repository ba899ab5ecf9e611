// Dispatch from a command to its decider, with the checks every command
// shares.
#include "domain/decide.h"

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "domain/decide_internal.h"
#include "domain/ids.h"
#include "domain/policy/rule_violation.h"
#include "domain/rules.h"

namespace keeper::domain {

using v1::Command;

namespace {

absl::Status CheckPolicy(const CommandContext& context) {
  if (context.policy == nullptr) {
    return absl::InternalError("Decide needs the policy in force");
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<NewEvent>> Dispatch(const CaseState& state,
                                               const Command& command,
                                               const CommandContext& context) {
  namespace in = internal;
  switch (command.command_case()) {
    case Command::kOpenCase:
      return in::OpenCase(state, command.open_case(), context);
    case Command::kAmendChildDetails:
      return in::AmendChildDetails(state, command.amend_child_details(),
                                   context);
    case Command::kRequestConference:
      return in::RequestConference(state, command.request_conference(),
                                   context);
    case Command::kScheduleConference:
      return in::ScheduleConference(state, command.schedule_conference(),
                                    context);
    case Command::kInviteParticipant:
      return in::InviteParticipant(state, command.invite_participant(),
                                   context);
    case Command::kHoldPreMeeting:
      return in::HoldPreMeeting(state, command.hold_pre_meeting(), context);
    case Command::kRecordAttendance:
      return in::RecordAttendance(state, command.record_attendance(), context);
    case Command::kOpenConference:
      return in::OpenConference(state, command.open_conference(), context);
    case Command::kSubmitReport:
      return in::SubmitReport(state, command.submit_report(), context);
    case Command::kCorrectReport:
      return in::CorrectReport(state, command.correct_report(), context);
    case Command::kRestrictReportPart:
      return in::RestrictReportPart(state, command.restrict_report_part(),
                                    context);
    case Command::kShareReport:
      return in::ShareReport(state, command.share_report(), context);
    case Command::kAcknowledgeReport:
      return in::AcknowledgeReport(state, command.acknowledge_report(),
                                   context);
    case Command::kRecordDisagreement:
      return in::RecordDisagreement(state, command.record_disagreement(),
                                    context);
    case Command::kRecordChildViews:
      return in::RecordChildViews(state, command.record_child_views(), context);
    case Command::kGiveRegistrationView:
      return in::GiveRegistrationView(state, command.give_registration_view(),
                                      context);
    case Command::kRecordDecision:
      return in::RecordDecision(state, command.record_decision(), context);
    case Command::kRecordDissent:
      return in::RecordDissent(state, command.record_dissent(), context);
    case Command::kIssueMinutes:
      return in::IssueMinutes(state, command.issue_minutes(), context);
    case Command::kRequestDecisionReview:
      return in::RequestDecisionReview(state, command.request_decision_review(),
                                       context);
    case Command::kAnswerDecisionReview:
      return in::AnswerDecisionReview(state, command.answer_decision_review(),
                                      context);
    case Command::kRegisterChild:
      return in::RegisterChild(state, command.register_child(), context);
    case Command::kAmendRegistration:
      return in::AmendRegistration(state, command.amend_registration(),
                                   context);
    case Command::kDeregisterChild:
      return in::DeregisterChild(state, command.deregister_child(), context);
    case Command::kRegisterTemporarily:
      return in::RegisterTemporarily(state, command.register_temporarily(),
                                     context);
    case Command::kEndTemporaryRegistration:
      return in::EndTemporaryRegistration(
          state, command.end_temporary_registration(), context);
    case Command::kRecordChildsPlan:
      return in::RecordChildsPlan(state, command.record_childs_plan(), context);
    case Command::kAddPlanTask:
      return in::AddPlanTask(state, command.add_plan_task(), context);
    case Command::kUpdatePlanTask:
      return in::UpdatePlanTask(state, command.update_plan_task(), context);
    case Command::kNameCoreGroup:
      return in::NameCoreGroup(state, command.name_core_group(), context);
    case Command::kRecordCoreGroupMeeting:
      return in::RecordCoreGroupMeeting(
          state, command.record_core_group_meeting(), context);
    case Command::kRequestEarlyReview:
      return in::RequestEarlyReview(state, command.request_early_review(),
                                    context);
    case Command::kRecordHomeVisit:
      return in::RecordHomeVisit(state, command.record_home_visit(), context);
    case Command::kRecordTimescaleReason:
      return in::RecordTimescaleReason(state, command.record_timescale_reason(),
                                       context);
    case Command::kRecordSubjectAccessRequest:
      return in::RecordSubjectAccessRequest(
          state, command.record_subject_access_request(), context);
    case Command::kRecordDisclosure:
      return in::RecordDisclosure(state, command.record_disclosure(), context);
    case Command::kRequestRectification:
      return in::RequestRectification(state, command.request_rectification(),
                                      context);
    case Command::kDecideRectification:
      return in::DecideRectification(state, command.decide_rectification(),
                                     context);
    case Command::COMMAND_NOT_SET:
      break;
  }
  return Invalid("command", "unknown command");
}

}  // namespace

StreamsNeeded Needs(const CaseState& state, const Command& command) {
  StreamsNeeded needs;
  switch (command.command_case()) {
    case Command::kOpenCase:
      needs.other_case_id = command.open_case().from_case().case_id();
      break;
    case Command::kRegisterChild:
    case Command::kEndTemporaryRegistration:
      needs.register_entry = true;
      break;
    case Command::kDeregisterChild:
      needs.register_entry = true;
      if (command.deregister_child().reason() ==
          v1::DEREGISTRATION_REASON_TRANSFERRED) {
        needs.other_case_id =
            command.deregister_child().transferred_to_case_id();
      }
      break;
    case Command::kRegisterTemporarily:
      needs.register_entry = true;
      needs.other_case_id = state.from_case.case_id();
      break;
    default:
      break;
  }
  // Only ids that can name a stream are worth loading; Decide rejects the
  // rest.
  if (!CheckId(needs.other_case_id, "case_id").ok()) {
    needs.other_case_id.clear();
  }
  if (!state.exists() || state.child.child_id().empty()) {
    needs.register_entry = false;
  }
  return needs;
}

std::string AuthorityOf(const CaseState& state, const Command& command) {
  if (command.command_case() == Command::kOpenCase) {
    return command.open_case().local_authority();
  }
  return state.local_authority;
}

absl::Status CheckTarget(const CaseState& state, const Command& command) {
  if (command.command_case() == Command::COMMAND_NOT_SET) {
    return Invalid("command", "no command is set");
  }
  if (command.command_case() == Command::kOpenCase) {
    if (state.exists()) {
      return Duplicate(rules::kCaseOnce, "case_id",
                       absl::StrCat("case ", state.case_id, " already exists"));
    }
    return absl::OkStatus();
  }
  if (!state.exists()) return Missing("case_id", "no such case");
  return absl::OkStatus();
}

absl::StatusOr<std::vector<NewEvent>> Decide(const CaseState& state,
                                             const Command& command,
                                             const CommandContext& context) {
  RETURN_IF_ERROR(CheckPolicy(context));
  RETURN_IF_ERROR(CheckTarget(state, command));
  return Dispatch(state, command, context);
}

absl::StatusOr<std::vector<NewEvent>> DecideOnCheckedTarget(
    const CaseState& state, const Command& command,
    const CommandContext& context) {
  RETURN_IF_ERROR(CheckPolicy(context));
  return Dispatch(state, command, context);
}

}  // namespace keeper::domain
