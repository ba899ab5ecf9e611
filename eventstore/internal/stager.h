// Staging appends into a commit group's WriteBatch. Internal to the store.
#ifndef KEEPER_EVENTSTORE_INTERNAL_STAGER_H_
#define KEEPER_EVENTSTORE_INTERNAL_STAGER_H_

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "eventstore/internal/event_store_impl.h"
#include "eventstore/merkle_tree.h"
#include "rocksdb/write_batch.h"

namespace keeper::eventstore {

// Checks what can be checked without the log, and puts event ids in their
// canonical form.
absl::Status ValidateAppend(std::vector<StreamWrite>& writes);

// The log as the stager sees it: everything committed plus every group
// staged but not yet durable. Owned by the staging thread.
struct StagedState {
  Head head;
  absl::Time time = absl::InfinitePast();
  // Versions of streams written by staged groups and of recently committed
  // streams (a bounded cache; a miss reads the stream index).
  absl::flat_hash_map<std::string, uint64_t> stream_versions;
  // Events of groups not yet durable, so that a retry of one is recognised.
  absl::flat_hash_map<std::string, EventEnvelope> in_flight_events;
  // The right edge of the Merkle tree at `head`.
  MerkleFrontier frontier;
  // Set when the frontier could not be reloaded after a failed write:
  // nothing can be staged until it is.
  absl::Status broken;
};

// What one staged group added to StagedState, to undo or prune it later.
struct StagedGroup {
  std::vector<std::string> event_ids;
  std::vector<std::pair<std::string, uint64_t>> stream_versions;
};

class Stager {
 public:
  Stager(const EventStore::Impl& store, StagedState* state,
         rocksdb::WriteBatch* batch, StagedGroup* group);

  // Stages one append into the batch and the state, or fails with nothing
  // staged. A retry of committed events returns them and stages nothing.
  absl::StatusOr<AppendResult> Stage(const std::vector<StreamWrite>& writes);

  // Stages recorded envelopes as they are (EventStore::Import), or fails
  // with nothing staged.
  absl::Status StageImported(const std::vector<EventEnvelope>& events);

 private:
  // Puts a complete envelope and its indexes into the batch and the state.
  void Put(EventEnvelope event);

  absl::StatusOr<std::optional<AppendResult>> FindRetry(
      const std::vector<StreamWrite>& writes);
  absl::StatusOr<std::optional<EventEnvelope>> Committed(
      const std::string& event_id);
  absl::StatusOr<uint64_t> CurrentVersion(const std::string& stream);

  const EventStore::Impl& store_;
  StagedState* state_;
  rocksdb::WriteBatch* batch_;
  StagedGroup* group_;
};

}  // namespace keeper::eventstore

#endif  // KEEPER_EVENTSTORE_INTERNAL_STAGER_H_
