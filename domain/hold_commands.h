// Runs the legal hold commands against the event store: loads the
// authority's holds stream (and, for a hold on a case, the case), decides
// (legal_holds.h) and appends with the holds stream's expected version, so
// two holds with one id cannot both be placed.
//
// Idempotency: as for case commands, the idempotency key is the event's
// id; a retry returns the original result (deduplicated), and a key reused
// for another command is ALREADY_EXISTS.
//
// Thread safety: Place and Lift may be called from many threads at once; a
// lost race is decided again from a fresh read.
// Failure: FAILED_PRECONDITION while writes are refused or when no policy
// covers the authority, the statuses of legal_holds.h, ABORTED when the
// stream keeps changing for max_attempts; store errors pass through. A
// failed command writes nothing.
#ifndef KEEPER_DOMAIN_HOLD_COMMANDS_H_
#define KEEPER_DOMAIN_HOLD_COMMANDS_H_

#include <functional>
#include <string>

#include "absl/status/statusor.h"
#include "domain/case_commands.h"
#include "domain/legal_holds.h"
#include "domain/policy/policy.h"
#include "eventstore/event_store.h"
#include "keeper/v1/commands.pb.h"

namespace keeper::domain {

class HoldCommands {
 public:
  struct Options {
    int max_attempts = 8;
    absl::Status writes_refused;  // as CaseCommands::Options
  };

  // None is owned; all must outlive this.
  HoldCommands(eventstore::EventStore* store, const PolicyRegistry* policies,
               const CaseCommands* cases, Options options);

  absl::StatusOr<v1::CommandResult> Place(const v1::PlaceLegalHold& command,
                                          const CallContext& call);
  absl::StatusOr<v1::CommandResult> Lift(const v1::LiftLegalHold& command,
                                         const CallContext& call);

  absl::StatusOr<HoldsState> LoadHolds(const std::string& authority) const;

 private:
  using Decision = std::function<absl::StatusOr<v1::DomainEvent>(
      const HoldsState&, const HoldContext&)>;
  // `command` with its canonical key gives the digest; `scoped_case_id`,
  // when set, is loaded into the context.
  absl::StatusOr<v1::CommandResult> Run(
      const google::protobuf::Message& command, const std::string& authority,
      const std::string& key, const std::string& scoped_case_id,
      const CallContext& call, const Decision& decide);

  eventstore::EventStore* store_;
  const PolicyRegistry* policies_;
  const CaseCommands* cases_;
  Options options_;
};

}  // namespace keeper::domain

#endif  // KEEPER_DOMAIN_HOLD_COMMANDS_H_
