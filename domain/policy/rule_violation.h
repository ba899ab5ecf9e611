// How the domain reports a rejected command: an absl::Status with the most
// specific code, a message naming the rule and the field, and a
// v1.RuleViolation payload carrying both for machines (the gRPC layer turns
// it into google.rpc BadRequest or PreconditionFailure details).
//
// Thread safety: stateless functions.
#ifndef KEEPER_DOMAIN_POLICY_RULE_VIOLATION_H_
#define KEEPER_DOMAIN_POLICY_RULE_VIOLATION_H_

#include <optional>
#include <string_view>

#include "absl/status/status.h"
#include "keeper/v1/types.pb.h"

namespace keeper::domain {

// The status payload key of the v1.RuleViolation.
inline constexpr char kRuleViolationTypeUrl[] =
    "type.googleapis.com/keeper.v1.RuleViolation";

// The rule name of malformed input: a missing or badly formed field.
inline constexpr char kRuleInput[] = "input";

// INVALID_ARGUMENT: the command is malformed in `field`.
absl::Status Invalid(std::string_view field, std::string_view description);

// FAILED_PRECONDITION: the command breaks `rule` given the case's state.
absl::Status Broken(std::string_view rule, std::string_view field,
                    std::string_view description);

// NOT_FOUND: `field` names something the case does not hold.
absl::Status Missing(std::string_view field, std::string_view description);

// ALREADY_EXISTS: `field` names something recorded before.
absl::Status Duplicate(std::string_view rule, std::string_view field,
                       std::string_view description);

// The violation a status carries, if any.
std::optional<v1::RuleViolation> RuleViolationFromStatus(
    const absl::Status& status);

}  // namespace keeper::domain

#endif  // KEEPER_DOMAIN_POLICY_RULE_VIOLATION_H_
