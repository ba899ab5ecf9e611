#include "services/grpc/audit_service.h"

#include "absl/strings/str_cat.h"
#include "projections/access_trail.h"
#include "projections/change_trail.h"
#include "services/grpc/status_util.h"

namespace keeper::services {
namespace {

// How long a read waits for the projections to reach the log's head, so an
// answer reflects everything committed before the call.
constexpr absl::Duration kFreshness = absl::Seconds(5);

}  // namespace

template <typename Query, typename Page>
grpc::Status AuditService::Answer(
    grpc::ServerContextBase* context, const std::string& method,
    const Query& request, Page* response,
    absl::StatusOr<Page> (*query)(const projections::ProjectionEngine&,
                                  const Query&)) {
  absl::StatusOr<Caller> caller = gate_.Admit(*context, method, true);
  if (!caller.ok()) return ToGrpcStatus(caller.status());
  const std::vector<std::string> cases =
      request.case_id().empty() ? std::vector<std::string>{}
                                : std::vector<std::string>{request.case_id()};
  if (request.page_size() < 0 || request.page_size() > 1000) {
    return ToGrpcStatus(gate_.RecordRefusal(
        *caller, method, cases,
        InvalidField("page_size", "must be 0 (default 100) to 1000")));
  }
  if (absl::Status fresh =
          engine_.WaitFor(store_.GetHead().position, kFreshness);
      !fresh.ok()) {
    return ToGrpcStatus(absl::UnavailableError(fresh.message()));
  }
  absl::StatusOr<Page> page = query(engine_, request);
  if (absl::IsInvalidArgument(page.status())) {
    // The size was checked above, so the token is what is wrong.
    return ToGrpcStatus(gate_.RecordRefusal(
        *caller, method, cases,
        InvalidField("page_token", std::string(page.status().message()))));
  }
  if (!page.ok()) return ToGrpcStatus(page.status());

  ReadRecord record;
  record.case_ids = cases;
  record.query = request.ShortDebugString();
  record.returned = absl::StrCat(page->entries_size(), " entries");
  if (absl::Status recorded = gate_.RecordRead(*caller, method, record);
      !recorded.ok()) {
    return ToGrpcStatus(recorded);
  }
  *response = *std::move(page);
  return grpc::Status::OK;
}

grpc::Status AuditService::HandleQueryAccessTrail(
    grpc::ServerContextBase* context, const v1::AccessTrailQuery* request,
    v1::AccessTrailPage* response) {
  return Answer(context, "/keeper.v1.AuditService/QueryAccessTrail", *request,
                response, &projections::QueryAccessTrail);
}

grpc::Status AuditService::HandleQueryChangeTrail(
    grpc::ServerContextBase* context, const v1::ChangeTrailQuery* request,
    v1::ChangeTrailPage* response) {
  return Answer(context, "/keeper.v1.AuditService/QueryChangeTrail", *request,
                response, &projections::QueryChangeTrail);
}

}  // namespace keeper::services
