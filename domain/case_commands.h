// The application layer of the domain: runs a command against the event
// store. It loads the case's stream (and any other stream the command's
// rules read, see Needs in decide.h), folds it, decides, and appends the
// events with the expected versions of the streams it read, so a rule is
// never checked against a stale state.
//
// Idempotency: the command's idempotency_key is its first event's id; later
// events' ids derive from it (event_ids.h). A command whose key is already
// committed returns the original result (deduplicated) without deciding
// again; a key reused for a different command is ALREADY_EXISTS.
//
// Thread safety: Execute may be called from many threads at once; the
// store serialises appends and a lost race is retried from a fresh read.
// Case states are kept between commands (case_state_cache.h), and each
// command reads and folds only the events appended since.
// Failure: FAILED_PRECONDITION while writes are refused (Options), the
// statuses of Decide (decide.h), plus ABORTED when the
// caller's expected_version does not hold or when the case keeps changing
// under it for max_attempts; store errors pass through. A failed command
// writes nothing.
#ifndef KEEPER_DOMAIN_CASE_COMMANDS_H_
#define KEEPER_DOMAIN_CASE_COMMANDS_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "domain/case_state.h"
#include "domain/case_state_cache.h"
#include "domain/command_meta.h"
#include "domain/policy/policy.h"
#include "eventstore/event_store.h"
#include "keeper/v1/commands.pb.h"

namespace keeper::domain {

// Who calls, why, and when: recorded on every event the command writes.
struct CallContext {
  v1::Actor actor;
  std::string purpose;
  std::string correlation_id;
  absl::Time now;  // injected; the domain never reads a clock
};

class CaseCommands {
 public:
  struct Options {
    int max_attempts = 8;  // reads and decisions per command under races
    // Not OK: every command is refused with FAILED_PRECONDITION carrying
    // this message, e.g. when the log contradicts its signed checkpoints
    // and appending would build on a history that cannot be trusted.
    absl::Status writes_refused;
    // Case states kept between commands; 0 reads every stream whole.
    size_t cached_cases = 1024;
  };

  // Neither `store` nor `policies` is owned; both must outlive this.
  CaseCommands(eventstore::EventStore* store, const PolicyRegistry* policies,
               Options options);
  CaseCommands(eventstore::EventStore* store, const PolicyRegistry* policies)
      : CaseCommands(store, policies, Options()) {}

  absl::StatusOr<v1::CommandResult> Execute(const v1::Command& command,
                                            const CallContext& call);

  // A case's state folded from its stream; version 0 when there is none.
  // When `history` is given, the stream's stored events are appended to it,
  // so a reader gets state and events from one read of the log.
  absl::StatusOr<CaseState> LoadCase(
      const std::string& case_id,
      std::vector<v1::EventEnvelope>* history = nullptr) const;

  // A child's entry on an authority's register.
  absl::StatusOr<RegisterEntryState> LoadRegisterEntry(
      const std::string& authority, const std::string& child_id) const;

 private:
  // One read, decision and append; `meta` is the command's, as Execute read
  // it.
  absl::StatusOr<v1::CommandResult> TryOnce(const v1::Command& command,
                                            const CommandMeta& meta,
                                            const CallContext& call,
                                            const std::string& key,
                                            const std::string& digest);
  // The case's state now: a kept state brought up to date with the
  // events appended since, or the stream folded whole.
  absl::StatusOr<CaseState> CurrentCase(const std::string& case_id);
  // The result of the command already committed under `key`, if any.
  absl::StatusOr<std::optional<v1::CommandResult>> FindCommitted(
      const std::string& case_id, const std::string& key,
      const std::string& digest, const v1::Actor& actor) const;

  eventstore::EventStore* store_;
  const PolicyRegistry* policies_;
  Options options_;
  CaseStateCache cache_;
};

}  // namespace keeper::domain

#endif  // KEEPER_DOMAIN_CASE_COMMANDS_H_
