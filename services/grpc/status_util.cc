#include "services/grpc/status_util.h"

#include <string>

#include "absl/strings/cord.h"
#include "absl/strings/numbers.h"
#include "common/error_info.h"
#include "common/rocks_status.h"
#include "domain/policy/rule_violation.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"

namespace keeper::services {
namespace {

absl::Status WithDetail(absl::StatusCode code, const std::string& message,
                        const google::protobuf::Message& detail) {
  return AddDetail(absl::Status(code, message), detail);
}

}  // namespace

absl::Status AddDetail(absl::Status status,
                       const google::protobuf::Message& detail) {
  if (status.ok()) return status;
  google::rpc::Status rpc;
  if (auto details = status.GetPayload(kRpcStatusPayload);
      !details.has_value() || !rpc.ParseFromString(std::string(*details))) {
    rpc.Clear();
  }
  rpc.set_code(static_cast<int>(status.code()));
  rpc.set_message(std::string(status.message()));
  rpc.add_details()->PackFrom(detail);
  status.SetPayload(kRpcStatusPayload, absl::Cord(rpc.SerializeAsString()));
  return status;
}

absl::Status InvalidField(const std::string& field,
                          const std::string& description) {
  google::rpc::BadRequest bad;
  auto* violation = bad.add_field_violations();
  violation->set_field(field);
  violation->set_description(description);
  return WithDetail(absl::StatusCode::kInvalidArgument,
                    field.empty() ? description : field + ": " + description,
                    bad);
}

// The domain's RuleViolation as google.rpc details: BadRequest for
// malformed input and missing things, PreconditionFailure for broken rules.
absl::Status WithRuleDetails(const absl::Status& status) {
  const auto violation = domain::RuleViolationFromStatus(status);
  if (!violation.has_value()) return status;
  const std::string message(status.message());
  switch (status.code()) {
    case absl::StatusCode::kInvalidArgument:
    case absl::StatusCode::kNotFound: {
      google::rpc::BadRequest bad;
      auto* field = bad.add_field_violations();
      field->set_field(violation->field());
      field->set_description(violation->description());
      return WithDetail(status.code(), message, bad);
    }
    default: {
      google::rpc::PreconditionFailure failure;
      auto* broken = failure.add_violations();
      broken->set_type("RULE");
      broken->set_subject(violation->rule());
      broken->set_description(violation->description());
      return WithDetail(status.code(), message, failure);
    }
  }
}

// The reason for an error that was given none where it was made.
google::rpc::ErrorInfo DerivedErrorInfo(const absl::Status& status) {
  google::rpc::ErrorInfo info;
  info.set_domain(kErrorDomain);
  info.set_reason(ReasonForCode(status.code()));
  if (const auto violation = domain::RuleViolationFromStatus(status);
      violation.has_value()) {
    if (!violation->rule().empty() && violation->rule() != domain::kRuleInput) {
      (*info.mutable_metadata())["rule"] = violation->rule();
    }
    if (!violation->field().empty()) {
      (*info.mutable_metadata())["field"] = violation->field();
    }
  }
  return info;
}

grpc::Status ToGrpcStatus(const absl::Status& original) {
  if (original.ok()) return grpc::Status::OK;
  const absl::Status status = WithRuleDetails(original);
  google::rpc::Status rpc;
  if (auto details = status.GetPayload(kRpcStatusPayload);
      !details.has_value() || !rpc.ParseFromString(std::string(*details))) {
    rpc.Clear();
  }
  rpc.set_code(static_cast<int>(status.code()));
  rpc.set_message(std::string(status.message()));
  // Every error carries one ErrorInfo: the one its maker gave it (a
  // storage fault, a refusal at the gate), else one derived from its code.
  std::optional<google::rpc::ErrorInfo> info = ErrorInfoOf(original);
  if (!info.has_value()) {
    info = DerivedErrorInfo(original);
    // A BadRequest made in the gRPC layer names its field there.
    for (const auto& detail : rpc.details()) {
      google::rpc::BadRequest bad;
      if (!info->metadata().contains("field") && detail.UnpackTo(&bad) &&
          bad.field_violations_size() > 0 &&
          !bad.field_violations(0).field().empty()) {
        (*info->mutable_metadata())["field"] = bad.field_violations(0).field();
      }
    }
  }
  rpc.add_details()->PackFrom(*info);
  if (auto delay = info->metadata().find(kRetryDelayMsKey);
      delay != info->metadata().end()) {
    google::rpc::RetryInfo retry;
    int64_t ms = 0;
    if (absl::SimpleAtoi(delay->second, &ms)) {
      retry.mutable_retry_delay()->set_seconds(ms / 1000);
      retry.mutable_retry_delay()->set_nanos((ms % 1000) * 1000000);
      rpc.add_details()->PackFrom(retry);
    }
  }
  return grpc::Status(static_cast<grpc::StatusCode>(status.code()),
                      rpc.message(), rpc.SerializeAsString());
}

}  // namespace keeper::services
