#include "services/grpc/audit_service.h"

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "projections/access_trail.h"
#include "projections/change_trail.h"
#include "services/access/audited_read.h"
#include "services/grpc/status_util.h"

namespace keeper::services {

AuditService::AuditService(const eventstore::EventStore& store,
                           const projections::ProjectionEngine& engine,
                           AccessGate& gate, HandlerPool& pool)
    : PooledService(pool, gate), store_(store), engine_(engine) {
  Serve("QueryAccessTrail", &AuditService::HandleQueryAccessTrail);
  Serve("QueryChangeTrail", &AuditService::HandleQueryChangeTrail);
}

template <typename Query, typename Page>
absl::StatusOr<Page> AuditService::Answer(
    grpc::ServerContextBase& context, const std::string& method,
    const Query& request,
    absl::StatusOr<Page> (*query)(const projections::ProjectionEngine&,
                                  const Query&)) {
  return AuditedRead<Page>(
      gate_, context, method, request,
      [&](ReadCall& call) -> absl::StatusOr<Page> {
        if (request.page_size() < 0 || request.page_size() > 1000) {
          return InvalidField("page_size", "must be 0 (default 100) to 1000");
        }
        RETURN_IF_ERROR(CatchUp(store_, engine_));
        absl::StatusOr<Page> page = query(engine_, request);
        if (absl::IsInvalidArgument(page.status())) {
          // The size was checked above, so the token is what is wrong.
          return InvalidField("page_token",
                              std::string(page.status().message()));
        }
        if (page.ok()) {
          call.record().returned =
              absl::StrCat(page->entries_size(), " entries");
        }
        return page;
      });
}

absl::StatusOr<v1::AccessTrailPage> AuditService::HandleQueryAccessTrail(
    grpc::ServerContextBase& context, const v1::AccessTrailQuery& request) {
  return Answer(context, "/keeper.v1.AuditService/QueryAccessTrail", request,
                &projections::QueryAccessTrail);
}

absl::StatusOr<v1::ChangeTrailPage> AuditService::HandleQueryChangeTrail(
    grpc::ServerContextBase& context, const v1::ChangeTrailQuery& request) {
  return Answer(context, "/keeper.v1.AuditService/QueryChangeTrail", request,
                &projections::QueryChangeTrail);
}

}  // namespace keeper::services
