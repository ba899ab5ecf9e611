#include "services/grpc/review_service.h"

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "domain/withholding.h"
#include "projections/decision_record.h"
#include "projections/register.h"
#include "services/access/audited_read.h"
#include "services/grpc/status_util.h"

namespace keeper::services {
namespace {

constexpr char kGet[] = "/keeper.v1.ReviewService/GetDecisionRecord";

}  // namespace

ReviewService::ReviewService(const eventstore::EventStore& store,
                             const projections::ProjectionEngine& engine,
                             AccessGate& gate, HandlerPool& pool)
    : PooledService(pool, gate), store_(store), engine_(engine) {
  Serve("GetDecisionRecord", &ReviewService::HandleGetDecisionRecord);
}

absl::StatusOr<v1::DecisionRecord> ReviewService::HandleGetDecisionRecord(
    grpc::ServerContextBase& context,
    const v1::GetDecisionRecordRequest& request) {
  return AuditedRead<v1::DecisionRecord>(
      gate_, context, kGet, request,
      [&](ReadCall& call) -> absl::StatusOr<v1::DecisionRecord> {
        if (request.case_id().empty()) {
          return InvalidField("case_id", "must name the case");
        }
        if (request.conference_id().empty()) {
          return InvalidField("conference_id", "must name the conference");
        }
        RETURN_IF_ERROR(CatchUp(store_, engine_));
        ASSIGN_OR_RETURN(
            std::optional<std::string> authority,
            projections::CaseAuthority(engine_, request.case_id()));
        if (authority.has_value()) RETURN_IF_ERROR(call.ScopeTo(*authority));
        absl::StatusOr<v1::DecisionRecord> record =
            projections::GetDecisionRecord(engine_, request.case_id(),
                                           request.conference_id());
        if (!record.ok()) {
          // Whether a case has a decision is itself case data: record the
          // look.
          return AnsweredWith(record.status());
        }
        const bool family_facing = call.family_facing();
        if (family_facing) domain::WithholdRestrictedParts(*record);
        call.record().returned = absl::StrCat(
            "decision record of conference ", request.conference_id(), ", ",
            record->reports_size(), " reports",
            family_facing ? ", restricted parts withheld" : "");
        return record;
      });
}

}  // namespace keeper::services
