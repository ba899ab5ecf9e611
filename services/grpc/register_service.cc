#include "services/grpc/register_service.h"

#include <optional>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "google/protobuf/util/time_util.h"
#include "projections/register.h"
#include "services/grpc/status_util.h"

namespace keeper::services {
namespace {

constexpr char kCheck[] = "/keeper.v1.RegisterService/CheckRegister";
constexpr char kList[] = "/keeper.v1.RegisterService/ListRegister";
constexpr absl::Duration kFreshness = absl::Seconds(5);

bool ValidDate(const v1::Date& date) {
  return date.year() >= 1900 && date.year() <= 2200 && date.month() >= 1 &&
         date.month() <= 12 && date.day() >= 1 && date.day() <= 31;
}

absl::Status ValidateCheck(const v1::RegisterCheckRequest& request) {
  switch (request.by_case()) {
    case v1::RegisterCheckRequest::kCaseId:
      if (request.case_id().empty()) {
        return InvalidField("case_id", "must not be empty");
      }
      return absl::OkStatus();
    case v1::RegisterCheckRequest::kNameAndBirth:
      if (request.name_and_birth().family_name().empty()) {
        return InvalidField("name_and_birth.family_name",
                            "is required for a check by name");
      }
      if (!ValidDate(request.name_and_birth().date_of_birth())) {
        return InvalidField("name_and_birth.date_of_birth",
                            "must be a valid date");
      }
      return absl::OkStatus();
    default:
      return InvalidField("by", "set case_id or name_and_birth");
  }
}

}  // namespace

grpc::Status RegisterService::HandleCheckRegister(
    grpc::ServerContextBase* context, const v1::RegisterCheckRequest* request,
    v1::RegisterCheckResult* response) {
  absl::StatusOr<Caller> caller = gate_.Admit(*context, kCheck, true);
  if (!caller.ok()) return ToGrpcStatus(caller.status());
  if (absl::Status valid = ValidateCheck(*request); !valid.ok()) {
    return ToGrpcStatus(gate_.RecordRefusal(*caller, kCheck, {}, valid));
  }
  if (absl::Status fresh =
          engine_.WaitFor(store_.GetHead().position, kFreshness);
      !fresh.ok()) {
    return ToGrpcStatus(absl::UnavailableError(fresh.message()));
  }
  absl::StatusOr<v1::RegisterCheckResult> result =
      projections::CheckRegister(engine_, *request);
  if (!result.ok()) return ToGrpcStatus(result.status());

  ReadRecord record;
  record.query = request->ShortDebugString();
  for (const v1::RegisterMatch& match : result->matches()) {
    record.case_ids.push_back(match.case_id());
    record.notify_authorities.push_back(match.local_authority());
  }
  record.returned =
      absl::StrCat("on register: ", result->on_register() ? "yes" : "no",
                   "; matches: ", result->matches_size());
  if (absl::Status recorded = gate_.RecordRead(*caller, kCheck, record);
      !recorded.ok()) {
    return ToGrpcStatus(recorded);
  }
  *response = *std::move(result);
  return grpc::Status::OK;
}

grpc::Status RegisterService::HandleListRegister(
    grpc::ServerContextBase* context, const v1::ListRegisterRequest* request,
    v1::RegisterListing* response) {
  absl::StatusOr<Caller> caller = gate_.Admit(*context, kList, true);
  if (!caller.ok()) return ToGrpcStatus(caller.status());
  absl::Status valid;
  if (request->local_authority().empty()) {
    valid = InvalidField("local_authority", "must name an authority");
  } else if (request->has_as_of_time() && request->as_of_position() != 0) {
    valid = InvalidField("as_of_time", "give a time or a position, not both");
  } else if (request->as_of_position() > store_.GetHead().position) {
    valid = InvalidField("as_of_position", "is beyond the end of the log");
  }
  if (!valid.ok()) {
    return ToGrpcStatus(gate_.RecordRefusal(*caller, kList, {}, valid));
  }
  // Checks span every register; a listing shows one authority's only to
  // that authority.
  if (absl::Status scoped =
          gate_.AdmitAuthority(*caller, kList, "", request->local_authority());
      !scoped.ok()) {
    return ToGrpcStatus(scoped);
  }
  const uint64_t head = store_.GetHead().position;
  std::optional<uint64_t> as_of;
  if (request->as_of_position() != 0) as_of = request->as_of_position();
  if (request->has_as_of_time()) {
    // Everything recorded at or before the time: up to the event before
    // the first one recorded after it.
    const absl::Time after =
        absl::FromUnixSeconds(request->as_of_time().seconds()) +
        absl::Nanoseconds(request->as_of_time().nanos() + 1);
    auto later = store_.ReadTimeRange(after, absl::InfiniteFuture(), 1);
    if (!later.ok()) return ToGrpcStatus(later.status());
    as_of = later->empty() ? head : later->front().position() - 1;
  }
  if (absl::Status fresh = engine_.WaitFor(head, kFreshness); !fresh.ok()) {
    return ToGrpcStatus(absl::UnavailableError(fresh.message()));
  }
  absl::StatusOr<v1::RegisterListing> listing =
      projections::ListRegister(engine_, request->local_authority(), as_of);
  if (!listing.ok()) return ToGrpcStatus(listing.status());

  ReadRecord record;
  record.query = request->ShortDebugString();
  for (const v1::RegisterEntry& entry : listing->entries()) {
    record.case_ids.push_back(entry.case_id());
  }
  record.returned =
      absl::StrCat(listing->entries_size(), " register entries as of position ",
                   listing->as_of_position());
  if (absl::Status recorded = gate_.RecordRead(*caller, kList, record);
      !recorded.ok()) {
    return ToGrpcStatus(recorded);
  }
  *response = *std::move(listing);
  return grpc::Status::OK;
}

}  // namespace keeper::services
