#include "services/grpc/case_service.h"

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "domain/case_view.h"
#include "projections/case_view.h"
#include "services/grpc/status_util.h"

namespace keeper::services {
namespace {

constexpr char kGetCase[] = "/keeper.v1.CaseService/GetCase";
// How long a read waits for the projections to reach the log's head, so
// the case is as of the caller's last write.
constexpr absl::Duration kFreshness = absl::Seconds(5);

}  // namespace

grpc::Status CaseService::Run(grpc::ServerContextBase* context,
                              const std::string& method,
                              const v1::Command& command,
                              v1::CommandResult* response) {
  absl::StatusOr<Caller> caller = gate_.Admit(*context, method, false);
  if (!caller.ok()) return ToGrpcStatus(caller.status());
  domain::CallContext call;
  call.actor = caller->ToActor();
  call.purpose = caller->purpose;
  call.now = absl::Now();
  absl::StatusOr<v1::CommandResult> result = commands_.Execute(command, call);
  if (!result.ok()) return ToGrpcStatus(result.status());
  *response = *std::move(result);
  return grpc::Status::OK;
}

grpc::Status CaseService::HandleGetCase(grpc::ServerContextBase* context,
                                        const v1::GetCaseRequest* request,
                                        v1::CaseView* response) {
  absl::StatusOr<Caller> caller = gate_.Admit(*context, kGetCase, true);
  if (!caller.ok()) return ToGrpcStatus(caller.status());
  const std::string& case_id = request->case_id();
  if (case_id.empty()) {
    return ToGrpcStatus(gate_.RecordRefusal(
        *caller, kGetCase, {}, InvalidField("case_id", "must name the case")));
  }
  if (absl::Status fresh =
          engine_.WaitFor(store_.GetHead().position, kFreshness);
      !fresh.ok()) {
    return ToGrpcStatus(absl::UnavailableError(fresh.message()));
  }
  std::vector<v1::EventEnvelope> history;
  absl::StatusOr<domain::CaseState> state =
      projections::ReadCaseState(engine_, case_id, &history);
  if (!state.ok()) return ToGrpcStatus(state.status());
  ReadRecord read;
  read.case_ids = {case_id};
  read.query = request->ShortDebugString();
  if (!state->exists()) {
    // Whether a case exists is itself case data: record the look.
    read.returned = "no such case";
    if (absl::Status recorded = gate_.RecordRead(*caller, kGetCase, read);
        !recorded.ok()) {
      return ToGrpcStatus(recorded);
    }
    return ToGrpcStatus(
        absl::NotFoundError(absl::StrCat("no case '", case_id, "'")));
  }
  if (absl::Status scoped = gate_.AdmitAuthority(*caller, kGetCase, case_id,
                                                 state->local_authority);
      !scoped.ok()) {
    return ToGrpcStatus(scoped);
  }
  const bool family_facing = gate_.IsFamilyFacing(*caller);
  absl::StatusOr<v1::CaseView> view =
      domain::MakeCaseView(*state, std::move(history), family_facing);
  if (!view.ok()) return ToGrpcStatus(view.status());
  read.returned = absl::StrCat(
      "case at version ", view->version(), ", ", view->history_size(),
      " events", family_facing ? ", restricted parts withheld" : "");
  if (absl::Status recorded = gate_.RecordRead(*caller, kGetCase, read);
      !recorded.ok()) {
    return ToGrpcStatus(recorded);
  }
  *response = *std::move(view);
  return grpc::Status::OK;
}

}  // namespace keeper::services
