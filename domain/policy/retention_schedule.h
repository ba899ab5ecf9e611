// Checks a policy's retention schedule (retention.proto): the rules are
// policy data, and a policy file with a malformed rule does not load.
//
// Thread safety: stateless functions.
// Failure: INVALID_ARGUMENT naming the rule and field at fault.
#ifndef KEEPER_DOMAIN_POLICY_RETENTION_SCHEDULE_H_
#define KEEPER_DOMAIN_POLICY_RETENTION_SCHEDULE_H_

#include "absl/status/status.h"
#include "keeper/v1/retention.pb.h"

namespace keeper::domain {

// Every rule has a unique id, a record kind, a basis that kind can have
// (case records: closure or birth; access records: the day recorded), 1 to
// 200 years and an action. An empty schedule is valid: the policy sets none.
absl::Status CheckRetentionSchedule(const v1::RetentionSchedule& schedule);

}  // namespace keeper::domain

#endif  // KEEPER_DOMAIN_POLICY_RETENTION_SCHEDULE_H_
