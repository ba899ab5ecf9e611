// The pure domain core: a command checked against a case's state gives the
// events to record, or a precise error (rule_violation.h). Nothing here
// reads a clock, a file or the event store: the caller folds the state and
// supplies everything else in the CommandContext. case_commands.h is the
// caller that does this against the event store.
//
// Thread safety: stateless functions over caller-owned values.
// Failure: INVALID_ARGUMENT for malformed input, FAILED_PRECONDITION for a
// broken rule (rules.h), NOT_FOUND and ALREADY_EXISTS for ids; every error
// names its rule and field. A rejected command yields no events.
#ifndef KEEPER_DOMAIN_DECIDE_H_
#define KEEPER_DOMAIN_DECIDE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "domain/case_state.h"
#include "domain/policy/policy.h"
#include "keeper/v1/commands.pb.h"
#include "keeper/v1/domain_event.pb.h"
#include "keeper/v1/eventstore.pb.h"

namespace keeper::domain {

// Other streams a command's rules read, beyond the case's own.
struct StreamsNeeded {
  // The child's entry on the case's authority's register.
  bool register_entry = false;
  // Another case: the one a case continues from, or the receiving case of
  // a transfer. Empty when none.
  std::string other_case_id;
};

StreamsNeeded Needs(const CaseState& state, const v1::Command& command);

// The authority whose policy applies: the case's, or for OpenCase the one
// the command names.
std::string AuthorityOf(const CaseState& state, const v1::Command& command);

// Whether `command` may target `state` at all: a command is set, OpenCase
// names a new case, and every other command an existing one. Decide checks
// it first; callers that need the case's policy before deciding check it
// earlier, so an unknown case is NOT_FOUND rather than a missing authority,
// and then call DecideOnCheckedTarget.
absl::Status CheckTarget(const CaseState& state, const v1::Command& command);

struct CommandContext {
  v1::Actor actor;  // who acts, as the event envelopes will record
  absl::Time now;   // when; dates default to this day in the policy's zone
  // The policy in force for the authority (AuthorityOf) at `now`.
  // Not owned; must outlive the call.
  const Policy* policy = nullptr;
  // The states Needs() asks for; not owned. Null when not needed, or (for
  // other_case) when that case does not exist.
  const RegisterEntryState* register_entry = nullptr;
  const CaseState* other_case = nullptr;
};

// An event to record, and the stream it goes to.
struct NewEvent {
  std::string stream_id;
  v1::DomainEvent event;
};

absl::StatusOr<std::vector<NewEvent>> Decide(const CaseState& state,
                                             const v1::Command& command,
                                             const CommandContext& context);

// Decide for a command that CheckTarget has accepted against `state`.
absl::StatusOr<std::vector<NewEvent>> DecideOnCheckedTarget(
    const CaseState& state, const v1::Command& command,
    const CommandContext& context);

}  // namespace keeper::domain

#endif  // KEEPER_DOMAIN_DECIDE_H_
