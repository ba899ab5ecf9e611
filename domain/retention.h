// The retention rules (SPEC §11): when a record is due for review or
// erasure under the schedule of the policy version in force on a day, and
// what the legal holds in force keep back. Pure: the records come from the
// retention projection, the schedule from the policy files. Nothing is
// ever erased here or anywhere in Keeper; the report only says what is due.
//
// Thread safety: stateless functions over caller-owned values.
// Failure: FAILED_PRECONDITION when no policy covers the authority on the
// day or the policy in force sets no retention rules (RuleViolation
// "retention.schedule"); INVALID_ARGUMENT for a period the calendar cannot
// count.
#ifndef KEEPER_DOMAIN_RETENTION_H_
#define KEEPER_DOMAIN_RETENTION_H_

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "domain/policy/policy.h"
#include "keeper/v1/retention_service.pb.h"

namespace keeper::domain {

// Everything of one authority that retention rules and holds apply to.
struct RetentionRecords {
  std::vector<v1::RetainedCase> cases;
  std::vector<v1::RetainedAccessEvents> access_events;
  std::vector<v1::LegalHold> holds;
};

// When a record's retention ends, and the rule that says so.
struct RetentionDue {
  const v1::RetentionRule* rule = nullptr;  // in the policy; not owned
  absl::CivilDay due_on;
  std::string text;  // the rule in words, with its basis day
};

// Of `policy`'s rules for the record, the one that keeps it longest.
// nullopt when the record is kept with no end yet: no rule covers it, or
// a rule counts from a day not yet known (a case still open, a child whose
// date of birth is not recorded).
absl::StatusOr<std::optional<RetentionDue>> CaseRecordDue(
    const Policy& policy, std::string_view authority,
    const v1::RetainedCase& record);
absl::StatusOr<std::optional<RetentionDue>> AccessEventsDue(
    const Policy& policy, std::string_view authority,
    const v1::RetainedAccessEvents& record);

// Placed on or before `day` and not lifted by then.
bool HoldInForceOn(const v1::LegalHold& hold, absl::CivilDay day);

// Whether `hold` keeps `item` back: a case hold covers that case's record
// and the access records naming it, a child hold every case of the child
// (`child_of` maps case ids to child ids) and the reads of them, an
// authority hold everything.
bool HoldCovers(const v1::LegalHold& hold, const v1::RetentionItem& item,
                const std::map<std::string, std::string>& child_of);

// The report of `authority` for `on`, under the policy in force that day.
absl::StatusOr<v1::RetentionReport> BuildRetentionReport(
    const PolicyRegistry& policies, std::string_view authority,
    absl::CivilDay on, const RetentionRecords& records);

}  // namespace keeper::domain

#endif  // KEEPER_DOMAIN_RETENTION_H_
