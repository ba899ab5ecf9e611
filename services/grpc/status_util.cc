#include "services/grpc/status_util.h"

#include <string>

#include "absl/strings/cord.h"
#include "common/rocks_status.h"
#include "domain/policy/rule_violation.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"

namespace keeper::services {
namespace {

absl::Status WithDetail(absl::StatusCode code, const std::string& message,
                        const google::protobuf::Message& detail) {
  google::rpc::Status rpc;
  rpc.set_code(static_cast<int>(code));
  rpc.set_message(message);
  rpc.add_details()->PackFrom(detail);
  absl::Status status(code, message);
  status.SetPayload(kRpcStatusPayload, absl::Cord(rpc.SerializeAsString()));
  return status;
}

}  // namespace

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

grpc::Status ToGrpcStatus(const absl::Status& original) {
  if (original.ok()) return grpc::Status::OK;
  absl::Status status = WithRuleDetails(original);
  // A storage fault (full disk, I/O error) carries its ErrorInfo as a
  // detail, so that clients can tell why the write was refused.
  if (auto fault = StorageFaultFromStatus(status);
      fault.has_value() && !status.GetPayload(kRpcStatusPayload).has_value()) {
    status = WithDetail(status.code(), std::string(status.message()), *fault);
  }
  const auto code = static_cast<grpc::StatusCode>(status.code());
  const std::string message(status.message());
  if (auto details = status.GetPayload(kRpcStatusPayload);
      details.has_value()) {
    return grpc::Status(code, message, std::string(*details));
  }
  return grpc::Status(code, message);
}

}  // namespace keeper::services
