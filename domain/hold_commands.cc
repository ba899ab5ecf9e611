#include "domain/hold_commands.h"

#include <optional>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "domain/agency_and_role_names.h"
#include "domain/event_codec.h"
#include "domain/event_ids.h"
#include "domain/ids.h"
#include "domain/policy/rule_violation.h"
#include "eventstore/uuid.h"

namespace keeper::domain {
namespace {

using v1::EventEnvelope;

constexpr char kRuleIdempotencyKey[] = "command.idempotency_key";

v1::CommandResult ResultOf(const EventEnvelope& event, bool deduplicated) {
  v1::CommandResult result;
  result.set_deduplicated(deduplicated);
  auto* recorded = result.add_events();
  recorded->set_event_id(event.event_id());
  recorded->set_event_type(event.event_type());
  recorded->set_stream_id(event.stream_id());
  recorded->set_stream_version(event.stream_version());
  recorded->set_position(event.position());
  return result;
}

absl::StatusOr<std::string> CanonicalKey(const std::string& key) {
  if (!eventstore::IsUuid(key)) {
    return Invalid("idempotency_key", "must be a UUID (8-4-4-4-12 hex)");
  }
  return eventstore::CanonicalUuid(key);
}

}  // namespace

HoldCommands::HoldCommands(eventstore::EventStore* store,
                           const PolicyRegistry* policies,
                           const CaseCommands* cases, Options options)
    : store_(store), policies_(policies), cases_(cases), options_(options) {}

absl::StatusOr<HoldsState> HoldCommands::LoadHolds(
    const std::string& authority) const {
  HoldsState state;
  eventstore::ReadStreamOptions options;
  options.stream_id = HoldsStreamId(authority);
  options.from_version = 1;
  while (true) {
    ASSIGN_OR_RETURN(std::vector<EventEnvelope> page,
                     store_->ReadStream(options));
    for (const EventEnvelope& envelope : page) {
      ASSIGN_OR_RETURN(v1::DomainEvent event, UnpackEvent(envelope));
      EvolveHolds(state, event);
    }
    if (page.size() < options.max_count) return state;
    options.from_version = page.back().stream_version() + 1;
  }
}

absl::StatusOr<v1::CommandResult> HoldCommands::Place(
    const v1::PlaceLegalHold& command, const CallContext& call) {
  ASSIGN_OR_RETURN(std::string key, CanonicalKey(command.idempotency_key()));
  v1::PlaceLegalHold canonical = command;
  canonical.set_idempotency_key(key);
  const std::string case_id =
      command.scope().scope_case() == v1::LegalHoldScope::kCaseId
          ? command.scope().case_id()
          : "";
  return Run(canonical, command.local_authority(), key, case_id, call,
             [&](const HoldsState& state, const HoldContext& context) {
               return DecidePlaceHold(state, canonical, context);
             });
}

absl::StatusOr<v1::CommandResult> HoldCommands::Lift(
    const v1::LiftLegalHold& command, const CallContext& call) {
  ASSIGN_OR_RETURN(std::string key, CanonicalKey(command.idempotency_key()));
  v1::LiftLegalHold canonical = command;
  canonical.set_idempotency_key(key);
  return Run(canonical, command.local_authority(), key, "", call,
             [&](const HoldsState& state, const HoldContext& context) {
               return DecideLiftHold(state, canonical, context);
             });
}

absl::StatusOr<v1::CommandResult> HoldCommands::Run(
    const google::protobuf::Message& command, const std::string& authority,
    const std::string& key, const std::string& scoped_case_id,
    const CallContext& call, const Decision& decide) {
  if (!options_.writes_refused.ok()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "writes are refused: ", options_.writes_refused.message()));
  }
  RETURN_IF_ERROR(CheckAuthority(authority, "local_authority"));
  if (!scoped_case_id.empty()) {
    RETURN_IF_ERROR(CheckId(scoped_case_id, "scope.case_id"));
  }
  const std::string digest = MessageDigest(command);
  ASSIGN_OR_RETURN(const Policy* policy,
                   policies_->ForAuthority(authority, call.now));
  HoldContext context;
  context.by.set_subject(call.actor.subject());
  context.by.set_name(call.actor.subject());
  context.by.set_agency(AgencyFromName(call.actor.agency()));
  context.by.set_job_title(call.actor.role());
  context.today = policy->Today(call.now);
  absl::Status last = absl::OkStatus();
  for (int attempt = 0; attempt < options_.max_attempts; ++attempt) {
    absl::StatusOr<EventEnvelope> committed = store_->ReadEvent(key);
    if (committed.ok()) {
      if (committed->causation_id() != digest ||
          committed->actor().subject() != call.actor.subject()) {
        return Duplicate(kRuleIdempotencyKey, "idempotency_key",
                         absl::StrCat("idempotency key ", key,
                                      " was already used for another command"));
      }
      return ResultOf(*committed, /*deduplicated=*/true);
    }
    if (!absl::IsNotFound(committed.status())) return committed.status();

    ASSIGN_OR_RETURN(HoldsState state, LoadHolds(authority));
    std::optional<CaseState> scoped;
    if (!scoped_case_id.empty()) {
      ASSIGN_OR_RETURN(scoped, cases_->LoadCase(scoped_case_id));
      context.scoped_case = &*scoped;
    }
    ASSIGN_OR_RETURN(v1::DomainEvent event, decide(state, context));
    eventstore::StreamWrite write;
    write.stream_id = HoldsStreamId(authority);
    write.expected = state.version == 0
                         ? eventstore::ExpectedVersion::NoStream()
                         : eventstore::ExpectedVersion::Exact(state.version);
    EventEnvelope envelope;
    RETURN_IF_ERROR(PackEvent(event, &envelope));
    envelope.set_event_id(key);
    *envelope.mutable_actor() = call.actor;
    envelope.set_purpose(call.purpose);
    envelope.set_correlation_id(call.correlation_id);
    envelope.set_causation_id(digest);
    write.events.push_back(std::move(envelope));
    std::vector<eventstore::StreamWrite> writes;
    writes.push_back(std::move(write));
    absl::StatusOr<eventstore::AppendResult> appended =
        store_->Append(std::move(writes));
    if (appended.ok()) {
      return ResultOf(appended->events.front(), appended->deduplicated);
    }
    last = appended.status();
    // Another hold of the authority came first: decide again. A concurrent
    // retry of this command is found by the next round.
    if (!absl::IsAborted(last) && !absl::IsAlreadyExists(last)) return last;
  }
  return absl::AbortedError(
      absl::StrCat("the holds of ", authority, " kept changing; gave up after ",
                   options_.max_attempts, " attempts: ", last.message()));
}

}  // namespace keeper::domain
