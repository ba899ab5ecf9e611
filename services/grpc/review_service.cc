#include "services/grpc/review_service.h"

#include "absl/strings/str_cat.h"
#include "domain/withholding.h"
#include "projections/decision_record.h"
#include "projections/register.h"
#include "services/grpc/status_util.h"

namespace keeper::services {
namespace {

constexpr char kGet[] = "/keeper.v1.ReviewService/GetDecisionRecord";
constexpr absl::Duration kFreshness = absl::Seconds(5);

// Blanks every restricted part: a family-facing reader sees that a part was
// withheld, never its text.
void WithholdRestrictedParts(v1::DecisionRecord& record) {
  for (v1::ReportAtDecision& report : *record.mutable_reports()) {
    domain::WithholdRestrictedParts(*report.mutable_version(),
                                    report.restricted_part_indexes());
  }
}

}  // namespace

grpc::Status ReviewService::HandleGetDecisionRecord(
    grpc::ServerContextBase* context,
    const v1::GetDecisionRecordRequest* request, v1::DecisionRecord* response) {
  absl::StatusOr<Caller> caller = gate_.Admit(*context, kGet, true);
  if (!caller.ok()) return ToGrpcStatus(caller.status());
  absl::Status valid;
  if (request->case_id().empty()) {
    valid = InvalidField("case_id", "must name the case");
  } else if (request->conference_id().empty()) {
    valid = InvalidField("conference_id", "must name the conference");
  }
  if (!valid.ok()) {
    return ToGrpcStatus(gate_.RecordRefusal(*caller, kGet, {}, valid));
  }
  if (absl::Status fresh =
          engine_.WaitFor(store_.GetHead().position, kFreshness);
      !fresh.ok()) {
    return ToGrpcStatus(absl::UnavailableError(fresh.message()));
  }
  absl::StatusOr<std::optional<std::string>> authority =
      projections::CaseAuthority(engine_, request->case_id());
  if (!authority.ok()) return ToGrpcStatus(authority.status());
  if (authority->has_value()) {
    if (absl::Status scoped = gate_.AdmitAuthority(
            *caller, kGet, request->case_id(), **authority);
        !scoped.ok()) {
      return ToGrpcStatus(scoped);
    }
  }
  absl::StatusOr<v1::DecisionRecord> record = projections::GetDecisionRecord(
      engine_, request->case_id(), request->conference_id());
  ReadRecord read;
  read.case_ids = {request->case_id()};
  read.query = request->ShortDebugString();
  if (!record.ok()) {
    // Whether a case has a decision is itself case data: record the look.
    read.returned = std::string(record.status().message());
    if (absl::Status recorded = gate_.RecordRead(*caller, kGet, read);
        !recorded.ok()) {
      return ToGrpcStatus(recorded);
    }
    return ToGrpcStatus(record.status());
  }
  const bool family_facing = gate_.IsFamilyFacing(*caller);
  if (family_facing) WithholdRestrictedParts(*record);
  read.returned =
      absl::StrCat("decision record of conference ", request->conference_id(),
                   ", ", record->reports_size(), " reports",
                   family_facing ? ", restricted parts withheld" : "");
  if (absl::Status recorded = gate_.RecordRead(*caller, kGet, read);
      !recorded.ok()) {
    return ToGrpcStatus(recorded);
  }
  *response = *std::move(record);
  return grpc::Status::OK;
}

}  // namespace keeper::services
