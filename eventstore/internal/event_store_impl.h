// Internals of EventStore shared by its source files. Not a public header.
#ifndef KEEPER_EVENTSTORE_INTERNAL_EVENT_STORE_IMPL_H_
#define KEEPER_EVENTSTORE_INTERNAL_EVENT_STORE_IMPL_H_

#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "common/rocks_status.h"
#include "eventstore/event_store.h"
#include "eventstore/merkle_node_cache.h"
#include "eventstore/merkle_tree.h"
#include "eventstore/stored_event.h"
#include "rocksdb/cache.h"
#include "rocksdb/db.h"

namespace keeper::eventstore {

// The status payload key of a v1.VersionConflict.
inline constexpr char kVersionConflictTypeUrl[] =
    "type.googleapis.com/keeper.v1.VersionConflict";

class CommitPipeline;

// One caller's append, queued for the commit pipeline.
struct PendingAppend {
  std::vector<StreamWrite> writes;
  // EventStore::Import: recorded envelopes, staged as they are.
  std::vector<EventEnvelope> imported;
  bool import = false;
  absl::StatusOr<AppendResult> result;
  absl::Notification done;
};

class EventStore::Impl {
 public:
  explicit Impl(const Options& options);
  ~Impl();

  absl::Status Open();

  absl::StatusOr<AppendResult> Append(std::vector<StreamWrite> writes);

  // Reading (reads.cc).
  Head GetHead() const;
  absl::StatusOr<uint64_t> StreamVersion(const std::string& stream_id) const;
  absl::StatusOr<std::vector<EventEnvelope>> ReadStream(
      const ReadStreamOptions& options) const;
  absl::Status Scan(uint64_t from, uint64_t to,
                    const EventVisitor& visitor) const;
  absl::Status ScanStored(uint64_t from, uint64_t to,
                          const StoredEventVisitor& visitor) const;
  absl::StatusOr<std::vector<EventEnvelope>> ReadTimeRange(
      absl::Time begin, absl::Time end, size_t max_count) const;
  absl::StatusOr<EventEnvelope> ReadEvent(const std::string& event_id) const;
  absl::StatusOr<EventEnvelope> ReadPosition(uint64_t position) const;
  absl::Status Refresh();

  // Waiting and subscribing (subscription.cc).
  uint64_t WaitForHead(uint64_t after, absl::Duration timeout) const;
  absl::StatusOr<std::unique_ptr<Subscription>> Subscribe(
      uint64_t from_position, EventVisitor handler);
  // Blocks until the head passes `after` or `*cancelled` or closing.
  // Returns the head position.
  uint64_t AwaitHeadOrCancel(uint64_t after,
                             const std::atomic<bool>* cancelled) const;
  void CancelWaiter(std::atomic<bool>* cancelled) const;

  // The Merkle tree and checkpoints (merkle_reads.cc).
  MerkleNodeReader NodeReader() const;
  // Holds in memory the Merkle nodes of a batch just made durable: proofs
  // are asked most of recent events, whose nodes then need no lookup.
  void HoldMerkleNodes(const rocksdb::WriteBatch& batch) const;
  absl::StatusOr<std::string> MerkleRoot(uint64_t tree_size) const;
  absl::StatusOr<std::vector<std::string>> InclusionProof(
      uint64_t position, uint64_t tree_size) const;
  absl::StatusOr<std::vector<std::string>> ConsistencyProof(
      uint64_t first_size, uint64_t second_size) const;
  absl::Status PutCheckpoint(const StoredCheckpoint& checkpoint);
  absl::StatusOr<std::optional<StoredCheckpoint>> LatestCheckpoint() const;
  absl::StatusOr<StoredCheckpoint> CheckpointAt(uint64_t tree_size) const;
  absl::Status ScanCheckpoints(
      const std::function<absl::Status(const StoredCheckpoint&)>& visitor)
      const;

  // Backups (backup.cc).
  absl::StatusOr<BackupResult> CreateBackup(const std::string& backup_dir);
  MemoryStats GetMemoryStats() const;

  const Options& options() const { return options_; }
  rocksdb::ColumnFamilyHandle* events_cf() const { return events_; }
  rocksdb::ColumnFamilyHandle* streams_cf() const { return streams_; }
  rocksdb::ColumnFamilyHandle* event_ids_cf() const { return event_ids_; }
  rocksdb::ColumnFamilyHandle* merkle_cf() const { return merkle_; }

  CommitPipeline* pipeline() const { return pipeline_.get(); }

  // Publishes a new head after a successful group write.
  void AdvanceHead(const Head& head);

 private:
  absl::Status OpenDb();
  absl::Status LoadHead();
  bool IsEmpty(rocksdb::ColumnFamilyHandle* family) const;
  // Adds the tree nodes of events that have none: a store written before
  // the tree existed, once.
  absl::Status CompleteMerkleTree();
  absl::Status CheckTreeSize(uint64_t tree_size) const;
  // Reads the tree's top levels into the node cache, from the root down,
  // while a level fits within a small share of it.
  absl::Status WarmMerkleCache();

  const Options options_;
  std::string secondary_dir_;  // removed on close
  std::shared_ptr<rocksdb::Cache> block_cache_;
  mutable MerkleNodeCache merkle_cache_;  // filled by const reads
  std::unique_ptr<rocksdb::DB> db_;
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;
  rocksdb::ColumnFamilyHandle* events_ = nullptr;
  rocksdb::ColumnFamilyHandle* streams_ = nullptr;
  rocksdb::ColumnFamilyHandle* event_ids_ = nullptr;
  rocksdb::ColumnFamilyHandle* meta_ = nullptr;
  rocksdb::ColumnFamilyHandle* merkle_ = nullptr;
  rocksdb::ColumnFamilyHandle* checkpoints_ = nullptr;
  absl::Mutex checkpoint_mu_;  // serializes PutCheckpoint's check and write

  // The committed head; waiters block on it.
  mutable absl::Mutex head_mu_;
  Head head_ ABSL_GUARDED_BY(head_mu_);
  bool closing_ ABSL_GUARDED_BY(head_mu_) = false;

  absl::Time head_time_ = absl::InfinitePast();  // recorded time at open
  std::unique_ptr<CommitPipeline> pipeline_;     // primary only
};

}  // namespace keeper::eventstore

#endif  // KEEPER_EVENTSTORE_INTERNAL_EVENT_STORE_IMPL_H_
