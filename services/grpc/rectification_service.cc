#include "services/grpc/rectification_service.h"

#include "absl/time/clock.h"
#include "common/status_macros.h"
#include "domain/ids.h"
#include "domain/rectification.h"
#include "projections/access_trail.h"
#include "services/access/audited_read.h"
#include "services/access/rectification_notice.h"

namespace keeper::services {
namespace {

constexpr char kRequest[] =
    "/keeper.v1.RectificationService/RequestRectification";
constexpr char kDecide[] =
    "/keeper.v1.RectificationService/DecideRectification";

}  // namespace

RectificationService::RectificationService(
    domain::CaseCommands& commands, const eventstore::EventStore& store,
    const projections::ProjectionEngine& engine, AccessGate& gate,
    HandlerPool& pool)
    : PooledService(pool, gate),
      commands_(commands),
      store_(store),
      engine_(engine) {
  Serve("RequestRectification", &RectificationService::HandleRequest);
  Serve("DecideRectification", &RectificationService::HandleDecide);
}

absl::StatusOr<std::vector<v1::NoticeRecipient>>
RectificationService::Recipients(const std::string& case_id,
                                 uint64_t position) const {
  // The feed's record of a delivery is written before the delivery.
  RETURN_IF_ERROR(CatchUp(store_, engine_));
  std::vector<v1::NoticeRecipient> recipients;
  v1::AccessTrailQuery query;
  query.set_case_id(case_id);
  query.set_page_size(1000);
  do {
    ASSIGN_OR_RETURN(v1::AccessTrailPage page,
                     projections::QueryAccessTrail(engine_, query));
    for (const v1::AccessTrailEntry& entry : page.entries()) {
      AddFeedRecipients(entry, position, recipients);
    }
    query.set_page_token(page.next_page_token());
  } while (!query.page_token().empty());
  return recipients;
}

absl::StatusOr<Caller> RectificationService::Admit(
    grpc::ServerContextBase& context, const std::string& method,
    const google::protobuf::Message& body) {
  // A refused command names the case, not its content.
  ReadSubject subject = SubjectOf(body);
  subject.query.clear();
  return gate_.Admit(context, method, subject);
}

absl::StatusOr<v1::CommandResult> RectificationService::Execute(
    const Caller& caller, const v1::Command& command) {
  domain::CallContext call;
  call.actor = caller.ToActor();
  call.purpose = caller.purpose;
  call.now = absl::Now();
  return commands_.Execute(command, call);
}

absl::StatusOr<v1::CommandResult> RectificationService::HandleRequest(
    grpc::ServerContextBase& context, const v1::RequestRectification& request) {
  ASSIGN_OR_RETURN(Caller caller, Admit(context, kRequest, request));
  v1::Command command;
  v1::RequestRectification& body = *command.mutable_request_rectification();
  body = request;
  body.clear_notified();
  // Content the case does not hold has no recipients; the domain refuses
  // the request, naming the field.
  if (domain::CheckId(request.case_id(), "case_id").ok()) {
    ASSIGN_OR_RETURN(domain::CaseState state,
                     commands_.LoadCase(request.case_id()));
    absl::StatusOr<v1::DisputedContent> content =
        domain::ResolveDisputedContent(state, request);
    if (content.ok()) {
      ASSIGN_OR_RETURN(std::vector<v1::NoticeRecipient> recipients,
                       Recipients(request.case_id(), content->position()));
      for (v1::NoticeRecipient& recipient : recipients) {
        *body.add_notified() = std::move(recipient);
      }
    }
  }
  return Execute(caller, command);
}

absl::StatusOr<v1::CommandResult> RectificationService::HandleDecide(
    grpc::ServerContextBase& context, const v1::DecideRectification& request) {
  ASSIGN_OR_RETURN(Caller caller, Admit(context, kDecide, request));
  v1::Command command;
  v1::DecideRectification& body = *command.mutable_decide_rectification();
  body = request;
  body.clear_notified();
  if (domain::CheckId(request.case_id(), "case_id").ok()) {
    ASSIGN_OR_RETURN(domain::CaseState state,
                     commands_.LoadCase(request.case_id()));
    auto it = state.rectifications.find(request.request_id());
    if (it != state.rectifications.end()) {
      ASSIGN_OR_RETURN(std::vector<v1::NoticeRecipient> recipients,
                       Recipients(request.case_id(),
                                  it->second.request.content().position()));
      for (v1::NoticeRecipient& recipient : recipients) {
        *body.add_notified() = std::move(recipient);
      }
    }
  }
  return Execute(caller, command);
}

}  // namespace keeper::services
