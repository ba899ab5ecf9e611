// Staging an append: validation, idempotency, expected versions and the
// hash chain. commit_pipeline.cc decides when staged groups are written.
#include "eventstore/internal/stager.h"

#include <algorithm>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "eventstore/hash_chain.h"
#include "eventstore/internal/event_store_impl.h"
#include "eventstore/keys.h"
#include "eventstore/uuid.h"
#include "google/protobuf/util/message_differencer.h"

namespace keeper::eventstore {
namespace {

constexpr size_t kMaxEventsPerAppend = 10000;
constexpr size_t kMaxAppendBytes = 32 << 20;
constexpr size_t kMaxNameBytes = 256;  // event types and metadata ids

bool HasControlBytes(std::string_view text) {
  return std::any_of(text.begin(), text.end(), [](char c) {
    return static_cast<unsigned char>(c) < 0x20;
  });
}

}  // namespace

absl::Status ValidateAppend(std::vector<StreamWrite>& writes) {
  if (writes.empty()) {
    return absl::InvalidArgumentError("an append needs at least one stream");
  }
  absl::flat_hash_set<std::string> streams;
  absl::flat_hash_set<std::string> ids;
  size_t count = 0;
  size_t bytes = 0;
  for (StreamWrite& write : writes) {
    const std::string& stream = write.stream_id;
    if (stream.empty() || stream.size() > kMaxStreamIdBytes ||
        HasControlBytes(stream)) {
      return absl::InvalidArgumentError(
          absl::StrCat("stream_id must be 1 to ", kMaxStreamIdBytes,
                       " bytes without control characters: '", stream, "'"));
    }
    if (!streams.insert(stream).second) {
      return absl::InvalidArgumentError(
          absl::StrCat("stream_id '", stream, "' appears twice in one append"));
    }
    if (write.events.empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("stream '", stream, "' has no events to append"));
    }
    for (EventEnvelope& event : write.events) {
      if (!IsUuid(event.event_id())) {
        return absl::InvalidArgumentError(
            absl::StrCat("event_id must be a UUID (8-4-4-4-12 hex digits): '",
                         event.event_id(), "'"));
      }
      event.set_event_id(CanonicalUuid(event.event_id()));
      if (!ids.insert(event.event_id()).second) {
        return absl::InvalidArgumentError(absl::StrCat(
            "event_id ", event.event_id(), " appears twice in one append"));
      }
      if (event.event_type().empty() ||
          event.event_type().size() > kMaxNameBytes ||
          HasControlBytes(event.event_type())) {
        return absl::InvalidArgumentError(absl::StrCat(
            "event_type of event ", event.event_id(), " must be 1 to ",
            kMaxNameBytes, " bytes without control characters"));
      }
      for (const std::string* field :
           {&event.correlation_id(), &event.causation_id()}) {
        if (field->size() > kMaxNameBytes) {
          return absl::InvalidArgumentError(absl::StrCat(
              "correlation_id and causation_id of event ", event.event_id(),
              " must be at most ", kMaxNameBytes, " bytes"));
        }
      }
      ++count;
      bytes += event.ByteSizeLong();
    }
  }
  if (count > kMaxEventsPerAppend || bytes > kMaxAppendBytes) {
    return absl::InvalidArgumentError(
        absl::StrCat("an append holds at most ", kMaxEventsPerAppend,
                     " events and ", kMaxAppendBytes, " bytes"));
  }
  return absl::OkStatus();
}

namespace {

// True when `stored` carries what the client sent in `proposed`.
bool SameClientContent(const EventEnvelope& stored, const std::string& stream,
                       const EventEnvelope& proposed) {
  using google::protobuf::util::MessageDifferencer;
  return stored.stream_id() == stream &&
         stored.event_type() == proposed.event_type() &&
         stored.purpose() == proposed.purpose() &&
         stored.correlation_id() == proposed.correlation_id() &&
         stored.causation_id() == proposed.causation_id() &&
         MessageDifferencer::Equals(stored.payload(), proposed.payload()) &&
         MessageDifferencer::Equals(stored.actor(), proposed.actor());
}

absl::Status CheckExpected(const std::string& stream,
                           const ExpectedVersion& expected, uint64_t current) {
  bool holds = true;
  std::string wanted;
  switch (expected.kind) {
    case ExpectedVersion::Kind::kAny:
      return absl::OkStatus();
    case ExpectedVersion::Kind::kNoStream:
      holds = current == 0;
      wanted = "no stream";
      break;
    case ExpectedVersion::Kind::kStreamExists:
      holds = current > 0;
      wanted = "an existing stream";
      break;
    case ExpectedVersion::Kind::kExact:
      holds = current == expected.version;
      wanted = absl::StrCat("version ", expected.version);
      break;
  }
  if (holds) return absl::OkStatus();
  absl::Status status =
      absl::AbortedError(absl::StrCat("stream '", stream, "': expected ",
                                      wanted, ", current version ", current));
  v1::VersionConflict conflict;
  conflict.set_stream_id(stream);
  conflict.set_current_version(current);
  status.SetPayload(kVersionConflictTypeUrl,
                    absl::Cord(conflict.SerializeAsString()));
  return status;
}

void SetRecordedTime(absl::Time time, google::protobuf::Timestamp* out) {
  const int64_t nanos = absl::ToUnixNanos(time);
  out->set_seconds(nanos / 1000000000);
  out->set_nanos(static_cast<int32_t>(nanos % 1000000000));
}

}  // namespace

Stager::Stager(const EventStore::Impl& store, StagedState* state,
               rocksdb::WriteBatch* batch, StagedGroup* group)
    : store_(store), state_(state), batch_(batch), group_(group) {}

absl::StatusOr<AppendResult> Stager::Stage(
    const std::vector<StreamWrite>& writes) {
  RETURN_IF_ERROR(state_->broken);
  ASSIGN_OR_RETURN(std::optional<AppendResult> retry, FindRetry(writes));
  if (retry.has_value()) return *std::move(retry);

  // Every rule holds before anything is staged.
  std::vector<uint64_t> versions;
  for (const StreamWrite& write : writes) {
    ASSIGN_OR_RETURN(uint64_t current, CurrentVersion(write.stream_id));
    RETURN_IF_ERROR(CheckExpected(write.stream_id, write.expected, current));
    versions.push_back(current);
  }

  state_->time = std::max(absl::Now(), state_->time);
  AppendResult result;
  for (size_t i = 0; i < writes.size(); ++i) {
    const StreamWrite& write = writes[i];
    uint64_t version = versions[i];
    for (const EventEnvelope& proposed : write.events) {
      EventEnvelope event = proposed;
      event.set_position(state_->head.position + 1);
      event.set_stream_id(write.stream_id);
      event.set_stream_version(++version);
      SetRecordedTime(state_->time, event.mutable_recorded_time());
      event.set_prev_hash(state_->head.hash);
      event.clear_hash();
      event.set_hash(ComputeEventHash(event));
      result.events.push_back(event);
      Put(std::move(event));
    }
    state_->stream_versions[write.stream_id] = version;
    group_->stream_versions.emplace_back(write.stream_id, version);
  }
  return result;
}

void Stager::Put(EventEnvelope event) {
  const std::string position_key = EncodeU64(event.position());
  batch_->Put(store_.events_cf(), position_key, event.SerializeAsString());
  batch_->Put(store_.streams_cf(),
              StreamKey(event.stream_id(), event.stream_version()),
              position_key);
  batch_->Put(store_.event_ids_cf(), event.event_id(), position_key);
  state_->frontier.Append(
      event.hash(), [&](MerkleNodeId id, const std::string& hash) {
        batch_->Put(store_.merkle_cf(), MerkleNodeKey(id), hash);
      });
  state_->head = {event.position(), event.hash()};
  group_->event_ids.push_back(event.event_id());
  state_->in_flight_events[event.event_id()] = std::move(event);
}

absl::Status Stager::StageImported(const std::vector<EventEnvelope>& events) {
  RETURN_IF_ERROR(state_->broken);
  // Every event is checked against the log and the ones before it in this
  // call before anything is staged.
  Head head = state_->head;
  absl::Time time = state_->time;
  absl::flat_hash_map<std::string, uint64_t> versions;
  absl::flat_hash_set<std::string> ids;
  for (const EventEnvelope& event : events) {
    const uint64_t position = event.position();
    auto where = [&](const std::string& problem) {
      return absl::StrCat("position ", position, ": ", problem);
    };
    if (position != head.position + 1) {
      return absl::FailedPreconditionError(where(
          absl::StrCat("the store's next position is ", head.position + 1)));
    }
    if (event.prev_hash() != head.hash) {
      return absl::DataLossError(
          where("prev_hash is not the hash of the event before it"));
    }
    EventEnvelope unhashed = event;
    unhashed.clear_hash();
    if (ComputeEventHash(unhashed) != event.hash()) {
      return absl::DataLossError(
          where("the event's content does not hash to its recorded hash"));
    }
    if (!IsUuid(event.event_id()) ||
        CanonicalUuid(event.event_id()) != event.event_id()) {
      return absl::DataLossError(where("event_id is not a lower-case UUID"));
    }
    ASSIGN_OR_RETURN(std::optional<EventEnvelope> committed,
                     Committed(event.event_id()));
    if (committed.has_value() || !ids.insert(event.event_id()).second) {
      return absl::FailedPreconditionError(where(absl::StrCat(
          "event_id ", event.event_id(), " is already in the store")));
    }
    uint64_t current = 0;
    if (auto it = versions.find(event.stream_id()); it != versions.end()) {
      current = it->second;
    } else {
      ASSIGN_OR_RETURN(current, CurrentVersion(event.stream_id()));
    }
    if (event.stream_version() != current + 1) {
      return absl::FailedPreconditionError(where(absl::StrCat(
          "stream '", event.stream_id(), "' is at version ", current,
          ", the event has version ", event.stream_version())));
    }
    const absl::Time recorded =
        absl::FromUnixSeconds(event.recorded_time().seconds()) +
        absl::Nanoseconds(event.recorded_time().nanos());
    if (recorded < time) {
      return absl::DataLossError(
          where("recorded_time is before the event before it"));
    }
    versions[event.stream_id()] = event.stream_version();
    head = {position, event.hash()};
    time = recorded;
  }
  for (const EventEnvelope& event : events) Put(event);
  state_->time = time;
  for (const auto& [stream, version] : versions) {
    state_->stream_versions[stream] = version;
    group_->stream_versions.emplace_back(stream, version);
  }
  return absl::OkStatus();
}

absl::StatusOr<std::optional<AppendResult>> Stager::FindRetry(
    const std::vector<StreamWrite>& writes) {
  AppendResult original;
  original.deduplicated = true;
  size_t total = 0;
  for (const StreamWrite& write : writes) {
    for (const EventEnvelope& proposed : write.events) {
      ++total;
      ASSIGN_OR_RETURN(std::optional<EventEnvelope> stored,
                       Committed(proposed.event_id()));
      if (!stored.has_value()) continue;
      if (!SameClientContent(*stored, write.stream_id, proposed)) {
        return absl::AlreadyExistsError(absl::StrCat(
            "event_id ", proposed.event_id(), " was already used at position ",
            stored->position(), " for other content"));
      }
      original.events.push_back(*std::move(stored));
    }
  }
  if (original.events.empty()) return std::nullopt;
  if (original.events.size() != total) {
    return absl::AlreadyExistsError(
        absl::StrCat("event_id ", original.events.front().event_id(),
                     " was already committed in a different append"));
  }
  return original;
}

absl::StatusOr<std::optional<EventEnvelope>> Stager::Committed(
    const std::string& event_id) {
  if (auto it = state_->in_flight_events.find(event_id);
      it != state_->in_flight_events.end()) {
    return it->second;
  }
  absl::StatusOr<EventEnvelope> stored = store_.ReadEvent(event_id);
  if (absl::IsNotFound(stored.status())) return std::nullopt;
  RETURN_IF_ERROR(stored.status());
  return *std::move(stored);
}

absl::StatusOr<uint64_t> Stager::CurrentVersion(const std::string& stream) {
  if (auto it = state_->stream_versions.find(stream);
      it != state_->stream_versions.end()) {
    return it->second;
  }
  return store_.StreamVersion(stream);
}

}  // namespace keeper::eventstore
