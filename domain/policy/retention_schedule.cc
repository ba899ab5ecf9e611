#include "domain/policy/retention_schedule.h"

#include <set>
#include <string>

#include "absl/strings/str_cat.h"
#include "domain/policy/rule_violation.h"

namespace keeper::domain {
namespace {

bool BasisFits(v1::RetainedRecord record, v1::RetentionBasis basis) {
  switch (record) {
    case v1::RETAINED_RECORD_CASE:
      return basis == v1::RETENTION_BASIS_CASE_CLOSED ||
             basis == v1::RETENTION_BASIS_CHILD_BIRTH;
    case v1::RETAINED_RECORD_ACCESS_EVENTS:
      return basis == v1::RETENTION_BASIS_RECORDED;
    default:
      return false;
  }
}

}  // namespace

absl::Status CheckRetentionSchedule(const v1::RetentionSchedule& schedule) {
  std::set<std::string> ids;
  for (const v1::RetentionRule& rule : schedule.rules()) {
    const std::string at =
        absl::StrCat("retention rule '", rule.rule_id(), "'");
    if (rule.rule_id().empty() || !ids.insert(rule.rule_id()).second) {
      return Invalid(
          "retention.rules.rule_id",
          absl::StrCat("empty or repeated rule id '", rule.rule_id(), "'"));
    }
    if (rule.record() == v1::RETAINED_RECORD_UNSPECIFIED ||
        !v1::RetainedRecord_IsValid(rule.record())) {
      return Invalid("retention.rules.record",
                     absl::StrCat(at, ": name the kind of record"));
    }
    if (!BasisFits(rule.record(), rule.basis())) {
      return Invalid(
          "retention.rules.basis",
          absl::StrCat(at,
                       ": case records count from the case's closure or the "
                       "child's birth, access records from the day recorded"));
    }
    if (rule.years() < 1 || rule.years() > 200) {
      return Invalid("retention.rules.years",
                     absl::StrCat(at, ": 1 to 200 years"));
    }
    if (rule.action() == v1::RETENTION_ACTION_UNSPECIFIED ||
        !v1::RetentionAction_IsValid(rule.action())) {
      return Invalid("retention.rules.action",
                     absl::StrCat(at, ": review or erase"));
    }
  }
  return absl::OkStatus();
}

}  // namespace keeper::domain
