#include "domain/case_commands.h"

#include <algorithm>
#include <iterator>
#include <map>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include "absl/strings/cord.h"
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "domain/command_meta.h"
#include "domain/decide.h"
#include "domain/event_codec.h"
#include "domain/event_ids.h"
#include "domain/ids.h"
#include "domain/policy/rule_violation.h"
#include "eventstore/uuid.h"

namespace keeper::domain {
namespace {

using eventstore::EventStore;
using eventstore::ExpectedVersion;
using eventstore::StreamWrite;
using v1::EventEnvelope;

constexpr char kRuleIdempotencyKey[] = "command.idempotency_key";
constexpr size_t kPageSize = 1000;

// Visits the events of a stream from `from_version` on, oldest first;
// appends the stored envelopes to `history` when it is given.
absl::Status ForEachInStream(
    const EventStore& store, const std::string& stream_id,
    const std::function<absl::Status(const RecordedEvent&)>& visit,
    std::vector<EventEnvelope>* history = nullptr, uint64_t from_version = 1) {
  eventstore::ReadStreamOptions options;
  options.stream_id = stream_id;
  options.from_version = from_version;
  options.max_count = kPageSize;
  while (true) {
    ASSIGN_OR_RETURN(std::vector<EventEnvelope> page,
                     store.ReadStream(options));
    for (const EventEnvelope& envelope : page) {
      ASSIGN_OR_RETURN(v1::DomainEvent event, UnpackEvent(envelope));
      RETURN_IF_ERROR(visit(RecordedEvent{envelope.event_id(), std::move(event),
                                          envelope.position()}));
    }
    const bool last = page.size() < kPageSize;
    if (!last) options.from_version = page.back().stream_version() + 1;
    if (history != nullptr) {
      std::move(page.begin(), page.end(), std::back_inserter(*history));
    }
    if (last) return absl::OkStatus();
  }
}

ExpectedVersion Expect(uint64_t version) {
  return version == 0 ? ExpectedVersion::NoStream()
                      : ExpectedVersion::Exact(version);
}

// ABORTED in the event store's form, so ConflictFromStatus reads it.
absl::Status VersionConflict(const std::string& stream_id, uint64_t expected,
                             uint64_t current) {
  absl::Status status = absl::AbortedError(
      absl::StrCat("stream '", stream_id, "': expected version ", expected,
                   ", current version ", current));
  v1::VersionConflict conflict;
  conflict.set_stream_id(stream_id);
  conflict.set_current_version(current);
  status.SetPayload(
      absl::StrCat("type.googleapis.com/",
                   v1::VersionConflict::descriptor()->full_name()),
      absl::Cord(conflict.SerializeAsString()));
  return status;
}

v1::CommandResult ToResult(const std::string& case_id,
                           const std::vector<EventEnvelope>& events,
                           bool deduplicated) {
  v1::CommandResult result;
  result.set_case_id(case_id);
  result.set_deduplicated(deduplicated);
  const std::string case_stream = CaseStreamId(case_id);
  for (const EventEnvelope& event : events) {
    auto* recorded = result.add_events();
    recorded->set_event_id(event.event_id());
    recorded->set_event_type(event.event_type());
    recorded->set_stream_id(event.stream_id());
    recorded->set_stream_version(event.stream_version());
    recorded->set_position(event.position());
    if (event.stream_id() == case_stream) {
      result.set_case_version(
          std::max(result.case_version(), event.stream_version()));
    }
  }
  return result;
}

}  // namespace

CaseCommands::CaseCommands(EventStore* store, const PolicyRegistry* policies,
                           Options options)
    : store_(store),
      policies_(policies),
      options_(options),
      cache_(options.cached_cases) {}

absl::StatusOr<CaseState> CaseCommands::LoadCase(
    const std::string& case_id, std::vector<v1::EventEnvelope>* history) const {
  CaseState state;
  RETURN_IF_ERROR(ForEachInStream(
      *store_, CaseStreamId(case_id),
      [&](const RecordedEvent& event) { return Evolve(state, event); },
      history));
  return state;
}

absl::StatusOr<CaseState> CaseCommands::CurrentCase(
    const std::string& case_id) {
  std::shared_ptr<const CaseState> kept = cache_.Find(case_id);
  CaseState state = kept != nullptr ? *kept : CaseState();
  const uint64_t kept_version = state.version;
  // Never the kept state as it is: whatever was appended since is folded
  // in, so the decision sees the stream as a whole read would.
  RETURN_IF_ERROR(ForEachInStream(
      *store_, CaseStreamId(case_id),
      [&](const RecordedEvent& event) { return Evolve(state, event); }, nullptr,
      kept_version + 1));
  if (state.version > kept_version) {
    cache_.Keep(case_id, std::make_shared<const CaseState>(state));
  }
  return state;
}

absl::StatusOr<RegisterEntryState> CaseCommands::LoadRegisterEntry(
    const std::string& authority, const std::string& child_id) const {
  RegisterEntryState state;
  RETURN_IF_ERROR(ForEachInStream(*store_,
                                  RegisterStreamId(authority, child_id),
                                  [&](const RecordedEvent& event) {
                                    return EvolveRegisterEntry(state, event);
                                  }));
  return state;
}

absl::StatusOr<v1::CommandResult> CaseCommands::Execute(
    const v1::Command& command, const CallContext& call) {
  if (!options_.writes_refused.ok()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "writes are refused: ", options_.writes_refused.message()));
  }
  ASSIGN_OR_RETURN(CommandMeta meta, GetCommandMeta(command));
  RETURN_IF_ERROR(CheckId(meta.case_id, "case_id"));
  if (!eventstore::IsUuid(meta.idempotency_key)) {
    return Invalid("idempotency_key", "must be a UUID (8-4-4-4-12 hex)");
  }
  const std::string key = eventstore::CanonicalUuid(meta.idempotency_key);
  // UUIDs are case-insensitive: a retry may spell the key otherwise.
  v1::Command canonical = command;
  SetIdempotencyKey(canonical, key);
  const std::string digest = CommandDigest(canonical);
  absl::Status last = absl::OkStatus();
  for (int attempt = 0; attempt < options_.max_attempts; ++attempt) {
    ASSIGN_OR_RETURN(std::optional<v1::CommandResult> committed,
                     FindCommitted(meta.case_id, key, digest, call.actor));
    if (committed.has_value()) return *std::move(committed);
    absl::StatusOr<v1::CommandResult> result =
        TryOnce(canonical, meta, call, key, digest);
    if (result.ok()) return result;
    last = result.status();
    // The case moved on between read and append: decide again, unless the
    // caller pinned the version it saw.
    const bool raced = absl::IsAborted(last) && !meta.expected_version;
    // A concurrent retry of this very command won: the next round finds it.
    // (The domain's own ALREADY_EXISTS carries a RuleViolation and is final.)
    const bool duplicate_raced = absl::IsAlreadyExists(last) &&
                                 !RuleViolationFromStatus(last).has_value();
    if (!raced && !duplicate_raced) return last;
  }
  return absl::AbortedError(
      absl::StrCat("case ", meta.case_id, " kept changing; gave up after ",
                   options_.max_attempts, " attempts: ", last.message()));
}

absl::StatusOr<v1::CommandResult> CaseCommands::TryOnce(
    const v1::Command& command, const CommandMeta& meta,
    const CallContext& call, const std::string& key,
    const std::string& digest) {
  const std::string case_stream = CaseStreamId(meta.case_id);
  ASSIGN_OR_RETURN(CaseState state, CurrentCase(meta.case_id));
  if (meta.expected_version.has_value() &&
      *meta.expected_version != state.version) {
    return VersionConflict(case_stream, *meta.expected_version, state.version);
  }

  RETURN_IF_ERROR(CheckTarget(state, command));
  const StreamsNeeded needs = Needs(state, command);
  std::optional<RegisterEntryState> entry;
  std::string register_stream;
  if (needs.register_entry) {
    register_stream =
        RegisterStreamId(state.local_authority, state.child.child_id());
    ASSIGN_OR_RETURN(entry, LoadRegisterEntry(state.local_authority,
                                              state.child.child_id()));
  }
  std::optional<CaseState> other;
  if (!needs.other_case_id.empty()) {
    ASSIGN_OR_RETURN(other, CurrentCase(needs.other_case_id));
  }

  const std::string authority = AuthorityOf(state, command);
  RETURN_IF_ERROR(CheckAuthority(authority, "local_authority"));
  ASSIGN_OR_RETURN(const Policy* policy,
                   policies_->ForAuthority(authority, call.now));
  CommandContext context;
  context.actor = call.actor;
  context.now = call.now;
  context.policy = policy;
  context.register_entry = entry.has_value() ? &*entry : nullptr;
  context.other_case = other.has_value() ? &*other : nullptr;
  ASSIGN_OR_RETURN(std::vector<NewEvent> events,
                   DecideOnCheckedTarget(state, command, context));

  // One write per stream, each expecting the version its rules were
  // checked against.
  std::vector<StreamWrite> writes;
  for (NewEvent& event : events) {
    auto it = std::find_if(writes.begin(), writes.end(),
                           [&](const StreamWrite& write) {
                             return write.stream_id == event.stream_id;
                           });
    if (it == writes.end()) {
      StreamWrite write;
      write.stream_id = event.stream_id;
      if (event.stream_id == case_stream) {
        write.expected = Expect(state.version);
      } else if (event.stream_id == register_stream) {
        write.expected = Expect(entry->version);
      } else {
        return absl::InternalError(absl::StrCat(
            "a decision wrote to unread stream ", event.stream_id));
      }
      writes.push_back(std::move(write));
      it = writes.end() - 1;
    }
    EventEnvelope envelope;
    RETURN_IF_ERROR(PackEvent(event.event, &envelope));
    *envelope.mutable_actor() = call.actor;
    envelope.set_purpose(call.purpose);
    envelope.set_correlation_id(call.correlation_id);
    envelope.set_causation_id(digest);
    it->events.push_back(std::move(envelope));
  }
  // Ids follow the order the store returns events in: by stream, then event.
  size_t index = 0;
  for (StreamWrite& write : writes) {
    for (EventEnvelope& envelope : write.events) {
      envelope.set_event_id(DerivedEventId(key, index++));
    }
  }
  ASSIGN_OR_RETURN(eventstore::AppendResult appended,
                   store_->Append(std::move(writes)));
  return ToResult(meta.case_id, appended.events, appended.deduplicated);
}

absl::StatusOr<std::optional<v1::CommandResult>> CaseCommands::FindCommitted(
    const std::string& case_id, const std::string& key,
    const std::string& digest, const v1::Actor& actor) const {
  absl::StatusOr<EventEnvelope> first = store_->ReadEvent(key);
  if (absl::IsNotFound(first.status())) return std::nullopt;
  RETURN_IF_ERROR(first.status());
  if (first->causation_id() != digest ||
      first->actor().subject() != actor.subject()) {
    return Duplicate(kRuleIdempotencyKey, "idempotency_key",
                     absl::StrCat("idempotency key ", key,
                                  " was already used for another command"));
  }
  std::vector<EventEnvelope> events = {*std::move(first)};
  for (size_t index = 1;; ++index) {
    absl::StatusOr<EventEnvelope> next =
        store_->ReadEvent(DerivedEventId(key, index));
    if (absl::IsNotFound(next.status())) break;
    RETURN_IF_ERROR(next.status());
    events.push_back(*std::move(next));
  }
  return ToResult(case_id, events, true);
}

}  // namespace keeper::domain
