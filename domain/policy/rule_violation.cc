#include "domain/policy/rule_violation.h"

#include <string>

#include "absl/strings/cord.h"
#include "absl/strings/str_cat.h"
#include "common/strings.h"

namespace keeper::domain {
namespace {

absl::Status Make(absl::StatusCode code, std::string_view rule,
                  std::string_view field, std::string_view description) {
  v1::RuleViolation violation;
  violation.set_rule(std::string(rule));
  violation.set_field(std::string(field));
  violation.set_description(std::string(description));
  absl::Status status(code, absl::StrCat(Sv(description), " [rule ", Sv(rule),
                                         ", field ", Sv(field), "]"));
  status.SetPayload(kRuleViolationTypeUrl,
                    absl::Cord(violation.SerializeAsString()));
  return status;
}

}  // namespace

absl::Status Invalid(std::string_view field, std::string_view description) {
  return Make(absl::StatusCode::kInvalidArgument, kRuleInput, field,
              description);
}

absl::Status Broken(std::string_view rule, std::string_view field,
                    std::string_view description) {
  return Make(absl::StatusCode::kFailedPrecondition, rule, field, description);
}

absl::Status Missing(std::string_view field, std::string_view description) {
  return Make(absl::StatusCode::kNotFound, "exists", field, description);
}

absl::Status Duplicate(std::string_view rule, std::string_view field,
                       std::string_view description) {
  return Make(absl::StatusCode::kAlreadyExists, rule, field, description);
}

std::optional<v1::RuleViolation> RuleViolationFromStatus(
    const absl::Status& status) {
  auto payload = status.GetPayload(kRuleViolationTypeUrl);
  if (!payload.has_value()) return std::nullopt;
  v1::RuleViolation violation;
  if (!violation.ParseFromString(std::string(*payload))) return std::nullopt;
  return violation;
}

}  // namespace keeper::domain
