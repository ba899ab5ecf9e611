// CaseService: one RPC per domain command, and the read of a case. Each
// command handler admits the caller, hands the command to the domain
// unchanged, and answers with what it recorded; the rules live in
// domain/. The read comes from the projections, so data flows one way:
// commands write the log, reads see what the log fed the projections.
#ifndef KEEPER_SERVICES_GRPC_CASE_SERVICE_H_
#define KEEPER_SERVICES_GRPC_CASE_SERVICE_H_

#include <string>

#include "domain/case_commands.h"
#include "eventstore/event_store.h"
#include "keeper/v1/case_service.grpc.pb.h"
#include "projections/engine.h"
#include "services/access/access_gate.h"
#include "services/grpc/handler_pool.h"

namespace keeper::services {

class CaseService final : public v1::CaseService::CallbackService {
 public:
  // All must outlive the service.
  CaseService(domain::CaseCommands& commands,
              const eventstore::EventStore& store,
              const projections::ProjectionEngine& engine, AccessGate& gate,
              HandlerPool& pool)
      : commands_(commands),
        store_(store),
        engine_(engine),
        gate_(gate),
        pool_(pool) {}

// Wraps the request in a v1.Command and runs it.
#define KEEPER_COMMAND_RPC(Name, field)                                        \
  grpc::ServerUnaryReactor* Name(grpc::CallbackServerContext* context,         \
                                 const v1::Name* request,                      \
                                 v1::CommandResult* response) override {       \
    return RunOn(pool_, context, [this, context, request, response] {          \
      v1::Command command;                                                     \
      *command.mutable_##field() = *request;                                   \
      return Run(context, "/keeper.v1.CaseService/" #Name, command, response); \
    });                                                                        \
  }

  KEEPER_COMMAND_RPC(OpenCase, open_case)
  KEEPER_COMMAND_RPC(AmendChildDetails, amend_child_details)
  KEEPER_COMMAND_RPC(RequestConference, request_conference)
  KEEPER_COMMAND_RPC(ScheduleConference, schedule_conference)
  KEEPER_COMMAND_RPC(InviteParticipant, invite_participant)
  KEEPER_COMMAND_RPC(HoldPreMeeting, hold_pre_meeting)
  KEEPER_COMMAND_RPC(RecordAttendance, record_attendance)
  KEEPER_COMMAND_RPC(OpenConference, open_conference)
  KEEPER_COMMAND_RPC(SubmitReport, submit_report)
  KEEPER_COMMAND_RPC(CorrectReport, correct_report)
  KEEPER_COMMAND_RPC(RestrictReportPart, restrict_report_part)
  KEEPER_COMMAND_RPC(ShareReport, share_report)
  KEEPER_COMMAND_RPC(AcknowledgeReport, acknowledge_report)
  KEEPER_COMMAND_RPC(RecordDisagreement, record_disagreement)
  KEEPER_COMMAND_RPC(RecordChildViews, record_child_views)
  KEEPER_COMMAND_RPC(GiveRegistrationView, give_registration_view)
  KEEPER_COMMAND_RPC(RecordDecision, record_decision)
  KEEPER_COMMAND_RPC(RecordDissent, record_dissent)
  KEEPER_COMMAND_RPC(IssueMinutes, issue_minutes)
  KEEPER_COMMAND_RPC(RequestDecisionReview, request_decision_review)
  KEEPER_COMMAND_RPC(AnswerDecisionReview, answer_decision_review)
  KEEPER_COMMAND_RPC(RegisterChild, register_child)
  KEEPER_COMMAND_RPC(AmendRegistration, amend_registration)
  KEEPER_COMMAND_RPC(DeregisterChild, deregister_child)
  KEEPER_COMMAND_RPC(RegisterTemporarily, register_temporarily)
  KEEPER_COMMAND_RPC(EndTemporaryRegistration, end_temporary_registration)
  KEEPER_COMMAND_RPC(RecordChildsPlan, record_childs_plan)
  KEEPER_COMMAND_RPC(AddPlanTask, add_plan_task)
  KEEPER_COMMAND_RPC(UpdatePlanTask, update_plan_task)
  KEEPER_COMMAND_RPC(NameCoreGroup, name_core_group)
  KEEPER_COMMAND_RPC(RecordCoreGroupMeeting, record_core_group_meeting)
  KEEPER_COMMAND_RPC(RequestEarlyReview, request_early_review)
  KEEPER_COMMAND_RPC(RecordHomeVisit, record_home_visit)

#undef KEEPER_COMMAND_RPC

  // State and history of one case, recorded before it is sent.
  KEEPER_UNARY_ON_POOL(GetCase, v1::GetCaseRequest, v1::CaseView)

 private:
  grpc::Status HandleGetCase(grpc::ServerContextBase* context,
                             const v1::GetCaseRequest* request,
                             v1::CaseView* response);
  grpc::Status Run(grpc::ServerContextBase* context, const std::string& method,
                   const v1::Command& command, v1::CommandResult* response);

  domain::CaseCommands& commands_;
  const eventstore::EventStore& store_;
  const projections::ProjectionEngine& engine_;
  AccessGate& gate_;
  HandlerPool& pool_;
};

}  // namespace keeper::services

#endif  // KEEPER_SERVICES_GRPC_CASE_SERVICE_H_
