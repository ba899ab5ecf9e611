#include "services/grpc/case_service.h"

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/status_macros.h"
#include "domain/case_view.h"
#include "domain/ids.h"
#include "projections/case_view.h"
#include "projections/trail.h"
#include "services/access/audited_read.h"
#include "services/grpc/status_util.h"

namespace keeper::services {
namespace {

constexpr char kGetCase[] = "/keeper.v1.CaseService/GetCase";

// The field of v1.Command that holds `method`'s request.
const google::protobuf::FieldDescriptor* CommandField(
    const google::protobuf::MethodDescriptor& method) {
  const google::protobuf::Descriptor* command = v1::Command::descriptor();
  for (int i = 0; i < command->field_count(); ++i) {
    if (command->field(i)->message_type() == method.input_type()) {
      return command->field(i);
    }
  }
  return nullptr;
}

}  // namespace

CaseService::CaseService(domain::CaseCommands& commands,
                         const eventstore::EventStore& store,
                         const projections::ProjectionEngine& engine,
                         AccessGate& gate, HandlerPool& pool)
    : PooledService(pool, gate),
      commands_(commands),
      store_(store),
      engine_(engine) {
  Serve("GetCase", &CaseService::HandleGetCase);
  // Every other method is a command: its request is one field of
  // v1.Command, parsed straight into it.
  for (int i = 0; i < descriptor().method_count(); ++i) {
    const google::protobuf::MethodDescriptor& method = *descriptor().method(i);
    if (method.name() == "GetCase") continue;
    const google::protobuf::FieldDescriptor* field = CommandField(method);
    if (field == nullptr ||
        method.output_type() != v1::CommandResult::descriptor()) {
      std::abort();  // a CaseService method that is not a command
    }
    ServeRaw(method, [this, field, full = FullMethodName(method)](
                         grpc::ServerContextBase& context,
                         const std::string& body, std::string* reply) {
      v1::Command command;
      RETURN_IF_ERROR(ParseRequest(
          gate_, context, full, body,
          *command.GetReflection()->MutableMessage(&command, field)));
      // A refused command names the case it would have acted on, but not
      // its content: that is the caller's, not yet the record's.
      ReadSubject subject =
          SubjectOf(command.GetReflection()->GetMessage(command, field));
      subject.query.clear();
      ASSIGN_OR_RETURN(v1::CommandResult result,
                       Run(context, full, subject, command));
      result.SerializeToString(reply);
      return absl::OkStatus();
    });
  }
}

absl::StatusOr<v1::CommandResult> CaseService::Run(
    grpc::ServerContextBase& context, const std::string& method,
    const ReadSubject& subject, const v1::Command& command) {
  ASSIGN_OR_RETURN(Caller caller, gate_.Admit(context, method, subject));
  domain::CallContext call;
  call.actor = caller.ToActor();
  call.purpose = caller.purpose;
  call.now = absl::Now();
  return commands_.Execute(command, call);
}

namespace {

// Keeps the page of `view.history` that `request` asks for. The token pins
// the history to the position of the first page's last event, and names
// the last event returned: later pages hold the events after it, up to
// the pin, so each appears once however the case grows meanwhile.
absl::Status PageHistory(const v1::GetCaseRequest& request, uint64_t head,
                         v1::CaseView& view) {
  auto* history = view.mutable_history();
  uint64_t pin = history->empty() ? 0 : history->rbegin()->position();
  uint64_t after = 0;
  if (!request.page_token().empty() &&
      !projections::trail::DecodePageToken(request.page_token(), head, &pin,
                                           &after)
           .ok()) {
    return InvalidField("page_token", "is not a token this service returned");
  }
  google::protobuf::RepeatedPtrField<v1::EventEnvelope> page;
  bool more = false;
  for (v1::EventEnvelope& event : *history) {
    if (event.position() <= after || event.position() > pin) continue;
    if (request.page_size() > 0 && page.size() == request.page_size()) {
      more = true;
      break;
    }
    *page.Add() = std::move(event);
  }
  history->Swap(&page);
  if (more) {
    view.set_next_page_token(projections::trail::EncodePageToken(
        pin, history->rbegin()->position()));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<v1::CaseView> CaseService::HandleGetCase(
    grpc::ServerContextBase& context, const v1::GetCaseRequest& request) {
  return AuditedRead<v1::CaseView>(
      gate_, context, kGetCase, request,
      [&](ReadCall& call) -> absl::StatusOr<v1::CaseView> {
        const std::string& case_id = request.case_id();
        if (case_id.empty()) {
          return InvalidField("case_id", "must name the case");
        }
        RETURN_IF_ERROR(domain::CheckId(case_id, "case_id"));
        if (request.page_size() < 0) {
          return InvalidField("page_size", "must not be negative");
        }
        // As of the caller's last write.
        RETURN_IF_ERROR(CatchUp(store_, engine_));
        std::vector<v1::EventEnvelope> history;
        ASSIGN_OR_RETURN(
            domain::CaseState state,
            projections::ReadCaseState(engine_, case_id, &history));
        if (!state.exists()) {
          // Whether a case exists is itself case data: record the look.
          return AnsweredWith(
              absl::NotFoundError(absl::StrCat("no case '", case_id, "'")));
        }
        RETURN_IF_ERROR(call.ScopeTo(state.local_authority));
        const bool family_facing = call.family_facing();
        ASSIGN_OR_RETURN(
            v1::CaseView view,
            domain::MakeCaseView(state, std::move(history), family_facing));
        RETURN_IF_ERROR(PageHistory(request, store_.GetHead().position, view));
        call.record().returned = absl::StrCat(
            "case at version ", view.version(), ", ", view.history_size(),
            " events", family_facing ? ", restricted parts withheld" : "");
        return view;
      });
}

}  // namespace keeper::services
